"""Schemathesis over every API operation, as one user of each role: no answer may be a 5xx.

A real `uvicorn` serves the demo municipality from its own database on the shared embedded server. Each
generated case (valid data and schema-breaking data) is sent once per role. Path parameters are often the
id of a real record, so requests reach the code behind the 404 as well.

`make test` runs a few examples per operation (PLACERA_FUZZ_EXAMPLES, default 3, fixed seed); `make fuzz`
runs many, with a random seed, and prints the cases and 5xx per role.
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from core import migrate
from core.database import embedded_server, ensure_embedded_database

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("PLACERA_FUZZ_EXAMPLES", "3"))
SEED = int(os.environ.get("PLACERA_FUZZ_SEED") or (random.randrange(2**31) if EXAMPLES > 3 else 2026))
ROLES = ["placement_secretary", "social_worker", "family_care", "budget_group", "admin"]
PASSWORD = "Ekorrar-klättrar-i-granar-7"

# Where the real ids for each path parameter come from (list endpoints, read as every role).
ID_SOURCES = {
    "home_id": ["/api/foster-homes?page_size=100"],
    "agency_id": ["/api/agencies?page_size=100"],
    "institution_id": ["/api/institutions?page_size=100"],
    "child_id": ["/api/children?page_size=100"],
    "sibling_id": ["/api/children?page_size=100"],
    "school_id": ["/api/schools?page_size=100"],
    "request_id": ["/api/placement-requests?page_size=100"],
    "placement_id": ["/api/placements?page_size=100"],
    "item_id": ["/api/followups?page_size=100"],
    "rule_id": ["/api/followups/rules"],
    "user_id": ["/api/users?page_size=100"],
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cli(env: dict, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "web.cli", *args], input=stdin, env=env, cwd=REPO,
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _ids_in(payload) -> list[str]:
    items = payload.get("items", []) if isinstance(payload, dict) else payload
    return [item["id"] for item in items if isinstance(item, dict) and "id" in item]


class Fuzzer:
    """The server, a token per role, the real ids, and the tally."""

    def __init__(self, base_url: str, tokens: dict[str, str], fuzzer_ids: set[str]):
        self.base_url = base_url
        self.sessions = {}
        for role, token in tokens.items():
            session = requests.Session()
            session.headers["Authorization"] = f"Bearer {token}"
            self.sessions[role] = session
        self.cases = Counter()
        self.statuses = {role: Counter() for role in tokens}
        self.server_errors: list[dict] = []
        self.known = self._known_ids(fuzzer_ids)

    def _known_ids(self, fuzzer_ids: set[str]) -> dict[str, list[str]]:
        known = {}
        for parameter, sources in ID_SOURCES.items():
            ids = set()
            for source in sources:
                for session in self.sessions.values():
                    answer = session.get(self.base_url + source, timeout=60)
                    if answer.status_code == 200:
                        ids.update(_ids_in(answer.json()))
            # The fuzzing accounts themselves stay untouched, so no role loses its token halfway.
            known[parameter] = sorted(ids - fuzzer_ids)
        for session in self.sessions.values():
            for request_id in known["request_id"][:10]:
                answer = session.get(f"{self.base_url}/api/placement-requests/{request_id}/decision-records", timeout=60)
                if answer.status_code == 200:
                    known.setdefault("record_id", []).extend(_ids_in(answer.json()))
            for child_id in known["child_id"][:10]:
                answer = session.get(f"{self.base_url}/api/children/{child_id}/network", timeout=60)
                if answer.status_code == 200:
                    known.setdefault("member_id", []).extend(_ids_in(answer.json()))
        answer = self.sessions["admin"].get(self.base_url + "/api/indicators", timeout=60)
        if answer.status_code == 200:
            known["key"] = [item["key"] for item in answer.json() if isinstance(item, dict) and "key" in item]
        return {parameter: sorted(set(ids)) for parameter, ids in known.items() if ids}

    def strategy(self, operation):
        """Valid and schema-breaking cases; about half of them with real ids in the path."""
        parameters = [p.name for p in operation.path_parameters]
        modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
        generated = [operation.as_strategy(mode) for mode in modes]
        real = [name for name in parameters if name in self.known]
        if not real:
            return st.one_of(generated)

        def with_real_ids(choice):
            mode, ids = choice
            return operation.as_strategy(mode, path_parameters=ids)

        real_ids = st.fixed_dictionaries({name: st.sampled_from(self.known[name]) for name in real})
        return st.one_of(*generated, st.tuples(st.sampled_from(modes), real_ids).flatmap(with_real_ids))

    def send(self, operation, case) -> None:
        self.cases[operation.label] += 1
        for role, session in self.sessions.items():
            try:
                response = case.call(base_url=self.base_url, session=session, timeout=60)
                status = response.status_code
                text = response.content[:300].decode("utf-8", "replace")  # XLSX exports answer in binary
            except (requests.ConnectionError, requests.Timeout) as error:
                status, text = 599, f"no answer: {error}"
            self.statuses[role][status] += 1
            if status >= 500:
                self.server_errors.append({
                    "role": role, "operation": operation.label, "status": status, "answer": text,
                    "path": case.formatted_path, "query": case.query, "body": case.body if case.body is not None else None,
                })

    def run(self, operation, examples: int) -> None:
        @seed(SEED)
        @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(case=self.strategy(operation))
        def fuzz(case):
            self.send(operation, case)

        fuzz()

    def report(self) -> str:
        total = sum(self.cases.values())
        lines = [f"fuzz: seed {SEED}, {EXAMPLES} examples per operation (valid and invalid), "
                 f"{len(self.cases)} operations, {total} cases per role"]
        for role, statuses in self.statuses.items():
            server = sum(count for status, count in statuses.items() if status >= 500)
            common = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
            lines.append(f"  {role:<20} {sum(statuses.values()):>6} cases, {server} 5xx ({common})")
        return "\n".join(lines)


@pytest.fixture(scope="module")
def fuzzer(tmp_path_factory):
    os.environ.setdefault("PLACERA_DATA_DIR", str(REPO / ".placera-data" / "test"))
    name = f"placera_fuzz_{os.getpid()}"
    url = ensure_embedded_database(name)
    migrate.upgrade(url)
    env = {**os.environ, "DATABASE_URL": url, "PLACERA_DATA_DIR": str(tmp_path_factory.mktemp("fuzzdata"))}
    _cli(env, "seed", "--demo")
    tokens, emails = {}, {}
    for role in ROLES:
        email = f"fuzz.{role}@kommun.example.se"
        _cli(env, "users", "add", f"Fuzz {role}", "--email", email, "--role", role, stdin=PASSWORD + "\n")
        tokens[role] = _cli(env, "tokens", "create", "fuzz", "--user", email).strip()
        emails[email] = role
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "web.app:create_app", "--factory", "--port", str(port),
         "--log-level", "warning"],
        env=env, cwd=REPO,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base_url + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        users = requests.get(base_url + "/api/users?page_size=100", headers={"Authorization": f"Bearer {tokens['admin']}"},
                             timeout=60).json()
        fuzzer_ids = {user["id"] for user in users if user["email"] in emails}
        yield Fuzzer(base_url, tokens, fuzzer_ids)
    finally:
        server.terminate()
        server.wait(timeout=30)
        embedded_server().psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE);')


def test_no_operation_answers_any_role_with_a_server_error(fuzzer):
    from web.app import create_app
    from web.openapi import openapi_with_problems

    schema = schemathesis.openapi.from_dict(openapi_with_problems(create_app()))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 50
    for operation in operations:
        fuzzer.run(operation, EXAMPLES)
    report = fuzzer.report()
    print("\n" + report)
    shown = "\n".join(json.dumps(error, ensure_ascii=False, default=str) for error in fuzzer.server_errors[:20])
    assert not fuzzer.server_errors, f"{len(fuzzer.server_errors)} answers were 5xx:\n{shown}\n{report}"
    # Every role was heard, so a revoked token or a dead server cannot pass as "no 5xx".
    for role, statuses in fuzzer.statuses.items():
        assert sum(count for status, count in statuses.items() if status < 400) > 0, f"{role}: {statuses}"
