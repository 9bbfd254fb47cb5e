"""Children's records over the API: validation, needs history, wishes, siblings, network, masking and audit."""

from __future__ import annotations

import pytest

from tests.factories import child_payload, member_payload, personal_number


async def create_child(client, **overrides) -> dict:
    response = await client.post("/api/children", json=child_payload(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
async def social_worker(client_as):
    return await client_as("social_worker")


async def test_a_child_reads_back_with_a_pseudonymous_reference_and_age(social_worker):
    child = await create_child(social_worker, responsible_worker_id=str(social_worker.user.id))
    assert child["reference"].startswith("B-") and len(child["reference"]) == 8
    assert child["birth_date"] == "2014-04-05" and child["age"] == 12
    assert child["languages"] == ["svenska", "arabiska"]
    assert child["responsible_worker"]["name"] == social_worker.user.name
    assert child["personal_number"] == personal_number("20140405", "124")
    assert (await social_worker.get(f"/api/children/{child['id']}")).json() == child


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"personal_number": "20140405-1231"}, "personal_number", "kontrollsiffran"),
        ({"personal_number": personal_number("19800101", "123")}, "personal_number", "över 20 år"),
        ({"gender": "okänd"}, "gender", "tillåtna värden"),
        ({"first_name": ""}, "first_name", "tomt"),
        ({"allergies": ["två ord"]}, "allergies", "två ord"),
        ({"responsible_worker_id": "00000000-0000-4000-8000-000000000000"}, "responsible_worker_id", "Okänd"),
    ],
)
async def test_bad_input_is_a_422_naming_the_field_and_writes_nothing(social_worker, change, field, reason):
    response = await social_worker.post("/api/children", json=child_payload(**change))
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert field in errors and reason in errors[field], errors
    assert (await social_worker.get("/api/children")).json()["total"] == 0


async def test_the_same_personal_number_twice_is_a_409(social_worker):
    await create_child(social_worker)
    response = await social_worker.post("/api/children", json=child_payload(first_name="Annan"))
    assert response.status_code == 409


async def test_needs_keep_their_history_and_the_newest_is_current(social_worker):
    child = await create_child(social_worker)
    url = f"/api/children/{child['id']}/needs"
    first = {"assessed_on": "2026-03-01", "needs": [
        {"domain": "emotional_behavioural", "level": "critical", "description": "Utåtagerande, svår sömn."},
        {"domain": "education", "level": "some"},
    ]}
    assert (await social_worker.post(url, json=first)).status_code == 201
    later = {"assessed_on": "2026-10-01", "needs": [{"domain": "emotional_behavioural", "level": "substantial"}]}
    current = (await social_worker.post(url, json=later)).json()
    assert [(n["domain"], n["level"]) for n in current] == [("education", "some"), ("emotional_behavioural", "substantial")]
    history = (await social_worker.get(url)).json()
    assert [(n["domain"], n["level"], n["assessed_on"]) for n in history] == [
        ("emotional_behavioural", "substantial", "2026-10-01"),
        ("education", "some", "2026-03-01"),
        ("emotional_behavioural", "critical", "2026-03-01"),
    ]
    twice = {"needs": [{"domain": "health", "level": "some"}, {"domain": "health", "level": "critical"}]}
    assert (await social_worker.post(url, json=twice)).status_code == 422


