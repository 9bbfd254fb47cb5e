"""The steering group's list of the most expensive ongoing placements (today is 23 November 2026)."""

from __future__ import annotations

from decimal import Decimal

from tests.costs.test_month_costs import FEE, SOCIAL, YOUNGER, book, cents, child_born
from tests.factories import organisation_number
from tests.placements.test_placements_api import make_home


async def test_the_most_expensive_ongoing_placements_and_the_top_tens_share(client, client_as):
    own = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01")
    agency = (await client.post("/api/agencies", json={"name": "Familjevård AB",
                                                       "organisation_number": organisation_number()})).json()
    await client.post(f"/api/agencies/{agency['id']}/contracts", json={
        "reference": "RA-1", "valid_from": "2026-01-01", "prices": [{"level": "standard", "daily_price": "1650"}]})
    consultant_home = await make_home(client, kind="consultant", name="Familjen Konsult", agency_id=agency["id"],
                                      contract_level="standard")
    bought = await book(client, await child_born(client, "20150602"), consultant_home, "2026-11-01",
                        planned_end="2026-12-11")
    ended = await book(client, await child_born(client, "20150603"), await make_home(client, name="Familjen Tre"),
                       "2026-10-01")
    assert (await client.post(f"/api/placements/{ended['id']}/end", json={
        "ended_on": "2026-11-01", "reason": "planned_return_home", "version": ended["version"]})).status_code == 200

    body = (await (await client_as("budget_group")).get("/api/steering/2026/most-expensive")).json()

    # The bought place: 1-22 November so far (22 days), then 23 November to 10 December (18 days) ahead.
    # The own home: October and 1-22 November so far; the rest of November and all of December ahead.
    assert [p["reference"] for p in body["placements"]] == [bought["reference"], own["reference"]]
    first, second = body["placements"]
    assert (first["cost_so_far"], first["forecast_to_year_end"]) == ("36300.00", "66000.00")
    assert first["category"] == "consultant_homes" and first["planned_end"] == "2026-12-11"
    so_far = Decimal("20430.89") + Decimal("14982.65")
    ahead = cents((FEE + YOUNGER) * 8 / 30 + FEE * 8 / 30 * SOCIAL) + Decimal("20430.89")
    assert (Decimal(second["cost_so_far"]), Decimal(second["forecast_to_year_end"])) == (so_far, so_far + ahead)
    assert body["top_ten_share"] == "100.0"
    for hidden in ("Elsa", "Nyström", "Lindqvist", "Konsult"):
        assert hidden not in str(body)
    assert (await (await client_as("social_worker")).get("/api/steering/2026/most-expensive")).status_code == 403


async def test_placements_past_their_planned_end_and_those_coming(client, client_as):
    overrun = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01",
                         planned_end="2026-11-13")
    await book(client, await child_born(client, "20150602"), await make_home(client, name="Familjen Två"), "2026-10-01",
               planned_end="2027-03-01")  # not yet at its planned end
    decided = await book(client, await child_born(client, "20150603"), await make_home(client, name="Familjen Tre"),
                         "2026-12-10")
    budget_group = await client_as("budget_group")

    past = (await budget_group.get("/api/steering/past-planned-end")).json()
    ahead = (await budget_group.get("/api/steering/2026/coming")).json()

    # 13-22 November have passed since the planned end: 10 of 30 days.
    assert [(p["reference"], p["days_past_planned_end"]) for p in past] == [(overrun["reference"], 10)]
    assert Decimal(past[0]["cost"]) == cents((FEE + YOUNGER) * 10 / 30 + FEE * 10 / 30 * SOCIAL)
    # 10-31 December: 22 of 31 days.
    assert [(c["reference"], c["starts_on"]) for c in ahead] == [(decided["reference"], "2026-12-10")]
    assert Decimal(ahead[0]["cost"]) == cents((FEE + YOUNGER) * 22 / 31 + FEE * 22 / 31 * SOCIAL)
