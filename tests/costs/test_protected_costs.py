"""A protected child's placement: its price points to the agency and so towards the home (the placement
itself withholds it, placements.service.get_placement). Its cost lines are the same: only staff who may see
where the child lives see them one by one; everyone else sees them only inside the sums."""

from __future__ import annotations

from decimal import Decimal

from tests.costs.test_month_costs import book
from tests.factories import child_payload, organisation_number, personal_number
from tests.placements.test_placements_api import make_home


async def test_a_protected_childs_cost_lines_are_withheld_from_staff_not_assigned(client, client_as):
    agency = (await client.post("/api/agencies", json={"name": "Familjevård AB",
                                                       "organisation_number": organisation_number()})).json()
    await client.post(f"/api/agencies/{agency['id']}/contracts", json={
        "reference": "RA-1", "valid_from": "2026-01-01", "prices": [{"level": "standard", "daily_price": "1777"}]})
    home = await make_home(client, kind="consultant", agency_id=agency["id"], contract_level="standard")
    child = (await client.post("/api/children", json=child_payload(
        personal_number=personal_number("20150601", "123"), allergies=[], protected_identity=True,
        responsible_worker_id=str(client.user.id)))).json()
    placement = await book(client, child, home, "2026-10-01")
    stranger, budget = await client_as("placement_secretary"), await client_as("budget_group")

    own = (await client.get("/api/costs", params={"period": "2026-10"})).json()
    assert [line["daily_prices"] for line in own["items"]] == ["55087.00"]  # 31 × 1 777, for the child's own staff
    for reader in (stranger, budget):
        lines = await reader.get("/api/costs", params={"period": "2026-10"})
        assert lines.status_code == 200 and lines.json()["items"] == [] and "1777" not in lines.text
        explained = await reader.get(f"/api/costs/{placement['id']}/2026-10")
        assert explained.status_code == 403 and "1777" not in explained.text
        for path in ("/api/steering/2026/most-expensive", "/api/steering/2026/coming", "/api/steering/past-planned-end"):
            listed = await reader.get(path)
            assert listed.status_code == 200 and placement["reference"] not in listed.text, path
    # In the sums it counts, for everyone who may read them.
    follow_up = (await budget.get("/api/budget/2026")).json()
    assert Decimal(follow_up["categories"][0]["months"][9]["actual"]) == Decimal("55087.00")
