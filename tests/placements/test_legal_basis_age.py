"""LVU's age limits (1 §, 6 § and 21 § LVU): 2 § holds for a child under 18, 3 § until the 21st birthday, an
immediate custody under 6 § for one under 20. A request or a booking under a basis the child is too old for
on the start day is refused at the legal basis field (today is 23 November 2026)."""

from __future__ import annotations

import pytest

from tests.costs.test_month_costs import child_born
from tests.placements.test_placements_api import booking, make_home

START = "2026-12-01"


async def request(client, child: dict, legal_basis: str):
    return await client.post("/api/placement-requests", json={
        "child_ids": [child["id"]], "kind": "long_term", "legal_basis": legal_basis, "wanted_start": START})


@pytest.mark.parametrize(("birth", "legal_basis", "accepted"), [
    ("20081130", "lvu_2", False),  # 18 the day before the start
    ("20081202", "lvu_2", True),  # 18 the day after
    ("20060101", "lvu_3", True),  # 20: 3 § care may go on until 21
    ("20051130", "lvu_3", False),  # 21
    ("20071202", "lvu_6", True),
    ("20060101", "lvu_6", False),  # 20
    ("20060101", "sol", True),
])
async def test_a_request_under_a_basis_the_child_is_too_old_for_is_refused(client, birth, legal_basis, accepted):
    response = await request(client, await child_born(client, birth), legal_basis)

    if accepted:
        assert response.status_code == 201, response.text
    else:
        assert response.status_code == 422, response.text
        [error] = response.json()["errors"]
        assert error["field"] == "legal_basis" and "LVU" in error["message"] and "år vid starten" in error["message"]
        assert (await client.get("/api/placement-requests")).json()["total"] == 0


async def test_a_booking_under_2_lvu_for_a_child_who_is_18_at_the_start_is_refused(client):
    child = await child_born(client, "20081220")  # 18 on 20 December 2026
    home = await make_home(client)

    late = await client.post("/api/placements", json=booking([child["id"]], home["id"], legal_basis="lvu_2",
                                                             starts_on="2026-12-21", decided_on="2026-11-20",
                                                             not_kinship_reason="Inget nätverk."))
    early = await client.post("/api/placements", json=booking([child["id"]], home["id"], legal_basis="lvu_2",
                                                              starts_on="2026-12-01", decided_on="2026-11-20",
                                                              not_kinship_reason="Inget nätverk."))

    assert late.status_code == 422 and late.json()["errors"][0]["field"] == "legal_basis", late.text
    assert early.status_code == 201, early.text
