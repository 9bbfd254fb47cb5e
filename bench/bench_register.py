"""Benchmark of the register at national scale: load 25 000 homes, then time the list and detail queries.

Run from the repository root: ``.venv/bin/python bench/bench_register.py`` (``make bench`` runs every
bench/bench_*.py). It always uses its own database, ``placera_bench``, on the embedded PostgreSQL in
.placera-data/bench, dropped and recreated each run (never DATABASE_URL: a benchmark must not drop a
real database). The last line is ``RESULT key=value …`` with measured figures; ``audit_rows`` is every
audit-log row the run wrote (the user's creation, the timed runs and warm-ups, and the EXPLAINed runs).

Every query runs as a realistic signed-in user (a placement secretary in the family-care team, a real
row in ``users``, assigned to a caseload of homes including some protected ones), so what is timed is
what a request pays: the permission check, the protected-location visibility subquery on
foster_home_assignments, and the audit-log row each list view and detail read writes and commits.
"""

from __future__ import annotations

import datetime as dt
import random
import time

# _setup first: it points the settings at the bench server before core is imported.
from _setup import (Case, audit_rows, create_bench_user, explain_analyze, is_select, measure, print_timings,
                    run_on_fresh_database, statements_sent, vacuum_analyze)
from sqlalchemy import insert, select

from core import clock
from core.database import get_engine, unit_of_work
from core.permissions import Actor, Role
from foster_homes import service
from demo.homes import NATIONAL_CENTRES, seed_scale
from foster_homes.models import FosterHome, HomeAssignment
from foster_homes.schemas import FosterHomeFilter, HomeKind, HomeSort

HOMES = 25_000
REPETITIONS = 30
WARM_UP = 3
SLOW_MS = 50.0
DATABASE = "placera_bench"
# The benchmark user's caseload: a family-care secretary follows some dozens of homes, a few of them protected.
ASSIGNED_HOMES = 40
ASSIGNED_PROTECTED = 8
INDEX = "ix_foster_homes_earth_point"


async def bench_actor() -> Actor:
    """A real user row with a caseload of assigned homes, acting as a request from that user would."""
    roles = frozenset({Role.PLACEMENT_SECRETARY, Role.FAMILY_CARE})
    async with unit_of_work() as session:
        user, actor = await create_bench_user(
            session, roles, name="Bengt Bänkman", email="bengt.bankman@bench.placera.example",
            unit="Familjevårdsteamet", password="Bänkprov-med-25000-hem")
        rng = random.Random(2)
        homes = select(FosterHome.id).order_by(FosterHome.id)
        protected = list(await session.scalars(homes.where(FosterHome.protected_identity)))
        others = list(await session.scalars(homes.where(~FosterHome.protected_identity)))
        chosen = rng.sample(protected, ASSIGNED_PROTECTED) + rng.sample(others, ASSIGNED_HOMES)
        today = clock.today()
        await session.execute(
            insert(HomeAssignment.__table__),
            [
                {"home_id": home_id, "user_id": user.id, "assigned_on": today - dt.timedelta(days=rng.randint(0, 900))}
                for home_id in chosen
            ],
        )
        await session.commit()
        print(
            f"Benchmark user {user.email} ({', '.join(sorted(roles))}): assigned to {len(chosen)} homes, "
            f"{ASSIGNED_PROTECTED} of the {len(protected)} protected ones"
        )
    return actor


