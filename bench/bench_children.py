"""Benchmark of children at national scale: load 50 000 children (and 5 000 schools), then time the
children's list, filters, detail, network graph and school continuity.

Run from the repository root: ``.venv/bin/python bench/bench_children.py`` (``make bench`` runs every
bench/bench_*.py). It always uses its own database, ``placera_bench_children``, on the embedded
PostgreSQL in .placera-data/bench, dropped and recreated each run (never DATABASE_URL: a benchmark must
not drop a real database). The last line is ``RESULT key=value …`` with measured figures.

Every query runs as a realistic signed-in user: a real row in ``users`` created through
``accounts.service.create_user`` with the roles social_worker and placement_secretary, responsible for a
caseload of about 40 children like every other social worker (1 250 workers share the 50 000 children),
so what is timed is what a request pays: the permission check, the protected-location visibility
subquery, and the audit-log row each read writes and commits.
"""

from __future__ import annotations

import random
import time
import uuid

# _setup first: it points the settings at the bench server before core is imported.
from _setup import (Case, audit_rows, create_bench_user, explain_analyze, is_select, measure, print_timings,
                    run_on_fresh_database, statements_sent, vacuum_analyze)
from sqlalchemy import func, insert, select

from accounts.models import User
from core import clock
from core.database import get_engine, unit_of_work
from core.permissions import Actor, Role
from core.schemas import BbicDomain
from children import service as children_service
from demo.children import seed_scale_children
from children.models import Child, NetworkMember
from children.schemas import ChildFilter, NeedLevel
from schooling import service as schooling
from demo.schools import seed_scale_schools
from schooling.models import Enrolment

CHILDREN = 50_000
SCHOOLS = 5_000
WORKERS = 1_250  # about 40 children each
REPETITIONS = 30
WARM_UP = 3
SLOW_MS = 50.0
DATABASE = "placera_bench_children"


async def bench_actor() -> tuple[Actor, list[uuid.UUID]]:
    """The benchmark user (a real account) and the other social workers who share the children."""
    roles = frozenset({Role.SOCIAL_WORKER, Role.PLACEMENT_SECRETARY})
    async with unit_of_work() as session:
        user, actor = await create_bench_user(
            session, roles, name="Bodil Bänkman", email="bodil.bankman@bench.placera.example",
            unit="Barn och unga", password="Bänkprov-med-50000-barn")
        # Colleagues as plain rows (no password hashing needed: they never sign in here).
        rng = random.Random(5)
        others = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(WORKERS - 1)]
        await session.execute(insert(User.__table__), [
            {"id": other, "name": f"Handläggare {n:04d}", "email": f"handlaggare{n:04d}@bench.placera.example",
             "unit": "Barn och unga", "roles": [Role.SOCIAL_WORKER.value], "password_hash": "!", "active": True,
             "version": 1}
            for n, other in enumerate(others, 1)
        ])
        await session.commit()
    print(f"Benchmark user {user.email} ({', '.join(sorted(roles))}) and {len(others)} other social workers")
    return actor, [user.id, *others]


async def pick_children(actor: Actor) -> dict[str, list]:
    """Children to read: any (detail), with 8 network members (graph), with a current school (continuity)."""
    rng = random.Random(1)
    today = clock.today()
    async with unit_of_work() as session:
        ids = list(await session.scalars(select(Child.id).order_by(Child.id)))
        eight = list(await session.scalars(
            select(NetworkMember.child_id).group_by(NetworkMember.child_id).having(func.count() == 8)
            .order_by(NetworkMember.child_id)
        ))
        schooled = list(await session.execute(
            select(Enrolment.child_id, Child.latitude, Child.longitude).join(Child, Child.id == Enrolment.child_id)
            .where(Enrolment.ended_on.is_(None), Enrolment.started_on <= today).order_by(Enrolment.child_id)
        ))
        mine = await session.scalar(select(func.count()).where(Child.responsible_worker_id == actor.user_id))
    print(f"{len(eight)} children have 8 network members; {len(schooled)} have a current school; "
          f"the benchmark user is responsible for {mine} children")
    n = REPETITIONS + WARM_UP
    return {"any": rng.sample(ids, n), "eight": rng.sample(eight, n), "schooled": rng.sample(schooled, n)}


