"""A protected child's school locates the child as surely as its address: only the child's staff see it."""

from __future__ import annotations

import pytest

from tests.factories import child_payload, school_payload

NOTICE = "Skolan visas bara för barnets handläggare (skyddade personuppgifter)"


@pytest.fixture
async def protected_pupil(client):
    """A protected child registered (so assigned) by `client`, enrolled at a school with a street."""
    school = (await client.post("/api/schools", json=school_payload(name="Hemliga skolan", street="Skolvägen 7"))).json()
    child = (await client.post("/api/children", json=child_payload(protected_identity=True))).json()
    enrolled = await client.post(f"/api/children/{child['id']}/enrolments",
                                 json={"school_id": school["id"], "grade": 5, "started_on": "2025-08-18"})
    assert enrolled.status_code == 201, enrolled.text
    return child


def _assert_no_school(text: str) -> None:
    for fragment in ("Hemliga skolan", "Skolvägen", "59.394", "17.902"):
        assert fragment not in text, fragment


async def test_assigned_staff_see_the_school(client, protected_pupil):
    enrolments = (await client.get(f"/api/children/{protected_pupil['id']}/enrolments")).json()
    assert enrolments[0]["school"]["name"] == "Hemliga skolan" and enrolments[0]["school_notice"] is None
    continuity = await client.get(f"/api/children/{protected_pupil['id']}/school-continuity",
                                  params={"latitude": 59.39, "longitude": 17.90})
    assert continuity.status_code == 200 and continuity.json()["school"]["name"] == "Hemliga skolan"


@pytest.mark.parametrize("roles", [("social_worker",), ("placement_secretary",), ("family_care",)])
async def test_others_get_a_notice_naming_the_staff_instead_of_the_school(client, client_as, protected_pupil, roles):
    other = await client_as(*roles)
    url = f"/api/children/{protected_pupil['id']}"
    response = await other.get(f"{url}/enrolments")
    assert response.status_code == 200
    enrolments = response.json()
    assert len(enrolments) == 1 and enrolments[0]["school"] is None
    assert enrolments[0]["school_notice"].startswith(NOTICE) and client.user.name in enrolments[0]["school_notice"]
    assert enrolments[0]["grade_label"] == "årskurs 5"
    _assert_no_school(response.text)
    # A distance from points of one's choosing would trilaterate the school: no distance, no verdict.
    continuity = await other.get(f"{url}/school-continuity", params={"latitude": 59.39, "longitude": 17.90})
    assert continuity.status_code == 403
    assert NOTICE in continuity.text
    _assert_no_school(continuity.text)
    page = await other.get(f"/barn/{protected_pupil['id']}")
    assert page.status_code == 200
    assert NOTICE in page.text
    _assert_no_school(page.text)
