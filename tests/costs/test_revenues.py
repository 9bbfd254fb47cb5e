"""Revenues count against the costs as negative lines: a parents' contribution of 1 500 kr a month and a
reclaimed cost once, on a placement in an own home from 1 October 2026 (its October costs 20 430.89 kr, see
test_month_costs). What is received is kept beside what is expected; the costs count what is expected."""

from __future__ import annotations

from decimal import Decimal

from tests.costs.test_month_costs import FEE, SOCIAL, YOUNGER, book, cents, child_born, costs
from tests.placements.test_placements_api import make_home


async def test_a_revenue_is_a_negative_line_of_its_placement_month(client):
    placement = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01")
    url = f"/api/placements/{placement['id']}/extra-lines"

    monthly = await client.post(url, json={"description": "Underhåll från förälder", "amount": "1500",
                                           "kind": "parental_contribution", "recurrence": "monthly",
                                           "starts_on": "2026-11-16"})
    once = await client.post(url, json={"description": "Återsökt från Migrationsverket", "amount": "4000",
                                        "kind": "reclaimed", "starts_on": "2026-12-01"})

    assert (monthly.status_code, once.status_code) == (201, 201), monthly.text
    [november] = await costs(client, "2026-11", placement)
    [december] = await costs(client, "2026-12", placement)
    care = (FEE + YOUNGER) + FEE * SOCIAL  # a whole month of care: 20 430.8914
    # November: 16-30 November of the contribution, 15 of 30 days.
    assert Decimal(november["revenues"]) == Decimal("-750.00")
    assert Decimal(november["total"]) == cents(care - Decimal(1500) * 15 / 30) == Decimal("19680.89")
    assert Decimal(december["revenues"]) == Decimal("-5500.00") and Decimal(december["extra_costs"]) == 0
    assert Decimal(december["total"]) == cents(care - 1500 - 4000) == Decimal("14930.89")
    # The follow-up's December counts it too (booked ahead: committed).
    body = (await client.get("/api/budget/2026")).json()
    own = next(c for c in body["categories"] if c["category"] == "own_homes")
    assert Decimal(own["months"][11]["committed"]) == Decimal("14930.89")


async def test_what_is_received_is_kept_and_a_revenue_in_a_closed_month_or_outside_the_placement_is_refused(client):
    placement = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01")
    url = f"/api/placements/{placement['id']}/extra-lines"
    added = await client.post(url, json={"description": "Barnbidrag", "amount": "1250", "kind": "child_allowance",
                                         "recurrence": "monthly", "starts_on": "2026-11-01"})
    line = added.json()["extra_costs"][-1]

    received = await client.put(f"{url}/{line['id']}/received", json={"received": "1250", "received_on": "2026-11-20"})

    assert received.status_code == 200, received.text
    assert [(c["kind"], c["received"], c["received_on"]) for c in received.json()["extra_costs"]] == [
        ("child_allowance", "1250.00", "2026-11-20")]
    closed = await client.post(url, json={"description": "Sen räkning", "amount": "300", "starts_on": "2026-10-15"})
    before = await client.post(url, json={"description": "Före", "amount": "300", "starts_on": "2026-09-01"})
    future = await client.put(f"{url}/{line['id']}/received", json={"received": "1", "received_on": "2027-01-01"})
    negative = await client.post(url, json={"description": "Minus", "amount": "-5", "starts_on": "2026-11-20"})
    assert [r.status_code for r in (closed, before, future, negative)] == [422, 422, 422, 422]
    assert "passerade månader" in closed.text
    cost = await client.post(url, json={"description": "Tandvård", "amount": "900", "starts_on": "2026-11-20"})
    cost_line = next(c for c in cost.json()["extra_costs"] if c["kind"] == "cost")
    not_revenue = await client.put(f"{url}/{cost_line['id']}/received", json={"received": "900", "received_on": "2026-11-20"})
    assert not_revenue.status_code == 422
    assert len((await client.get(f"/api/placements/{placement['id']}")).json()["extra_costs"]) == 2
