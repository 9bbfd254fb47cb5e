"""The year-end forecast on generated history whose answer is known, the backtest that knows only what had been
recorded by each month-end, and the bridge from last month's forecast.

History is made by booking and ending through the API with the clock set to each day, so each placement is
recorded on the day it happened (placement_records), as in real use. The institution costs 1 000 kr a care
day, so a stay's cost is its days in thousands."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from core import clock
from tests.costs.test_month_costs import child_born
from tests.costs.test_retainers import RETAINER, WHOLE_MONTH, emergency_home
from tests.foster_homes.test_agencies_institutions_api import institution_payload
from tests.placements.test_placements_api import booking, make_home

PRICE = 1000


async def institution(client, kind: str = "hvb", price: str = "1000.00") -> dict:
    response = await client.post("/api/institutions", json=institution_payload(
        name=f"Institution {kind}", kind=kind, daily_price=price, age_min=0, age_max=20))
    assert response.status_code == 201, response.text
    return response.json()


async def place(client, child: dict, starts_on: dt.date, *, institution_id: str | None = None,
                home_id: str | None = None, recorded_on: dt.date | None = None, **fields) -> dict:
    """Book as the secretary would on ``recorded_on`` (the start day unless given)."""
    clock.set_today(recorded_on or starts_on)
    response = await client.post("/api/placements", json=booking(
        [child["id"]], home_id, institution_id=institution_id, starts_on=starts_on.isoformat(),
        decided_on=min(starts_on, recorded_on or starts_on).isoformat(), **fields))
    assert response.status_code == 201, response.text
    return response.json()[0]


async def end(client, placement: dict, ended_on: dt.date, *, recorded_on: dt.date | None = None) -> None:
    clock.set_today(recorded_on or ended_on)
    current = (await client.get(f"/api/placements/{placement['id']}")).json()
    response = await client.post(f"/api/placements/{placement['id']}/end", json={
        "ended_on": ended_on.isoformat(), "reason": "planned_return_home", "version": current["version"]})
    assert response.status_code == 200, response.text


def expected_cost_until(t: int, length: int, rate: float = PRICE) -> float:
    """G(t) for stays all of one length: Σ_{k=1..t} rate × min(k, length), worked out in closed form."""
    if t <= length:
        return rate * t * (t + 1) / 2
    return rate * (length * (length + 1) / 2 + length * (t - length))


async def test_the_expected_inflow_is_the_rate_of_new_placements_times_what_a_stay_costs(client):
    hvb = await institution(client)
    child = await child_born(client, "20100601")
    # One new 10-day stay at the start of every month, October 2023 to September 2026: 36 in 1 096 days.
    for months in range(36):
        first = dt.date(2023 + (9 + months) // 12, (9 + months) % 12 + 1, 1)
        placement = await place(client, child, first, institution_id=hvb["id"])
        await end(client, placement, first + dt.timedelta(days=10))
    clock.set_today(dt.date(2026, 10, 1))

    forecast = (await client.get("/api/budget/2026/forecast")).json()
    follow_up = (await client.get("/api/budget/2026")).json()

    rate = 36 / 1096  # new placements a day
    expected = {month: rate * (expected_cost_until(days, 10) - expected_cost_until(before, 10))
                for month, before, days in ((10, 0, 31), (11, 31, 61), (12, 61, 92))}
    [hvb_figures] = follow_up["categories"]
    for month, amount in expected.items():
        assert Decimal(hvb_figures["months"][month - 1]["inflow"]) == Decimal(f"{amount:.2f}")
    assert all(m["inflow"] == "0.00" for m in hvb_figures["months"][:9])  # no inflow in the months that passed
    [category] = forecast["categories"]
    assert category["category"] == "hvb" and category["decided_starts"] == 0
    assert Decimal(category["inflow_expected"]) == sum(Decimal(f"{a:.2f}") for a in expected.values())
    assert Decimal(category["starts_per_month"]) == Decimal(f"{36 / 1096 * 365.25 / 12:.2f}")
    assert Decimal(category["chance_of_new"]) == Decimal(f"{100 * (1 - math.exp(-rate * 92)):.1f}")
    assert Decimal(category["median_cost_of_new"]) == 10 * PRICE
    # The actual is the 9 stays of 2026 (10 days each); nothing is booked ahead.
    assert Decimal(forecast["actual"]) == 9 * 10 * PRICE and forecast["committed"] == "0.00"
    assert Decimal(forecast["expected"]) == Decimal(forecast["actual"]) + Decimal(forecast["inflow_expected"])
    assert Decimal(forecast["expected"]) == Decimal(follow_up["forecast"])
    # The simulated range lies around the expected value, and the same question gives the same range.
    assert Decimal(forecast["p10"]) < Decimal(forecast["expected"]) < Decimal(forecast["p90"])
    assert Decimal(forecast["p10"]) >= Decimal(forecast["actual"])
    assert forecast == (await client.get("/api/budget/2026/forecast")).json()
    december = forecast["months"][11]
    assert (december["expected"], december["p90"]) == (forecast["expected"], forecast["p90"])
    assert forecast["months"][9]["actual"] is None and Decimal(forecast["months"][8]["actual"]) == 9 * 10 * PRICE


async def test_a_rare_expensive_placement_shows_as_risk_not_an_average(client):
    hvb, sis = await institution(client), await institution(client, "sis", "20000.00")
    child, other = await child_born(client, "20100601"), await child_born(client, "20100602", "456")
    for months in range(24):  # two years of cheap short stays ...
        first = dt.date(2024 + months // 12, months % 12 + 1, 1)
        placement = await place(client, child, first, institution_id=hvb["id"])
        await end(client, placement, first + dt.timedelta(days=5))
    rare = await place(client, other, dt.date(2024, 3, 1), institution_id=sis["id"])  # ... and one long SiS stay
    await end(client, rare, dt.date(2024, 9, 17))
    clock.set_today(dt.date(2026, 1, 1))

    forecast = (await client.get("/api/budget/2026/forecast")).json()

    risk = next(c for c in forecast["categories"] if c["category"] == "sis")
    assert Decimal(risk["median_cost_of_new"]) == 200 * 20000
    assert 30 < Decimal(risk["chance_of_new"]) < 50  # 1 - e^(-365/731)
    # In most simulated years no SiS placement begins (P10, P50), in some one does: the range shows it.
    assert risk["p10"] == "0.00" and Decimal(risk["p90"]) >= Decimal("1000000")


async def test_the_backtest_knows_only_what_had_been_recorded_by_each_month_end(client):
    hvb = await institution(client)
    child = await child_born(client, "20100601")
    # Placed from 1 January 2025 but booked only on 15 June; ended on 1 September, recorded on 10 September.
    placement = await place(client, child, dt.date(2025, 1, 1), institution_id=hvb["id"],
                            recorded_on=dt.date(2025, 6, 15))
    await end(client, placement, dt.date(2025, 9, 1), recorded_on=dt.date(2025, 9, 10))
    clock.set_today(dt.date(2026, 11, 23))

    body = (await client.get("/api/budget/2025/forecast-accuracy")).json()

    points = {p["as_of"]: p for p in body["points"] if p["category"] == "hvb"}
    outcome = Decimal(243 * PRICE)  # 1 January to 31 August
    assert {Decimal(p["outcome"]) for p in points.values()} == {outcome}
    # At the end of May nothing had been recorded: the forecast knew of no placement and no history.
    assert Decimal(points["2025-06-01"]["forecast"]) == 0 and points["2025-06-01"]["months_left"] == 7
    # At the end of June: 181 days have passed, the placement runs on to the year's end (184 days), and the
    # history is this one stay (still running: at least 181 days), begun once in 181 days.
    inflow = expected_cost_until(184, 181) / 181  # each month's inflow is rounded to the öre: a few öre apart
    assert abs(Decimal(points["2025-07-01"]["forecast"]) - Decimal(365 * PRICE + inflow)) < Decimal("0.05")
    # At the end of September the end (recorded on 10 September) is known: no more days ahead.
    inflow = expected_cost_until(92, 243) / 273
    assert abs(Decimal(points["2025-10-01"]["forecast"]) - Decimal(243 * PRICE + inflow)) < Decimal("0.05")
    row = next(r for r in body["rows"] if r["months_left"] == 7 and r["category"] == "hvb")
    assert (row["forecasts"], row["bias_percent"], row["mape_percent"]) == (1, "-100.0", "100.0")
    assert "agerat" in body["caveat"]


async def test_the_accuracy_of_a_year_not_over_is_refused(client):
    response = await client.get("/api/budget/2026/forecast-accuracy")
    assert response.status_code == 422 and "utfallet" in response.text


async def test_the_bridge_from_last_months_forecast_adds_up_step_by_step(client):
    children = [await child_born(client, "20150601", serial) for serial in ("123", "456", "789", "321")]
    homes = [await make_home(client, name=f"Familjen {name}") for name in ("Ek", "Ask", "Alm", "Lind")]
    october = dt.date(2026, 10, 5)
    steady = await place(client, children[0], october, home_id=homes[0]["id"])
    ending = await place(client, children[1], october, home_id=homes[1]["id"])
    extended = await place(client, children[2], october, home_id=homes[2]["id"], planned_end="2026-12-01")
    new = await place(client, children[3], dt.date(2026, 11, 10), home_id=homes[3]["id"])
    await end(client, ending, dt.date(2026, 11, 15))
    clock.set_today(dt.date(2026, 11, 20))
    current = (await client.get(f"/api/placements/{extended['id']}")).json()
    changed = await client.put(f"/api/placements/{extended['id']}/planned-end",
                               json={"planned_end": "2027-03-01", "version": current["version"]})
    assert changed.status_code == 200, changed.text
    clock.set_today(dt.date(2026, 11, 23))
    emergency = await emergency_home(client)  # a retainer agreed after the month-end
    assert (await client.post(f"/api/foster-homes/{emergency['id']}/retainers", json=RETAINER)).status_code == 201

    bridge = (await client.get("/api/budget/2026/forecast/bridge")).json()
    forecast = (await client.get("/api/budget/2026/forecast")).json()

    assert (bridge["previous_as_of"], bridge["as_of"]) == ("2026-11-01", "2026-11-23")
    steps = {step["cause"]: step for step in bridge["steps"]}
    assert Decimal(bridge["current"]) == Decimal(bridge["previous"]) + sum(Decimal(s["amount"]) for s in steps.values())
    assert bridge["current"] == forecast["expected"]
    assert steps["new_placements"]["placements"] == 1 and Decimal(steps["new_placements"]["amount"]) > 0
    assert steps["ended"]["placements"] == 1 and Decimal(steps["ended"]["amount"]) < 0
    assert steps["planned_end_changed"]["placements"] == 1 and Decimal(steps["planned_end_changed"]["amount"]) > 0
    assert Decimal(steps["retainers"]["amount"]) == 2 * WHOLE_MONTH  # November and December
    assert steady["id"] != new["id"]


async def test_a_kept_forecast_is_told_against_the_outcome(client):
    hvb = await institution(client)
    child = await child_born(client, "20100601")
    placement = await place(client, child, dt.date(2025, 1, 1), institution_id=hvb["id"])
    clock.set_today(dt.date(2025, 6, 1))
    kept = await client.post("/api/budget/2025/forecast/keep")
    assert kept.status_code == 201, kept.text
    await end(client, placement, dt.date(2025, 9, 1))
    clock.set_today(dt.date(2026, 2, 1))

    body = (await client.get("/api/budget/2025/forecast-accuracy")).json()

    whole = next(p for p in body["kept"] if p["category"] is None)
    assert whole["as_of"] == "2025-06-01" and Decimal(whole["outcome"]) == 243 * PRICE
    assert Decimal(whole["forecast"]) == Decimal(kept.json()["expected"]) > 243 * PRICE
