"""Emergency homes on a retainer (uppdragsavtal): the places kept ready cost their monthly fee with social
fees on it, and the standby allowance without, whether or not a child is placed; a cost of the home, in the
emergency homes' category. Worked out by hand: 2 places × 8 000 kr, standby 3 000 kr, the first adult born
1980 (31.42 %) or 1955 (10.21 %). The tests' today is 23 November 2026: November is the first open month."""

from __future__ import annotations

from decimal import Decimal

from tests.costs.test_month_costs import cents, child_born, costs
from tests.factories import personal_number
from tests.placements.test_placements_api import booking, make_home

RETAINER = {"valid_from": "2026-11-01", "places": 2, "fee_per_place_monthly": "8000", "standby_allowance_monthly": "3000"}
WHOLE_MONTH = cents(2 * Decimal(8000) * Decimal("1.3142") + 3000)  # 21 027.20 + 3 000


async def emergency_home(client, **fields) -> dict:
    capacity = {"places": 2, "age_min": 0, "age_max": 17, "max_sibling_group": 2, "gender_preference": "any",
                "placement_kinds": ["emergency"]}
    return await make_home(client, kind="emergency", name="Jourhemmet Björk", capacity=capacity, **fields)


async def month(client, year: int, number: int, category: str = "emergency_homes") -> dict:
    body = (await client.get(f"/api/budget/{year}")).json()
    figures = next(c for c in body["categories"] if c["category"] == category)
    return figures["months"][number - 1]


async def test_a_retainer_month_without_a_child_costs_the_places_kept_ready(client):
    home = await emergency_home(client)
    saved = await client.post(f"/api/foster-homes/{home['id']}/retainers", json=RETAINER)
    assert saved.status_code == 201, saved.text

    november, december = await month(client, 2026, 11), await month(client, 2026, 12)

    assert WHOLE_MONTH == Decimal("24027.20")
    # 1-22 November have passed (22 of 30 days); the rest is committed.
    assert Decimal(november["actual"]) == cents(WHOLE_MONTH * 22 / 30) == Decimal("17619.95")
    assert Decimal(november["actual"]) + Decimal(november["committed"]) == WHOLE_MONTH
    assert Decimal(december["committed"]) == WHOLE_MONTH and november["care_days"] == 0
    assert Decimal((await month(client, 2026, 10))["actual"]) == 0  # before the agreement
    listed = (await client.get(f"/api/foster-homes/{home['id']}/retainers")).json()
    assert [(r["places"], r["fee_per_place_monthly"], r["valid_to"]) for r in listed] == [(2, "8000.00", None)]


async def test_a_retainer_month_with_a_child_adds_the_childs_placement(client):
    home = await emergency_home(client)
    await client.post(f"/api/foster-homes/{home['id']}/retainers", json=RETAINER)
    child = await child_born(client, "20150601")
    booked = await client.post("/api/placements", json=booking(
        [child["id"]], home["id"], kind="emergency", starts_on="2026-12-01", decided_on="2026-11-20"))
    assert booked.status_code == 201, booked.text

    december = await month(client, 2026, 12)

    [placement_month] = await costs(client, "2026-12", booked.json()[0])
    assert Decimal(december["committed"]) == WHOLE_MONTH + Decimal(placement_month["total"])


async def test_a_senior_foster_parent_pays_the_lower_social_fees_on_the_retainer(client):
    adults = [{"name": "Gun Björk", "personal_number": personal_number("19550310", "123"), "languages": ["svenska"]}]
    home = await emergency_home(client, household_adults=adults)
    await client.post(f"/api/foster-homes/{home['id']}/retainers", json=RETAINER)

    december = await month(client, 2026, 12)

    assert Decimal(december["committed"]) == cents(2 * Decimal(8000) * Decimal("1.1021") + 3000) == Decimal("20633.60")


async def test_an_agreement_that_ends_mid_month_pays_its_days(client):
    home = await emergency_home(client)
    agreement = (await client.post(f"/api/foster-homes/{home['id']}/retainers", json=RETAINER)).json()

    ended = await client.post(f"/api/foster-homes/{home['id']}/retainers/{agreement['id']}/end",
                              json={"valid_to": "2026-12-10"})

    assert ended.status_code == 200, ended.text
    assert Decimal((await month(client, 2026, 12))["committed"]) == cents(WHOLE_MONTH * 10 / 31)


async def test_a_retainer_is_refused_for_another_kind_of_home_a_closed_month_or_an_overlap(client, client_as):
    own = await make_home(client, name="Familjen Ek")
    home = await emergency_home(client)
    url = f"/api/foster-homes/{home['id']}/retainers"

    wrong_kind = await client.post(f"/api/foster-homes/{own['id']}/retainers", json=RETAINER)
    closed = await client.post(url, json={**RETAINER, "valid_from": "2026-10-31"})
    backwards = await client.post(url, json={**RETAINER, "valid_to": "2026-10-01"})
    junk = await client.post(url, json={**RETAINER, "places": 0, "fee_per_place_monthly": "mycket"})
    assert [r.status_code for r in (wrong_kind, closed, backwards, junk)] == [422, 422, 422, 422]
    assert "jourhem" in wrong_kind.text and "passerade månader" in closed.text
    first = await client.post(url, json=RETAINER)
    overlap = await client.post(url, json={**RETAINER, "valid_from": "2026-12-01"})
    assert (first.status_code, overlap.status_code) == (201, 409)
    too_early = await client.post(f"{url}/{first.json()['id']}/end", json={"valid_to": "2026-10-30"})
    other_home = await client.post(f"/api/foster-homes/{own['id']}/retainers/{first.json()['id']}/end",
                                   json={"valid_to": "2026-12-31"})
    assert (too_early.status_code, other_home.status_code) == (422, 404)
    budget_group = await client_as("budget_group")
    assert (await budget_group.post(url, json={**RETAINER, "valid_from": "2027-01-01"})).status_code == 403
    assert len((await client.get(url)).json()) == 1