async def test_filter_children_by_needs_worker_and_protection(social_worker, client_as):
    colleague = await client_as("social_worker")
    heavy = await create_child(social_worker, responsible_worker_id=str(social_worker.user.id))
    await social_worker.post(f"/api/children/{heavy['id']}/needs",
                             json={"needs": [{"domain": "health", "level": "critical"}]})
    light = await create_child(social_worker, first_name="Omar", personal_number=personal_number("20160101", "135"),
                               gender="boy", responsible_worker_id=str(colleague.user.id), protected_identity=True)
    await social_worker.post(f"/api/children/{light['id']}/needs", json={"needs": [{"domain": "health", "level": "some"}]})

    async def names(**params):
        body = (await social_worker.get("/api/children", params=params)).json()
        return [item["name"] for item in body["items"]]

    assert await names(need_domain="health") == ["Elsa Nyström"]  # substantial or more by default
    assert await names(need_domain="health", min_need_level="some") == ["Elsa Nyström", "Omar Nyström"]
    assert await names(min_need_level="critical") == ["Elsa Nyström"]
    assert await names(worker_id=str(colleague.user.id)) == ["Omar Nyström"]
    assert await names(protected="true") == ["Omar Nyström"]
    assert await names(q="omar") == ["Omar Nyström"]
    listed = {i["name"]: i for i in (await social_worker.get("/api/children")).json()["items"]}
    assert listed["Elsa Nyström"]["personal_number"].endswith("****")
    assert [n["domain"] for n in listed["Elsa Nyström"]["top_needs"]] == ["health"]
    assert listed["Omar Nyström"]["municipality"] == "Stockholm"  # registered it, so assigned
    third = await client_as("placement_secretary")
    seen = {i["name"]: i for i in (await third.get("/api/children")).json()["items"]}
    assert seen["Omar Nyström"]["municipality"] is None  # protected, and not assigned
    bad = await social_worker.get("/api/children", params={"min_need_level": "enorm"})
    assert bad.status_code == 422


async def test_protected_child_shows_address_to_its_worker_only(social_worker, client_as):
    worker = await client_as("social_worker")
    child = await create_child(social_worker, protected_identity=True, responsible_worker_id=str(worker.user.id))
    assert (await worker.get(f"/api/children/{child['id']}")).json()["address"]["city"] == "Spånga"
    assert child["address"]["city"] == "Spånga"  # the registering worker is assigned
    stranger = await client_as("placement_secretary")
    seen = (await stranger.get(f"/api/children/{child['id']}")).json()
    assert seen["address"] is None and seen["location_hidden"] and "Skyddade" in seen["location_notice"]
    await social_worker.post(f"/api/children/{child['id']}/network", json=member_payload())
    members = (await stranger.get(f"/api/children/{child['id']}/network")).json()
    assert members[0]["location"] is None  # the network's addresses are protected with the child's
    update = {**child_payload(protected_identity=True), "version": child["version"]}
    assert (await stranger.put(f"/api/children/{child['id']}", json=update)).status_code == 403


async def test_roles_that_never_see_children(client_as):
    for role in ("budget_group", "admin"):
        outsider = await client_as(role)
        assert (await outsider.get("/api/children")).status_code == 403
        assert (await outsider.post("/api/children", json=child_payload())).status_code == 403


async def test_family_care_reads_but_does_not_write_children(client_as, social_worker):
    child = await create_child(social_worker)
    family_care = await client_as("family_care")
    seen = (await family_care.get(f"/api/children/{child['id']}")).json()
    assert seen["personal_number"].endswith("****")  # reads the case, does not own it
    assert (await family_care.post(f"/api/children/{child['id']}/wishes", json={"said_on": "2026-11-01", "text": "Vill bo nära mormor."})).status_code == 403