def make_cases(actor: Actor, home_ids: list, today: dt.date) -> list[Case]:
    # Vary the parameters between repetitions, as real users would, over the largest centres.
    centres = NATIONAL_CENTRES[:10]
    ages = (1, 4, 8, 11, 14, 16)
    tags = ("trauma", "npf", "tonaringar", "syskongrupper")

    async def list_with(filters: FosterHomeFilter) -> int:
        async with unit_of_work() as session:
            return (await service.list_homes(session, actor, filters)).total

    async def first_page(i: int) -> int:
        return await list_with(FosterHomeFilter())

    async def free_places(i: int) -> int:
        day = today + dt.timedelta(days=7 * (i % 5))
        return await list_with(FosterHomeFilter(free_at=day, min_free=1, accepts_age=ages[i % len(ages)]))

    async def near(i: int) -> int:
        centre = centres[i % len(centres)]
        return await list_with(
            FosterHomeFilter(near_lat=centre.lat, near_lon=centre.lon, within_km=30, sort=HomeSort.DISTANCE)
        )

    async def nearest(i: int) -> int:
        centre = centres[i % len(centres)]
        return await list_with(FosterHomeFilter(near_lat=centre.lat, near_lon=centre.lon, sort=HomeSort.DISTANCE))

    async def tag_and_kind(i: int) -> int:
        kinds = [HomeKind.REINFORCED, HomeKind.CONSULTANT] if i % 2 else [HomeKind.OWN]
        return await list_with(FosterHomeFilter(tag=[tags[i % len(tags)]], kind=kinds))

    async def detail(i: int) -> int:
        async with unit_of_work() as session:
            await service.get_home(session, actor, home_ids[i % len(home_ids)])
        return 1

    return [
        Case("list", "first page, default sort (name)", first_page),
        Case("free", "free places at a date + accepts age", free_places),
        Case("near", "within 30 km, sorted by distance", near),
        Case("nearest", "nearest first, no radius", nearest),
        Case("tag", "competence tag + kind", tag_and_kind),
        Case("detail", "get_home (detail with all lists)", detail),
    ]


async def explain(case: Case) -> list[str]:
    """EXPLAIN ANALYZE the statements the service really sends for one repetition of ``case``."""
    captured = await statements_sent(lambda: case.run(0),
                                     lambda statement: is_select(statement) and "FROM foster_homes" in statement)
    lines: list[str] = []
    async with get_engine().connect() as connection:
        for statement, parameters in captured:
            lines.append("-- " + " ".join(statement.split())[:160] + " …")
            lines += await explain_analyze(connection, statement, parameters)
    return lines


async def main() -> None:
    started = time.perf_counter()
    async with unit_of_work() as session:
        summary = await seed_scale(session, HOMES, seed=2026)
    seed_s = time.perf_counter() - started
    print(summary)
    actor = await bench_actor()

    print(f"VACUUM ANALYZE: {await vacuum_analyze():.1f} s (not part of the seed time)")

    async with unit_of_work() as session:
        home_ids = list(await session.scalars(select(FosterHome.id).order_by(FosterHome.id)))
    home_ids = random.Random(1).sample(home_ids, REPETITIONS + WARM_UP)
    cases = make_cases(actor, home_ids, clock.today())
    audit_before = await audit_rows()
    for case in cases:
        await measure(case, REPETITIONS, WARM_UP)
    audit_written = await audit_rows() - audit_before

    print()
    print_timings(cases)
    print(f"({REPETITIONS} repetitions each after {WARM_UP} warm-up runs; {HOMES} homes)")
    print(
        f"Audit rows written by the timed runs: {audit_written} "
        f"(expected {len(cases) * (REPETITIONS + WARM_UP)}: one per list view and per detail read)"
    )

    by_key = {case.key: case for case in cases}
    for key, what in (("near", "distance query (within 30 km)"), ("nearest", "nearest-first sort")):
        print(f"\nPlan of the {what} (should use the GiST index {INDEX}):")
        plan = await explain(by_key[key])
        print("\n".join(plan))
        knn = any(line.strip().startswith("Order By:") and "earth_point" in line for line in plan)
        print(f"{INDEX} used: {'yes' if any(INDEX in line for line in plan) else 'NO'}; "
              f"nearest-first order read from the index (KNN): {'yes' if knn else 'NO'}")
    for case in cases:
        if case.key not in ("near", "nearest") and case.percentile(50) > SLOW_MS:
            print(f"\nSLOW (p50 {case.percentile(50):.0f} ms > {SLOW_MS:.0f} ms): {case.title}")
            print("\n".join(await explain(case)))

    total_audit_rows = await audit_rows()
    await get_engine().dispose()
    print(
        f"RESULT seed_25000_s={seed_s:.1f} "
        f"list_p50_ms={by_key['list'].percentile(50):.1f} list_p95_ms={by_key['list'].percentile(95):.1f} "
        f"free_p50_ms={by_key['free'].percentile(50):.1f} "
        f"near_p50_ms={by_key['near'].percentile(50):.1f} near_p95_ms={by_key['near'].percentile(95):.1f} "
        f"tag_p50_ms={by_key['tag'].percentile(50):.1f} detail_p50_ms={by_key['detail'].percentile(50):.1f} "
        f"audit_rows={total_audit_rows}"
    )


if __name__ == "__main__":
    run_on_fresh_database(DATABASE, main)
