"""The foster-home API against the real database: create, read, update, status, close, support log."""


import pytest

from tests.factories import home_payload, personal_number


async def create(client, **overrides) -> dict:
    response = await client.post("/api/foster-homes", json=home_payload(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


async def count_homes(client) -> int:
    return (await client.get("/api/foster-homes")).json()["total"]


def edit_payload(home: dict, **overrides) -> dict:
    payload = home_payload(**overrides)
    payload.pop("status")
    payload["version"] = home["version"]
    return payload


async def test_created_home_reads_back_whole(client):
    home = await create(client)
    fetched = (await client.get(f"/api/foster-homes/{home['id']}")).json()
    assert fetched == home
    assert fetched["kind"] == "own" and fetched["status"] == "approved"
    assert fetched["address"]["postal_code"] == "163 64"
    assert fetched["capacity"]["placement_kinds"] == ["long_term", "respite"]
    assert fetched["household_adults"][0]["personal_number"] == personal_number()
    assert fetched["languages"] == ["svenska", "finska", "arabiska"]
    assert fetched["free_places"] == 2 and fetched["occupied_places"] == 0
    assert [change["status"] for change in fetched["status_history"]] == ["approved"]
    assert fetched["version"] == 1


async def test_personal_numbers_are_normalized_and_masked_in_lists(client):
    adults = [{"name": "Eva Lindqvist", "personal_number": personal_number()[2:].replace("-", "")}]
    home = await create(client, household_adults=adults)
    assert home["household_adults"][0]["personal_number"] == personal_number()
    listed = (await client.get("/api/foster-homes")).json()["items"][0]
    assert listed["adults"] == [{"name": "Eva Lindqvist", "personal_number": personal_number()[:9] + "****"}]


async def test_placed_children_take_places_from_their_start_until_the_day_before_they_leave(client):
    children = [
        {"birth_year": 2014, "relation": "placed", "placed_from": "2025-05-01", "placing_municipality": "Solna"},
        {"birth_year": 2016, "relation": "placed", "placed_from": "2024-01-10", "placed_until": "2026-12-01"},
    ]
    home = await create(client, household_children=children)
    assert home["occupied_places"] == 2 and home["free_places"] == 0
    on_moving_day = (await client.get("/api/foster-homes", params={"free_at": "2026-12-01"})).json()["items"][0]
    assert on_moving_day["free_places"] == 1
    day_before = (await client.get("/api/foster-homes", params={"free_at": "2026-11-30"})).json()["items"][0]
    assert day_before["free_places"] == 0


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        (lambda p: p["household_adults"][0].update(personal_number="19800312-1231"), "household_adults.0.personal_number", "kontrollsiffran"),
        (lambda p: p["address"].update(latitude=91), "address.latitude", "större än 90"),
        (lambda p: p["address"].update(longitude="öster"), "address.longitude", "tal"),
        (lambda p: p["capacity"].update(age_min=12, age_max=6), "capacity.age_max", "lägre än lägsta"),
        (lambda p: p["capacity"].update(places=-1), "capacity.places", "mindre än 0"),
        (lambda p: p["capacity"].update(placement_kinds=[]), "capacity.placement_kinds", "Minst 1"),
        (lambda p: p["address"].update(postal_code="1234"), "address.postal_code", "fem siffror"),
        (lambda p: p.update(kind="consultant"), "agency_id", "måste ha en konsulentverksamhet"),
        (lambda p: p.update(kind="castle"), "kind", "tillåtna värden"),
        (lambda p: p.update(household_adults=[]), "household_adults", "Minst 1"),
        (lambda p: p.update(assessments=[]), "status", "familjehemsutredning"),
        (lambda p: p.update(tags=["Trauma", "två ord"]), "tags", "två ord"),
        (lambda p: p.update(colour="blue"), "colour", "Okänt fält"),
        (lambda p: p.pop("name"), "name", "saknas"),
        (lambda p: p.update(household_children=[{"birth_year": 2015, "relation": "placed"}]), "household_children.0.placed_from", "placerat"),
        (lambda p: p.update(trainings=[{"name": "Kurs", "completed_on": "2027-01-01"}]), "trainings.0.completed_on", "framtiden"),
    ],
)
async def test_bad_input_gets_a_clear_422_naming_the_field_and_writes_nothing(client, change, field, reason):
    payload = home_payload()
    change(payload)
    response = await client.post("/api/foster-homes", json=payload)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert field in errors, errors
    assert reason in errors[field]
    assert await count_homes(client) == 0


