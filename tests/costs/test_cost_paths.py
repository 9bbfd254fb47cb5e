"""A property of the cost computation: the lines (each placement-month), the sums per category and month, and
each placement's total are computed three ways in costs/day_cost.py (month by month; a run's whole months as
a range; a run's whole months counted), and must agree to the öre for any period.

The placements are drawn from a fixed seed: own, kinship, reinforced and emergency homes, consultant homes whose
agency's contract changes mid-month, an institution with a price version mid-month, children turning 13,
moves, ends, extra costs and revenues, and fee level changes."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import text

from core import clock
from core.database import unit_of_work
from costs import day_cost
from tests.costs.test_forecast import institution
from tests.costs.test_month_costs import child_born
from tests.factories import organisation_number
from tests.placements.test_placements_api import booking, make_home

PERIODS = [(dt.date(2026, 1, 1), dt.date(2027, 1, 1)), (dt.date(2026, 5, 1), dt.date(2026, 9, 1)),
           (dt.date(2026, 11, 10), dt.date(2026, 12, 20)), (dt.date(2026, 2, 1), dt.date(2026, 3, 1))]


async def _world(client, rng: random.Random) -> None:
    agency = (await client.post("/api/agencies", json={"name": "Familjevård AB",
                                                       "organisation_number": organisation_number()})).json()
    for reference, valid_from, valid_to, price in (("RA-1", "2026-01-01", "2026-06-17", "1650"),
                                                    ("RA-2", "2026-06-18", None, "1720")):
        response = await client.post(f"/api/agencies/{agency['id']}/contracts", json={
            "reference": reference, "valid_from": valid_from, "valid_to": valid_to,
            "prices": [{"level": "standard", "daily_price": price}]})
        assert response.status_code in (200, 201), response.text
    hvb = await institution(client, price="4100.00")
    assert (await client.post(f"/api/institutions/{hvb['id']}/prices",
                              json={"valid_from": "2026-12-11", "daily_price": "4350"})).status_code == 201
    kinds = ["own", "kinship", "reinforced", "emergency", "consultant", "institution"]
    for index in range(18):
        kind = kinds[index % len(kinds)]
        # Born so that some turn 13 this year (the allowance rises), one on 29 February.
        birth = "20120229" if index == 5 else f"{rng.choice((2008, 2011, 2013, 2013, 2015))}{rng.randint(1, 12):02d}" \
                                             f"{rng.randint(1, 28):02d}"
        child = await child_born(client, birth, f"{100 + index}")
        starts = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
        fields: dict = {}
        if kind == "institution":
            home_id, fields["institution_id"] = None, hvb["id"]
        else:
            extra = {"agency_id": agency["id"], "contract_level": "standard"} if kind == "consultant" else {}
            home_id = (await make_home(client, kind=kind, name=f"Familjen {index}", **extra))["id"]
        if rng.random() < 0.4:
            fields["extra_costs"] = [{"description": "Tandvård", "amount": f"{rng.randint(300, 5000)}.{rng.randint(0, 99):02d}",
                                      "recurrence": rng.choice(("once", "monthly")),
                                      "starts_on": (starts + dt.timedelta(days=rng.randint(0, 40))).isoformat(),
                                      "ends_on": None}]
        if kind in ("own", "kinship") and rng.random() < 0.3:
            fields["fee_monthly"] = f"{rng.randint(9000, 16000)}.{rng.randint(0, 99):02d}"
        # Voluntary care (SoL): some of the children are 18 or older, past 2 § LVU.
        response = await client.post("/api/placements", json=booking(
            [child["id"]], home_id, starts_on=starts.isoformat(), decided_on=starts.isoformat(), legal_basis="sol",
            **fields))
        assert response.status_code == 201, response.text
        placement = response.json()[0]
        if kind in ("own", "kinship", "reinforced", "emergency") and rng.random() < 0.5:
            changed = await client.post(f"/api/placements/{placement['id']}/fee-level", json={
                "valid_from": f"2026-12-{rng.randint(2, 28):02d}", "level": rng.choice(("raised_1", "raised_3", "basic"))})
            assert changed.status_code == 200 or "startdagen" in changed.text, changed.text
        if rng.random() < 0.3:
            revenue = await client.post(f"/api/placements/{placement['id']}/extra-lines", json={
                "description": "Föräldraavgift", "kind": "parental_contribution", "amount": "1650.00",
                "recurrence": "monthly", "starts_on": "2026-11-07"})
            assert revenue.status_code == 201 or "under placeringen" in revenue.text, revenue.text
        if rng.random() < 0.3 and starts < dt.date(2026, 11, 1):
            ends = max(dt.date(2026, 11, 1), starts + dt.timedelta(days=1)) + dt.timedelta(days=rng.randint(0, 40))
            current = (await client.get(f"/api/placements/{placement['id']}")).json()
            ended = await client.post(f"/api/placements/{placement['id']}/end", json={
                "ended_on": ends.isoformat(), "reason": "planned_return_home", "version": current["version"]})
            assert ended.status_code == 200, ended.text


async def _rows(sql: str, start: dt.date, stop: dt.date) -> list:
    async with unit_of_work() as session:
        return (await session.execute(text(sql), {"start": start, "stop": stop, "limit": 10**6, "offset": 0})).all()


async def test_lines_category_months_and_placement_totals_agree_for_any_period(client):
    clock.set_today(dt.date(2026, 11, 23))
    await _world(client, random.Random("placera-cost-paths"))

    for start, stop in PERIODS:
        lines = await _rows(day_cost.month_costs_sql(), start, stop)
        assert lines, (start, stop)
        by_cell: dict[tuple, list] = defaultdict(lambda: [Decimal(0), 0])
        by_placement: dict = defaultdict(lambda: [Decimal(0), 0])
        for line in lines:
            for key in ((line.category, line.month), (line.category, None), (None, line.month), (None, None)):
                by_cell[key][0] += line.total
                by_cell[key][1] += line.care_days
            by_placement[line.id][0] += line.total
            by_placement[line.id][1] += line.care_days

        cells = {(row.category, row.month): [row.total, row.care_days]
                 for row in await _rows(day_cost.category_months_sql(), start, stop)}
        totals = {row.id: [row.total, row.care_days] for row in await _rows(day_cost.placement_totals_sql(), start, stop)}

        assert cells == dict(by_cell), (start, stop)
        assert totals == dict(by_placement), (start, stop)
