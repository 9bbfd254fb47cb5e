"""The log review never shows where a protected home or child is (skyddade personuppgifter, DOMAIN.md §5).

The admin reviewing the log must give a logged reason on the record itself to see its location; the log's
`changes` (the API, the CSV export and /admin/logg) would otherwise hand it over without one.
"""

from __future__ import annotations

import pytest

from tests.factories import child_payload, home_payload, member_payload, school_payload

# What the factories' addresses and points contain: none of it may reach the reviewer for a protected record.
LOCATION_TEXT = ("Tensta allé", "Hagalundsvägen", "163 44", "Spånga", "59.3850", "17.92", "59.428", "Sollentuna")


@pytest.fixture
async def admin(client_as):
    return await client_as("admin")


async def _changes(admin, object_id: str) -> list[dict]:
    response = await admin.get("/api/audit", params={"object_id": object_id, "page_size": 500})
    assert response.status_code == 200, response.text
    return [entry["changes"] for entry in response.json()["items"] if entry["changes"]]


def _assert_masked(text: str) -> None:
    for fragment in LOCATION_TEXT:
        assert fragment not in text, fragment


async def test_a_protected_homes_address_is_masked_in_the_log_api_export_and_page(client, admin, client_as):
    home = (await client.post("/api/foster-homes", json=home_payload(name="Familjen Skyddad", protected_identity=True))).json()
    ordinary = (await client.post("/api/foster-homes", json=home_payload(name="Familjen Öppen"))).json()
    changes = await _changes(admin, home["id"])
    assert changes and changes[0]["street"] == ["***", "***"] and changes[0]["latitude"] == ["***", "***"]
    assert changes[0]["name"] == [None, "Familjen Skyddad"]  # the rest of the entry is there for the review
    assert (await _changes(admin, ordinary["id"]))[0]["street"] == [None, "Tensta allé 12"]
    export = (await admin.get("/api/audit/export.csv", params={"object_id": home["id"]})).text
    page = (await admin.get("/admin/logg", params={"object_id": home["id"]})).text
    assert "Familjen Skyddad" in export and "Familjen Skyddad" in page
    _assert_masked(export)
    _assert_masked(page)


async def test_a_protected_childs_address_network_and_school_are_masked(client, admin):
    school = (await client.post("/api/schools", json=school_payload())).json()
    child = (await client.post("/api/children", json=child_payload(protected_identity=True))).json()
    member = (await client.post(f"/api/children/{child['id']}/network", json=member_payload())).json()
    enrolled = await client.post(f"/api/children/{child['id']}/enrolments",
                                 json={"school_id": school["id"], "grade": 5, "started_on": "2025-08-18"})
    assert enrolled.status_code == 201, enrolled.text
    everything = (await admin.get("/api/audit", params={"page_size": 500})).json()["items"]
    about_child = [e for e in everything if e["object_type"] in ("child", "network_member", "enrolment") and e["changes"]]
    assert {e["object_type"] for e in about_child} == {"child", "network_member", "enrolment"}
    _assert_masked(str(about_child))
    assert school["id"] not in str(about_child)  # the school locates the child as surely as the address
    assert (await _changes(admin, member["id"]))[0]["municipality"] == ["***", "***"]


async def test_an_address_written_while_protected_stays_masked_after_protection_is_lifted(client, admin):
    payload = child_payload(protected_identity=True)
    child = (await client.post("/api/children", json=payload)).json()
    lifted = await client.put(f"/api/children/{child['id']}", json={
        **payload, "protected_identity": False, "version": child["version"],
        "address": {**payload["address"], "street": "Nya gatan 1"}})
    assert lifted.status_code == 200, lifted.text
    changes = await _changes(admin, child["id"])
    assert len(changes) == 2
    _assert_masked(str(changes))
    assert "Nya gatan" not in str(changes)


async def test_a_home_made_protected_later_has_its_earlier_address_masked(client, admin):
    home = (await client.post("/api/foster-homes", json=home_payload(name="Familjen Senare"))).json()
    update = {**{k: v for k, v in home_payload(name="Familjen Senare", protected_identity=True).items() if k != "status"},
              "version": home["version"]}
    assert (await client.put(f"/api/foster-homes/{home['id']}", json=update)).status_code == 200
    changes = await _changes(admin, home["id"])
    assert any(c.get("protected_identity") == [False, True] for c in changes)
    _assert_masked(str(changes))
