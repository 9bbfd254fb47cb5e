"""Protected homes (skyddade personuppgifter): location only for assigned staff, never leaked by lists."""

from __future__ import annotations

import csv
import io

import pytest

from tests.factories import home_payload

SPANGA = (59.3946, 17.9013)


@pytest.fixture
async def protected_home(client):
    """A protected home registered by `client` (who is thereby assigned) and an ordinary one nearby."""
    ordinary = home_payload(name="Familjen Öppen")
    await client.post("/api/foster-homes", json=ordinary)
    response = await client.post("/api/foster-homes", json=home_payload(name="Familjen Skyddad", protected_identity=True))
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
async def colleague(client_as):
    """Same roles as the registering secretary, but not assigned to the protected home."""
    return await client_as("placement_secretary", "family_care")


async def test_the_registering_secretary_is_assigned_and_sees_the_address(client, protected_home):
    assert protected_home["location_hidden"] is False
    assert protected_home["address"]["street"] == "Tensta allé 12"
    assert [person["name"] for person in protected_home["assigned_staff"]] == [client.user.name]


async def test_others_see_the_record_without_location_and_with_a_notice(colleague, protected_home):
    seen = (await colleague.get(f"/api/foster-homes/{protected_home['id']}")).json()
    assert seen["location_hidden"] is True and seen["address"] is None
    assert "Skyddade personuppgifter" in seen["location_notice"]
    assert seen["name"] == "Familjen Skyddad"  # the record itself is still there for the work


async def test_lists_hide_the_location_and_location_filters_never_match_it(colleague, protected_home):
    rows = {item["name"]: item for item in (await colleague.get("/api/foster-homes")).json()["items"]}
    assert rows["Familjen Skyddad"]["location_hidden"] is True
    assert rows["Familjen Skyddad"]["municipality"] is None and rows["Familjen Skyddad"]["city"] is None
    near = {"near_lat": SPANGA[0], "near_lon": SPANGA[1]}
    for params in ({**near, "within_km": 5}, {**near, "sort": "distance"}, {"municipality": "Stockholm"}, {"q": "Spånga"}):
        names = [item["name"] for item in (await colleague.get("/api/foster-homes", params=params)).json()["items"]]
        assert names == ["Familjen Öppen"], params
    by_municipality = (await colleague.get("/api/foster-homes", params={"sort": "municipality"})).json()["items"]
    assert [item["name"] for item in by_municipality] == ["Familjen Öppen", "Familjen Skyddad"]  # hidden ones last


async def test_assigned_staff_find_it_by_distance(client, protected_home):
    near = {"near_lat": SPANGA[0], "near_lon": SPANGA[1], "within_km": 5, "sort": "distance"}
    items = (await client.get("/api/foster-homes", params=near)).json()["items"]
    assert {item["name"] for item in items} == {"Familjen Öppen", "Familjen Skyddad"}
    assert all(item["distance_km"] == 0.0 for item in items)


async def test_export_hides_it_too(colleague, protected_home):
    exported = (await colleague.get("/api/foster-homes/export.csv")).text.lstrip("\ufeff")
    rows = {row[1]: row for row in csv.reader(io.StringIO(exported), delimiter=";")}
    assert rows["Familjen Skyddad"][5:7] == ["skyddad", "skyddad"]
    assert rows["Familjen Öppen"][5:7] == ["Stockholm", "Spånga"]
    assert "Tensta" not in exported and "17.90" not in exported


async def test_unassigned_staff_cannot_edit_it(colleague, protected_home):
    payload = {**{k: v for k, v in home_payload(name="Familjen Skyddad").items() if k != "status"}, "version": 1}
    response = await colleague.put(f"/api/foster-homes/{protected_home['id']}", json=payload)
    assert response.status_code == 403


async def test_an_admin_sees_it_only_with_a_reason_and_that_is_logged(client_as, protected_home):
    admin = await client_as("admin")
    url = f"/api/foster-homes/{protected_home['id']}"
    assert (await admin.get(url)).json()["address"] is None
    revealed = (await admin.get(url, params={"reveal_reason": "Begäran från IVO, dnr 2026-114"})).json()
    assert revealed["address"]["street"] == "Tensta allé 12"
    log = (await admin.get("/api/audit", params={"object_id": protected_home["id"], "action": "read"})).json()["items"]
    assert log[0]["detail"] == "skyddad adress visad, skäl: Begäran från IVO, dnr 2026-114"
    # A reason does not help roles without the override.
    social_worker = await client_as("social_worker")
    assert (await social_worker.get(url, params={"reveal_reason": "nyfiken"})).json()["address"] is None


async def test_assigning_a_colleague_lets_them_see_it(client, colleague, protected_home):
    url = f"/api/foster-homes/{protected_home['id']}"
    response = await client.post(f"{url}/assignments", json={"user_id": str(colleague.user.id)})
    assert response.status_code == 200, response.text
    assert (await colleague.get(url)).json()["address"]["city"] == "Spånga"
    assert (await client.post(f"{url}/assignments", json={"user_id": str(colleague.user.id)})).status_code == 409
    unknown = await client.post(f"{url}/assignments", json={"user_id": "00000000-0000-4000-8000-000000000000"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "user_id"
    assert (await client.delete(f"{url}/assignments/{colleague.user.id}")).status_code == 200
    assert (await colleague.get(url)).json()["address"] is None
