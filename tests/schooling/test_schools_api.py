"""The school register, enrolments and continuity over the API."""

from __future__ import annotations

from tests.factories import child_payload, school_payload


async def make_school(client, **overrides) -> dict:
    response = await client.post("/api/schools", json=school_payload(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


async def test_schools_are_validated_and_listed_nearest_first(client):
    await make_school(client)
    await make_school(client, name="Rinkebyskolan", latitude=59.388, longitude=17.928, unit_code="12345678")
    bad = await client.post("/api/schools", json=school_payload(kind="universitet", unit_code="12", latitude=100))
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"kind", "unit_code", "latitude"}
    duplicate = await client.post("/api/schools", json=school_payload(name="Kopia", unit_code="12345678"))
    assert duplicate.status_code == 409
    near = (await client.get("/api/schools", params={"near_lat": 59.388, "near_lon": 17.928})).json()
    assert [s["name"] for s in near["items"]] == ["Rinkebyskolan", "Tensta skola"]


async def test_enrolment_history_and_the_current_school(client):
    tensta = await make_school(client)
    rinkeby = await make_school(client, name="Rinkebyskolan", kind="primary_79", latitude=59.388, longitude=17.928)
    child = (await client.post("/api/children", json=child_payload())).json()
    url = f"/api/children/{child['id']}/enrolments"
    first = await client.post(url, json={"school_id": tensta["id"], "grade": 5, "started_on": "2025-08-18"})
    assert first.status_code == 201, first.text
    moved = await client.post(url, json={"school_id": rinkeby["id"], "grade": 7, "started_on": "2026-08-17"})
    history = moved.json()
    assert [(e["school"]["name"], e["grade_label"], e["ended_on"], e["current"]) for e in history] == [
        ("Rinkebyskolan", "årskurs 7", None, True),
        ("Tensta skola", "årskurs 5", "2026-08-17", False),  # ended the day the new one began
    ]
    overlapping = await client.post(url, json={"school_id": tensta["id"], "grade": 6, "started_on": "2026-01-10",
                                               "ended_on": "2026-06-10"})
    assert overlapping.status_code == 409
    wrong_grade = await client.post(url, json={"school_id": rinkeby["id"], "grade": 3, "started_on": "2026-09-01"})
    assert wrong_grade.status_code == 422 and "har inte årskurs 3" in wrong_grade.json()["errors"][0]["message"]
    assert len((await client.get(url)).json()) == 2


async def test_school_continuity_for_a_candidate_home(client):
    tensta = await make_school(client)
    child = (await client.post("/api/children", json=child_payload())).json()
    await client.post(f"/api/children/{child['id']}/enrolments",
                      json={"school_id": tensta["id"], "grade": 6, "started_on": "2026-08-17"})
    url = f"/api/children/{child['id']}/school-continuity"
    near = (await client.get(url, params={"latitude": 59.40, "longitude": 17.91})).json()
    assert near["verdict"] == "can_stay" and near["school"]["name"] == "Tensta skola"
    uppsala = (await client.get(url, params={"latitude": 59.8586, "longitude": 17.6389, "move_on": "2027-05-25"})).json()
    assert uppsala["verdict"] == "must_change" and uppsala["natural_transition"] is True
    assert uppsala["explanation"].startswith("Måste byta från Tensta skola (årskurs 6)")
    assert (await client.get(url, params={"latitude": 95, "longitude": 17})).status_code == 422


async def test_continuity_limits_are_rules_an_admin_changes(client, client_as):
    admin = await client_as("admin")
    settings = (await client.get("/api/schools/continuity-settings")).json()
    assert settings["age_bands"][0] == {"from_age": 0, "own_travel_km": 3.0, "with_transport_km": 20.0}
    settings["age_bands"][1]["own_travel_km"] = 6
    assert (await client.put("/api/schools/continuity-settings", json=settings)).status_code == 403
    saved = await admin.put("/api/schools/continuity-settings", json=settings)
    assert saved.status_code == 200 and saved.json()["age_bands"][1]["own_travel_km"] == 6
    assert (await client.get("/api/schools/continuity-settings")).json()["age_bands"][1]["own_travel_km"] == 6
    bad = {**settings, "age_bands": [{"from_age": 0, "own_travel_km": 9, "with_transport_km": 2}]}
    assert (await admin.put("/api/schools/continuity-settings", json=bad)).status_code == 422
    log = (await admin.get("/api/audit", params={"object_type": "rule_settings"})).json()["items"]
    assert log[0]["changes"]