async def test_unknown_agency_is_a_field_error(client):
    payload = home_payload(kind="consultant", agency_id="7d0f3c4e-1111-4b8a-9c1d-2e3f4a5b6c7d", contract_level="standard")
    response = await client.post("/api/foster-homes", json=payload)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "agency_id", "message": "Okänd konsulentverksamhet."}]
    assert await count_homes(client) == 0


async def test_malformed_json_is_a_422_not_a_500(client):
    response = await client.post(
        "/api/foster-homes", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_unknown_home_is_404_problem(client):
    response = await client.get("/api/foster-homes/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert response.json()["detail"] == "Familjehemmet finns inte."
    assert (await client.get("/api/foster-homes/not-a-uuid")).status_code == 422


async def test_update_replaces_the_record_and_bumps_the_version(client):
    home = await create(client)
    payload = edit_payload(home, name="Familjen Lindqvist-Öberg", tags=["ensamkommande"])
    payload["capacity"]["places"] = 3
    response = await client.put(f"/api/foster-homes/{home['id']}", json=payload)
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["name"] == "Familjen Lindqvist-Öberg"
    assert updated["tags"] == ["ensamkommande"]
    assert updated["capacity"]["places"] == 3
    assert updated["version"] == 2


async def test_an_edit_of_only_a_nested_list_still_bumps_the_version(client):
    home = await create(client)
    payload = edit_payload(home, household_children=[])
    assert (await client.put(f"/api/foster-homes/{home['id']}", json=payload)).json()["version"] == 2


async def test_stale_edit_gets_409_and_changes_nothing(client):
    home = await create(client)
    first = await client.put(f"/api/foster-homes/{home['id']}", json=edit_payload(home, name="Första ändringen"))
    assert first.status_code == 200
    stale = await client.put(f"/api/foster-homes/{home['id']}", json=edit_payload(home, name="Andra ändringen"))
    assert stale.status_code == 409
    assert stale.headers["content-type"] == "application/problem+json"
    assert "ändrats av någon annan" in stale.json()["detail"]
    current = (await client.get(f"/api/foster-homes/{home['id']}")).json()
    assert current["name"] == "Första ändringen" and current["version"] == 2


async def test_approved_home_cannot_lose_its_approving_assessment(client):
    home = await create(client)
    response = await client.put(f"/api/foster-homes/{home['id']}", json=edit_payload(home, assessments=[]))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "assessments"


async def test_status_changes_follow_the_allowed_path_and_are_kept_as_history(client):
    home = await create(client, status="applicant", status_changed_on="2026-08-15", assessments=[])
    url = f"/api/foster-homes/{home['id']}/status"
    step = await client.post(url, json={"status": "under_assessment", "changed_on": "2026-10-01", "version": 1,
                                        "reason": "Ansökan komplett, utredningen börjar."})
    assert step.status_code == 200, step.text
    not_yet = await client.post(url, json={"status": "approved", "changed_on": "2026-11-01", "version": 2,
                                           "reason": "Klar"})
    assert not_yet.status_code == 422 and not_yet.json()["errors"][0]["field"] == "status"  # no approving assessment
    jump = await client.post(url, json={"status": "paused", "reason": "Flytt", "version": 2})
    assert jump.status_code == 409
    backwards = await client.post(url, json={"status": "applicant", "changed_on": "2026-09-01", "version": 2,
                                             "reason": "Familjen vill vänta"})
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "changed_on"
    history = (await client.get(f"/api/foster-homes/{home['id']}")).json()["status_history"]
    assert [(change["status"], change["changed_on"]) for change in history] == [
        ("applicant", "2026-08-15"),
        ("under_assessment", "2026-10-01"),
    ]


async def test_every_status_change_needs_a_reason(client):
    home = await create(client, status="applicant", status_changed_on="2026-08-15", assessments=[])
    for status in ("under_assessment", "paused"):
        response = await client.post(f"/api/foster-homes/{home['id']}/status", json={"status": status, "version": 1})
        assert response.status_code == 422
        assert response.json()["errors"][0] == {"field": "reason", "message": "Ange skälet till statusändringen."}


async def test_an_approved_home_with_placed_children_changes_status_only_when_that_is_confirmed(client):
    """One click turned an approved home with three placed children into 'Under utredning'."""
    children = [{"birth_year": 2014, "relation": "placed", "placed_from": "2025-05-01"},
                {"birth_year": 2016, "relation": "placed", "placed_from": "2026-12-10"}]  # arrives next month
    home = await create(client, household_children=children)
    url = f"/api/foster-homes/{home['id']}/status"
    change = {"status": "under_assessment", "reason": "Ny utredning efter anmälan.", "version": 1}

    unconfirmed = await client.post(url, json=change)
    confirmed = await client.post(url, json={**change, "confirm_children": True})

    assert unconfirmed.status_code == 422
    [error] = unconfirmed.json()["errors"]
    assert error["field"] == "confirm_children" and error["message"].startswith("2 placerade barn bor i hemmet")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "under_assessment"


async def test_close_keeps_the_home_and_then_refuses_edits(client):
    home = await create(client)
    closed = await client.post(
        f"/api/foster-homes/{home['id']}/close", json={"reason": "Familjen avslutar uppdraget", "version": 1}
    )
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed"
    assert closed.json()["status_history"][-1]["reason"] == "Familjen avslutar uppdraget"
    edit = await client.put(f"/api/foster-homes/{home['id']}", json=edit_payload(closed.json()))
    assert edit.status_code == 409
    reopen = await client.post(f"/api/foster-homes/{home['id']}/status", json={"status": "approved", "version": 2,
                                                                               "reason": "Tillbaka"})
    assert reopen.status_code == 409
    assert (await client.delete(f"/api/foster-homes/{home['id']}")).status_code == 405


async def test_a_home_with_placed_children_cannot_be_closed(client):
    children = [{"birth_year": 2014, "relation": "placed", "placed_from": "2025-05-01"}]
    home = await create(client, household_children=children)
    response = await client.post(f"/api/foster-homes/{home['id']}/close", json={"reason": "Flytt", "version": 1})
    assert response.status_code == 409
    assert "ett placerat barn" in response.json()["detail"]
    assert (await client.get(f"/api/foster-homes/{home['id']}")).json()["status"] == "approved"


async def test_a_home_with_a_child_booked_to_arrive_later_cannot_be_closed(client):
    # Closing checked only the closing day: the child booked for January would have arrived in a closed home.
    children = [{"birth_year": 2014, "relation": "placed", "placed_from": "2027-01-10"}]
    home = await create(client, household_children=children)
    response = await client.post(f"/api/foster-homes/{home['id']}/close", json={"reason": "Flytt", "version": 1})
    assert response.status_code == 409, response.text
    assert "ett placerat barn 2026-11-23 eller senare" in response.json()["detail"]


async def test_the_register_counts_free_places_as_booking_does(client):
    # The list and the page counted only the children living there on the day: a free place booking refused.
    children = [{"birth_year": 2014, "relation": "placed", "placed_from": "2025-05-01"},
                {"birth_year": 2016, "relation": "placed", "placed_from": "2026-12-15"}]
    home = await create(client, household_children=children)
    record = (await client.get(f"/api/foster-homes/{home['id']}")).json()
    assert record["occupied_places"] == 1 and record["free_places"] == 0
    listed = (await client.get("/api/foster-homes", params={"q": home["name"]})).json()["items"]
    assert [item["free_places"] for item in listed if item["id"] == home["id"]] == [0]
    by_free = (await client.get("/api/foster-homes", params={"sort": "-free_places"})).json()["items"]
    assert [item["free_places"] for item in by_free if item["id"] == home["id"]] == [0]


async def test_support_contacts_are_logged_newest_first(client):
    home = await create(client)
    url = f"/api/foster-homes/{home['id']}/support-contacts"
    for day, note in [("2026-10-02", "Hembesök, allt väl."), ("2026-11-12", "Handledning om skolfrånvaro.")]:
        response = await client.post(url, json={"contact_date": day, "kind": "home_visit", "staff_name": "Sara Nilsson", "note": note})
        assert response.status_code == 201, response.text
    contacts = (await client.get(url)).json()
    assert [contact["contact_date"] for contact in contacts] == ["2026-11-12", "2026-10-02"]
    bad = await client.post(url, json={"contact_date": "2026-12-24", "kind": "visit", "staff_name": "", "note": ""})
    assert bad.status_code == 422
    assert {error["field"] for error in bad.json()["errors"]} == {"contact_date", "kind", "staff_name", "note"}
    assert len((await client.get(url)).json()) == 2


async def test_two_simultaneous_edits_of_the_same_version_give_one_success_and_one_409(client):
    import asyncio

    home = await create(client)
    url = f"/api/foster-homes/{home['id']}"
    responses = await asyncio.gather(
        *(client.put(url, json=edit_payload(home, name=f"Samtidig ändring {i}")) for i in range(5))
    )
    codes = sorted(response.status_code for response in responses)
    assert codes == [200, 409, 409, 409, 409]
    assert (await client.get(url)).json()["version"] == 2
