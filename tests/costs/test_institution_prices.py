"""An institution's daily price as dated versions: a placement follows the price in force on each day, unless
the secretary gave one at booking; a version begins only in an open month (today is 23 November 2026)."""

from __future__ import annotations

from decimal import Decimal

from tests.costs.test_forecast import institution
from tests.costs.test_month_costs import child_born, costs
from tests.placements.test_placements_api import booking


async def placed(client, child: dict, hvb: dict, **fields) -> dict:
    response = await client.post("/api/placements", json=booking(
        [child["id"]], None, institution_id=hvb["id"], starts_on="2026-10-01", decided_on="2026-09-20", **fields))
    assert response.status_code == 201, response.text
    return response.json()[0]


async def test_a_placement_follows_the_price_in_force_each_day(client):
    hvb = await institution(client, price="5200.00")
    placement = await placed(client, await child_born(client, "20100601"), hvb)
    given = await placed(client, await child_born(client, "20100602", "456"), hvb, daily_price="4900.00")

    coming = await client.post(f"/api/institutions/{hvb['id']}/prices",
                               json={"valid_from": "2026-12-15", "daily_price": "5600"})

    assert coming.status_code == 201, coming.text
    assert [(v["valid_from"], v["valid_to"], v["daily_price"]) for v in coming.json()] == [
        ("1900-01-01", "2026-12-14", "5200.00"), ("2026-12-15", None, "5600.00")]
    [october] = await costs(client, "2026-10", placement)
    [december] = await costs(client, "2026-12", placement)
    assert Decimal(october["total"]) == 31 * 5200
    assert Decimal(december["total"]) == 14 * 5200 + 17 * 5600 == Decimal("168000")
    explained = (await client.get(f"/api/costs/{placement['id']}/2026-12")).json()
    assert [(s["days"], s["daily_price"]) for s in explained["segments"]] == [(14, "5200.00"), (17, "5600.00")]
    [kept] = await costs(client, "2026-12", given)
    assert Decimal(kept["total"]) == 31 * 4900  # the price given at booking holds
    assert (await client.get(f"/api/institutions/{hvb['id']}")).json()["daily_price"] == "5200.00"  # until 15 December


async def test_a_changed_price_holds_from_today_and_a_closed_month_is_not_repriced(client):
    hvb = await institution(client, price="5200.00")
    placement = await placed(client, await child_born(client, "20100601"), hvb)
    current = (await client.get(f"/api/institutions/{hvb['id']}")).json()
    body = {key: current[key] for key in ("name", "kind", "operator", "municipality", "latitude", "longitude",
                                          "places", "age_min", "age_max", "target_groups")}

    changed = await client.put(f"/api/institutions/{hvb['id']}", json={**body, "daily_price": "5500", "version": 1})
    closed = await client.post(f"/api/institutions/{hvb['id']}/prices",
                               json={"valid_from": "2026-10-31", "daily_price": "1"})

    assert changed.status_code == 200, changed.text
    assert closed.status_code == 422 and "passerade månader" in closed.text
    [october] = await costs(client, "2026-10", placement)
    [november] = await costs(client, "2026-11", placement)
    assert Decimal(october["total"]) == 31 * 5200
    assert Decimal(november["total"]) == 22 * 5200 + 8 * 5500  # from 23 November
    booked_now = await placed(client, await child_born(client, "20100603", "789"), hvb)
    assert booked_now["daily_price"] in (None, "5200.00")  # booked from 1 October: the price in force then
