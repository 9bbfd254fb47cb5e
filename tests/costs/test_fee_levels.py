"""A placement's fee level: chosen at booking (the home's default otherwise) and changed from a day in an open
month; the fee follows the rate card at the level in force on each day. 2026 card: basic 11 417, raised_1
13 343 (SKR's levels, see foster_homes.rate_cards); a whole month of the younger allowance 5 426.67."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core import clock

from tests.costs.test_month_costs import FEE, SOCIAL, YOUNGER, book, cents, child_born, month_total
from tests.placements.test_placements_api import make_home


async def raised_1(client) -> Decimal:
    cards = (await client.get("/api/rate-cards")).json()
    return Decimal(next(c for c in cards if c["valid_from"] == "2026-01-01")["fee_raised_1"])


async def test_a_level_chosen_at_booking_and_changed_from_a_day(client):
    raised = await raised_1(client)
    chosen = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01",
                        fee_level="raised_1")
    changed = await book(client, await child_born(client, "20150602", "456"), await make_home(client, name="Två"),
                         "2026-10-01")

    response = await client.post(f"/api/placements/{changed['id']}/fee-level",
                                 json={"valid_from": "2026-12-11", "level": "raised_1", "note": "Större behov"})

    assert response.status_code == 200, response.text
    assert response.json()["fee_levels"] == [{"valid_from": "2026-12-11", "level": "raised_1", "note": "Större behov",
                                              "created_by": client.user.name}]
    assert chosen["fee_level"] == "raised_1" and chosen["fee_monthly"] == f"{raised:.2f}"
    assert await month_total(client, chosen, "2026-10") == cents(raised + YOUNGER + raised * SOCIAL)
    # December: 1-10 at the basic fee, 11-31 at the raised one (10 and 21 of 31 days).
    fee = FEE * 10 / 31 + raised * 21 / 31
    assert await month_total(client, changed, "2026-12") == cents(fee + YOUNGER + fee * SOCIAL)
    assert await month_total(client, changed, "2026-11") == cents(FEE + YOUNGER + FEE * SOCIAL)


async def test_a_level_change_in_a_closed_month_or_for_a_bought_place_is_refused(client):
    placement = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01")
    url = f"/api/placements/{placement['id']}/fee-level"

    closed = await client.post(url, json={"valid_from": "2026-10-15", "level": "raised_1"})
    junk = await client.post(url, json={"valid_from": "2026-12-01", "level": "jättehög"})

    assert (closed.status_code, junk.status_code) == (422, 422) and "passerade månader" in closed.text
    assert (await client.get(f"/api/placements/{placement['id']}")).json()["fee_levels"] == []


async def test_a_new_level_replaces_a_fee_given_at_booking_from_its_day_and_the_explanation_shows_the_cut(client):
    raised = await raised_1(client)
    placement = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01",
                           fee_monthly="9000.00")

    assert (await client.post(f"/api/placements/{placement['id']}/fee-level",
                              json={"valid_from": "2026-12-16", "level": "raised_1"})).status_code == 200

    fee = Decimal(9000) * 15 / 31 + raised * 16 / 31
    assert await month_total(client, placement, "2026-12") == cents(fee + YOUNGER + fee * SOCIAL)
    explained = (await client.get(f"/api/costs/{placement['id']}/2026-12")).json()
    assert [(s["starts_on"], s["ends_on"], s["fee_monthly"]) for s in explained["segments"]] == [
        ("2026-12-01", "2026-12-15", "9000.00"), ("2026-12-16", "2026-12-31", f"{raised:.2f}")]


async def test_a_change_from_the_same_day_replaces_the_first_and_back_to_basic_is_a_change_too(client):
    raised = await raised_1(client)
    placement = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01",
                           fee_level="raised_1")
    url = f"/api/placements/{placement['id']}/fee-level"
    for level in ("raised_2", "basic"):
        assert (await client.post(url, json={"valid_from": "2026-12-01", "level": level})).status_code == 200

    assert [c["level"] for c in (await client.get(f"/api/placements/{placement['id']}")).json()["fee_levels"]] == [
        "basic"]
    assert await month_total(client, placement, "2026-11") == cents(raised + YOUNGER + raised * SOCIAL)
    assert await month_total(client, placement, "2026-12") == cents(FEE + YOUNGER + FEE * SOCIAL)


async def test_the_bridge_knows_a_level_change_only_from_the_day_it_was_recorded(client):
    """Raised on 20 November from 1 December: last month-end's forecast did not know it; today's does."""
    raised = await raised_1(client)
    clock.set_today(dt.date(2026, 10, 5))
    placement = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-05")
    clock.set_today(dt.date(2026, 11, 20))
    assert (await client.post(f"/api/placements/{placement['id']}/fee-level",
                              json={"valid_from": "2026-12-01", "level": "raised_1"})).status_code == 200
    clock.set_today(dt.date(2026, 11, 23))

    bridge = (await client.get("/api/budget/2026/forecast/bridge")).json()

    steps = {step["cause"]: step for step in bridge["steps"]}
    assert Decimal(steps["prices_and_other"]["amount"]) == cents((raised - FEE) * (1 + SOCIAL))
    assert steps["prices_and_other"]["placements"] == 1