async def test_wishes_siblings_and_examinations(social_worker):
    child = await create_child(social_worker)
    brother = await create_child(social_worker, first_name="Adam", gender="boy", personal_number=personal_number("20170808", "131"))
    wish = await social_worker.post(f"/api/children/{child['id']}/wishes",
                                    json={"said_on": "2026-11-10", "text": "Vill bo med Adam och gå kvar i skolan."})
    assert wish.status_code == 201
    linked = await social_worker.post(f"/api/children/{child['id']}/siblings", json={"child_id": brother["id"]})
    assert [s["name"] for s in linked.json()["siblings"]] == ["Adam Nyström"]
    from_brother = (await social_worker.get(f"/api/children/{brother['id']}")).json()
    assert [s["name"] for s in from_brother["siblings"]] == ["Elsa Nyström"]
    assert (await social_worker.post(f"/api/children/{brother['id']}/siblings", json={"child_id": child["id"]})).status_code == 409
    assert (await social_worker.post(f"/api/children/{child['id']}/siblings", json={"child_id": child["id"]})).status_code == 422
    examined = await social_worker.post(f"/api/children/{child['id']}/network-examinations", json={
        "examined_on": "2026-11-12", "conclusion": "kinship_possible", "note": "Mormor är villig och utreds."})
    assert examined.json()["network_examinations"][0]["conclusion"] == "kinship_possible"
    assert examined.json()["wishes"][0]["text"].startswith("Vill bo med Adam")


async def test_network_members_with_protection_need_a_reason(social_worker):
    child = await create_child(social_worker)
    url = f"/api/children/{child['id']}/network"
    missing_reason = await social_worker.post(url, json=member_payload(name="Jonas Berg", relation="father", protected_from=True))
    assert missing_reason.status_code == 422
    assert missing_reason.json()["errors"][0]["field"] == "protected_reason"
    father = await social_worker.post(url, json=member_payload(
        name="Jonas Berg", relation="father", protected_from=True, protected_reason="Dom för misshandel av barnet 2025.",
        willing_kinship_home=False))
    assert father.status_code == 201
    grandmother = (await social_worker.post(url, json=member_payload())).json()
    update = {**member_payload(importance=2), "version": grandmother["version"]}
    updated = await social_worker.put(f"{url}/{grandmother['id']}", json=update)
    assert updated.status_code == 200 and updated.json()["importance"] == 2
    assert (await social_worker.put(f"{url}/{grandmother['id']}", json=update)).status_code == 409
    assert (await social_worker.delete(f"{url}/{father.json()['id']}")).status_code == 204
    assert [m["name"] for m in (await social_worker.get(url)).json()] == ["Birgitta Nyström"]


async def test_reads_and_changes_of_a_child_are_audited(social_worker, client_as):
    child = await create_child(social_worker)
    await social_worker.get(f"/api/children/{child['id']}")
    await social_worker.get("/api/children")
    admin = await client_as("admin")
    log = (await admin.get("/api/audit", params={"object_id": child["id"]})).json()["items"]
    assert [(e["action"], e["detail"]) for e in reversed(log)] == [("create", None), ("read", None), ("read", "lista")]
    assert log[-1]["changes"]["personal_number"][1] == child["personal_number"]


async def test_a_back_dated_assessment_does_not_replace_the_current_need(social_worker):
    child = await create_child(social_worker)
    url = f"/api/children/{child['id']}/needs"
    await social_worker.post(url, json={"assessed_on": "2026-10-01", "needs": [{"domain": "health", "level": "some"}]})
    await social_worker.post(url, json={"assessed_on": "2026-02-01", "needs": [{"domain": "health", "level": "critical"}]})
    current = (await social_worker.get(f"/api/children/{child['id']}")).json()["needs"]
    assert [(n["domain"], n["level"]) for n in current] == [("health", "some")]
    listed = (await social_worker.get("/api/children", params={"need_domain": "health", "min_need_level": "critical"})).json()
    assert listed["total"] == 0  # the filter follows the same current need as the record


async def test_readers_see_network_members_personal_numbers_masked(social_worker, client_as):
    child = await create_child(social_worker)
    await social_worker.post(f"/api/children/{child['id']}/network", json=member_payload(personal_number=personal_number("19580302", "246")))
    family_care = await client_as("family_care")
    member = (await family_care.get(f"/api/children/{child['id']}/network")).json()[0]
    assert member["personal_number"] == "19580302-****"
    assert (await social_worker.get(f"/api/children/{child['id']}/network")).json()[0]["personal_number"].startswith("19580302-2")