def make_cases(actor: Actor, picked: dict[str, list]) -> list[Case]:
    domains = list(BbicDomain)

    async def list_with(filters: ChildFilter) -> int:
        async with unit_of_work() as session:
            return (await children_service.list_children(session, actor, filters)).total

    async def first_page(i: int) -> int:
        return await list_with(ChildFilter())

    async def need_filter(i: int) -> int:
        return await list_with(ChildFilter(need_domain=domains[i % len(domains)], min_need_level=NeedLevel.SUBSTANTIAL))

    async def my_children(i: int) -> int:
        return await list_with(ChildFilter(worker_id=actor.user_id))

    async def detail(i: int) -> int:
        async with unit_of_work() as session:
            await children_service.get_child(session, actor, picked["any"][i])
        return 1

    async def network_graph(i: int) -> int:
        async with unit_of_work() as session:
            network = await children_service.child_network(session, actor, picked["eight"][i])
        return network.graph.number_of_nodes()

    async def continuity(i: int) -> int:
        child_id, latitude, longitude = picked["schooled"][i]
        # A candidate home some kilometres away from where the child lives now.
        async with unit_of_work() as session:
            await schooling.school_continuity(session, actor, child_id, latitude + 0.05 * (i % 4), longitude + 0.04)
        return 1

    return [
        Case("list", "first page, default sort (name)", first_page),
        Case("need", "need domain ≥ substantial", need_filter),
        Case("mine", "my children (worker_id)", my_children),
        Case("detail", "get_child (detail)", detail),
        Case("network", "child_network (graph, 8 members)", network_graph),
        Case("continuity", "school_continuity", continuity),
    ]


async def explain(case: Case, min_ms: float = 5.0) -> list[str]:
    """EXPLAIN ANALYZE the SELECT statements the service really sends for one repetition of ``case``; the
    plans of those that take at least ``min_ms`` (the cheap ones are listed with their time only)."""
    captured = await statements_sent(lambda: case.run(0),
                                     lambda statement: is_select(statement) and "audit" not in statement)
    lines: list[str] = []
    async with get_engine().connect() as connection:
        for statement, parameters in captured:
            started = time.perf_counter()
            plan = await explain_analyze(connection, statement, parameters)
            elapsed = (time.perf_counter() - started) * 1000
            lines.append(f"-- ({elapsed:.1f} ms) " + " ".join(statement.split())[:160] + " …")
            if elapsed >= min_ms:
                lines += [line if len(line) <= 200 else line[:200] + " …" for line in plan]
    return lines


async def main() -> None:
    actor, workers = await bench_actor()
    started = time.perf_counter()
    async with unit_of_work() as session:
        print(await seed_scale_schools(session, SCHOOLS, seed=2026))
    schools_s = time.perf_counter() - started
    started = time.perf_counter()
    async with unit_of_work() as session:
        print(await seed_scale_children(session, CHILDREN, seed=2026, worker_ids=workers))
    seed_s = time.perf_counter() - started
    print(f"Seed: {SCHOOLS} schools {schools_s:.1f} s, {CHILDREN} children {seed_s:.1f} s")

    print(f"VACUUM ANALYZE: {await vacuum_analyze():.1f} s (not part of the seed time)")

    cases = make_cases(actor, await pick_children(actor))
    audit_before = await audit_rows()
    for case in cases:
        # Warm up on other children than the timed runs read (pick_children picked enough for both).
        await measure(case, REPETITIONS, WARM_UP, warm_up_from=REPETITIONS)
    audit_written = await audit_rows() - audit_before

    print()
    print_timings(cases)
    print(f"({REPETITIONS} repetitions each after {WARM_UP} warm-up runs; {CHILDREN} children, {SCHOOLS} schools)")
    print(f"Audit rows written by the timed runs: {audit_written} "
          f"(expected {len(cases) * (REPETITIONS + WARM_UP)}: one per read)")

    for case in cases:
        if case.percentile(50) > SLOW_MS:
            print(f"\nSLOW (p50 {case.percentile(50):.0f} ms > {SLOW_MS:.0f} ms): {case.title}")
            print("\n".join(await explain(case)))

    await get_engine().dispose()
    by_key = {case.key: case for case in cases}
    print(
        f"RESULT children_seed_50000_s={seed_s:.1f} "
        f"child_list_p50_ms={by_key['list'].percentile(50):.1f} "
        f"need_filter_p50_ms={by_key['need'].percentile(50):.1f} "
        f"my_children_p50_ms={by_key['mine'].percentile(50):.1f} "
        f"child_detail_p50_ms={by_key['detail'].percentile(50):.1f} "
        f"network_graph_p50_ms={by_key['network'].percentile(50):.1f} "
        f"continuity_p50_ms={by_key['continuity'].percentile(50):.1f}"
    )


if __name__ == "__main__":
    run_on_fresh_database(DATABASE, main)
