"""Matching over the API against the real database: a request, its ranking, the queue, decision records."""

from __future__ import annotations

import pytest

from tests.factories import child_payload, home_payload, member_payload, personal_number, school_payload, plain

GRANDMOTHER = personal_number("19580302", "246")
FATHER = personal_number("19820101", "111")


def at(payload: dict, lat: float, lon: float, municipality: str) -> dict:
    payload["address"].update(latitude=lat, longitude=lon, municipality=municipality, city=municipality)
    return payload


@pytest.fixture
async def case(client):
    """Elsa (10) with a grandmother in a kinship home in Uppsala and a father she is protected from in Huddinge."""
    homes = {}
    specs = {
        "Mormors hem": at(home_payload(kind="kinship", household_adults=[{"name": "Birgitta Nyström", "personal_number": GRANDMOTHER}]),
                          59.8586, 17.6389, "Uppsala"),
        "Familjen Nära": at(home_payload(trainings=[{"name": "Trauma och anknytning", "completed_on": "2026-03-10",
                                                     "domain": "emotional_behavioural"}]), 59.44, 17.85, "Sundbyberg"),
        "Familjen Huddinge": at(home_payload(), 59.2400, 17.9900, "Huddinge"),
        "Familjen Full": at(home_payload(household_children=[
            {"birth_year": 2015, "relation": "placed", "placed_from": "2025-01-01"},
            {"birth_year": 2016, "relation": "placed", "placed_from": "2025-01-01"}]), 59.41, 17.92, "Stockholm"),
    }
    for name, payload in specs.items():
        payload["name"] = name
        response = await client.post("/api/foster-homes", json=payload)
        assert response.status_code == 201, response.text
        homes[name] = response.json()["id"]
    child = (await client.post("/api/children", json=child_payload(allergies=[]))).json()
    await client.post(f"/api/children/{child['id']}/network", json=member_payload(personal_number=GRANDMOTHER,
                      location={"municipality": "Uppsala", "latitude": 59.8586, "longitude": 17.6389}))
    await client.post(f"/api/children/{child['id']}/network", json=member_payload(
        name="Jonas Berg", relation="father", importance=1, contact_frequency="none", personal_number=FATHER,
        willing_kinship_home=False, protected_from=True, protected_reason="Våld mot barnet.",
        location={"municipality": "Huddinge", "latitude": 59.2360, "longitude": 17.9820}))
    school = (await client.post("/api/schools", json=school_payload())).json()
    await client.post(f"/api/children/{child['id']}/enrolments", json={"school_id": school["id"], "grade": 4, "started_on": "2025-08-18"})
    response = await client.post("/api/placement-requests", json={
        "child_ids": [child["id"]], "kind": "long_term", "legal_basis": "lvu_2", "wanted_start": "2026-12-01",
        "urgency": 3, "protection_needs": True})
    assert response.status_code == 201, response.text
    return {"homes": homes, "child": child, "request": response.json()}


async def test_the_kinship_home_ranks_first_and_every_exclusion_has_its_reason(client, case):
    response = await client.get(f"/api/placement-requests/{case['request']['id']}/matches")
    assert response.status_code == 200, response.text
    body = response.json()
    assert [plain(c["home_name"]) for c in body["candidates"]] == ["Mormors hem", "Familjen Nära"]
    first = body["candidates"][0]
    assert first["kinship"] and first["criteria"][0]["reason"] == "Nätverkshem: Birgitta Nyström (mor- eller farförälder) bor i hemmet."
    school = next(c for c in body["candidates"][1]["criteria"] if c["criterion"] == "school")
    assert school["reason"].startswith("Elsa kan gå kvar i Tensta skola (årskurs 5)")
    excluded = {group["reason"]: [plain(home["name"]) for home in group["homes"]] for group in body["excluded"]}
    assert excluded == {
        "För få lediga platser": ["Familjen Full"],
        "Skydd: nära en person som barnet ska skyddas från": ["Familjen Huddinge"],
    }
    assert body["considered"] == 4 and body["feasible"] == 2


async def test_a_request_is_validated(client, case):
    bad = await client.post("/api/placement-requests", json={"child_ids": [], "kind": "forever", "legal_basis": "lvu_9",
                                                             "wanted_start": "2020-01-01"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"child_ids", "kind", "legal_basis", "wanted_start"}
    again = await client.post("/api/placement-requests", json={"child_ids": [case["child"]["id"]], "kind": "long_term",
                                                               "legal_basis": "sol", "wanted_start": "2026-12-01"})
    assert again.status_code == 409 and case["request"]["reference"] in again.json()["detail"]
    unknown = await client.post("/api/placement-requests", json={"child_ids": ["00000000-0000-4000-8000-000000000000"],
                                                                 "kind": "long_term", "legal_basis": "sol", "wanted_start": "2026-12-01"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "child_ids.0"


async def test_a_decision_record_keeps_the_ranking_and_the_motive(client, case):
    url = f"/api/placement-requests/{case['request']['id']}/decision-records"
    chosen = case["homes"]["Mormors hem"]
    saved = await client.post(url, json={"chosen_home_id": chosen, "motive": "Nätverket först: mormor är utredd och lämplig."})
    assert saved.status_code == 201, saved.text
    decision = saved.json()
    assert plain(decision["chosen_home_name"]) == "Mormors hem" and decision["created_by"] == client.user.name
    assert [plain(c["home_name"]) for c in decision["candidates"]] == ["Mormors hem", "Familjen Nära"]
    assert decision["settings"]["weights"]["network"] == 0.3
    assert (await client.get(f"/api/decision-records/{decision['id']}")).json() == decision
    assert (await client.get(url)).json() == [decision["id"]]
    excluded_choice = await client.post(url, json={"chosen_home_id": case["homes"]["Familjen Huddinge"], "motive": "x"})
    assert excluded_choice.status_code == 422
    both = await client.post(url, json={"chosen_home_id": chosen, "accept_split": True, "motive": "x"})
    assert both.status_code == 422 and both.json()["errors"][0]["field"] == "chosen_home_id"
    # The record keeps the request as it was; the request is now matched (a home chosen, nothing booked).
    assert decision["request"]["reference"] == case["request"]["reference"]
    assert decision["request"]["status"] == "open" and decision["request"]["legal_basis"] == "lvu_2"
    assert decision["request"]["children"][0]["name"] == "Elsa" and decision["split"] is None
    request = (await client.get(f"/api/placement-requests/{case['request']['id']}")).json()
    assert request["status"] == "matched"
    assert (await client.post("/api/matching/assign", json={})).status_code == 422  # no open request left


async def test_a_change_in_the_register_reaches_the_next_ranking(client, case):
    """Matching keeps the register in memory; every committed change to a home must show at once."""
    url = f"/api/placement-requests/{case['request']['id']}/matches"
    assert [plain(c["home_name"]) for c in (await client.get(url)).json()["candidates"]] == ["Mormors hem", "Familjen Nära"]
    near = case["homes"]["Familjen Nära"]
    home = (await client.get(f"/api/foster-homes/{near}")).json()
    paused = await client.post(f"/api/foster-homes/{near}/status", json={
        "status": "paused", "reason": "Familjen tar en paus över jul.", "version": home["version"]})
    assert paused.status_code == 200, paused.text
    body = (await client.get(url)).json()
    assert [plain(c["home_name"]) for c in body["candidates"]] == ["Mormors hem"]
    assert any("Familjen Nära" in [plain(h["name"]) for h in group["homes"]] for group in body["excluded"])


async def test_siblings_no_home_can_take_together_get_a_split_that_can_be_recorded(client):
    for name, lat in (("Familjen Ett", 59.33), ("Familjen Två", 59.34)):
        payload = at(home_payload(household_children=[], pets=[]), lat, 18.06, "Stockholm")
        payload["name"] = name
        payload["capacity"]["places"] = 1
        assert (await client.post("/api/foster-homes", json=payload)).status_code == 201
    first = (await client.post("/api/children", json=child_payload(allergies=[]))).json()
    second = (await client.post("/api/children", json=child_payload(
        first_name="Vera", personal_number=personal_number("20160812", "128"), allergies=[]))).json()
    assert (await client.post(f"/api/children/{first['id']}/siblings", json={"child_id": second["id"]})).status_code == 200
    request = (await client.post("/api/placement-requests", json={
        "child_ids": [first["id"], second["id"]], "kind": "long_term", "legal_basis": "sol",
        "wanted_start": "2026-12-01", "urgency": 2, "together": True})).json()
    matches = (await client.get(f"/api/placement-requests/{request['id']}/matches")).json()
    assert matches["candidates"] == [] and matches["split"] is not None
    assert {plain(h["home_name"]) for h in matches["split"]["homes"]} == {"Familjen Ett", "Familjen Två"}
    # The whole queue agrees with the request's page: it splits them too, each child a row with a home of its
    # own (which child where is the queue's optimum; the page also weighs how near the homes are to each other).
    queue = (await client.post("/api/matching/assign", json={"request_ids": [request["id"]]})).json()
    assert sorted(row["children"] for row in queue["proposal"]) == ["Elsa", "Vera"]
    assert {plain(row["home_name"] or "") for row in queue["proposal"]} == {"Familjen Ett", "Familjen Två"}
    assert all(row["reason"] == "Delas: inget hem kan ta emot båda syskonen tillsammans." for row in queue["proposal"])
    url = f"/api/placement-requests/{request['id']}/decision-records"
    saved = await client.post(url, json={"accept_split": True, "motive": "Hemmen ligger nära varandra; syskonen går i samma skola."})
    assert saved.status_code == 201, saved.text
    assert saved.json()["chosen_home_id"] is None and saved.json()["split"]["homes"] == matches["split"]["homes"]
    no_home = await client.post(url, json={"motive": "Inget val."})
    assert no_home.status_code == 422
    # Booking follows the split: not both children into one of its homes, each into its own.
    home_of = {h["child_id"]: h["home_id"] for h in matches["split"]["homes"]}
    base = {"kind": "long_term", "legal_basis": "sol", "decided_on": "2026-11-20", "decided_by": "Socialnämnden",
            "starts_on": "2026-12-01", "not_kinship_reason": "Ingen i nätverket kan.", "request_id": request["id"],
            "decision_record_id": saved.json()["id"]}
    together = await client.post("/api/placements", json={
        **base, "child_ids": [first["id"], second["id"]], "foster_home_id": home_of[first["id"]]})
    assert together.status_code == 422 and together.json()["errors"][0]["field"] == "foster_home_id"
    for child in (first, second):
        alone = await client.post("/api/placements", json={
            **base, "child_ids": [child["id"]], "foster_home_id": home_of[child["id"]]})
        assert alone.status_code == 201, alone.text
    assert (await client.get(f"/api/placement-requests/{request['id']}")).json()["status"] == "placed"


async def test_the_queue_gets_an_optimal_proposal_beside_greedy_and_books_nothing(client, case):
    response = await client.post("/api/matching/assign", json={})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["proven_optimal"] and body["method"] == "min-cost flow"
    assert plain(body["proposal"][0]["home_name"]) == "Mormors hem" and body["proposal"][0]["children"] == "Elsa"
    assert body["total"] >= body["greedy_total"]
    assert "inget är bokat" in body["note"]
    request = (await client.get(f"/api/placement-requests/{case['request']['id']}")).json()
    assert request["status"] == "open"


async def test_matching_rules_are_settings_an_admin_changes(client, client_as):
    admin = await client_as("admin")
    current = (await client.get("/api/matching/settings")).json()
    current["weights"]["network"] = 0.5
    assert (await client.put("/api/matching/settings", json=current)).status_code == 403
    assert (await admin.put("/api/matching/settings", json=current)).json()["weights"]["network"] == 0.5
    zero = {**current, "weights": {k: 0 for k in current["weights"]}}
    assert (await admin.put("/api/matching/settings", json=zero)).status_code == 422


async def test_the_budget_group_sees_no_matching(client_as, case):
    budget = await client_as("budget_group")
    assert (await budget.get(f"/api/placement-requests/{case['request']['id']}/matches")).status_code == 403
    assert (await budget.post("/api/matching/assign", json={})).status_code == 403


async def test_withdrawing_a_request(client, case):
    url = f"/api/placement-requests/{case['request']['id']}/withdraw"
    withdrawn = await client.post(url, json={"reason": "Barnet kan bo kvar hemma med stöd.", "version": 1})
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert (await client.post(url, json={"reason": "Igen", "version": 2})).status_code == 409
    listed = (await client.get("/api/placement-requests", params={"status": "open"})).json()
    assert listed["total"] == 0


async def test_a_request_that_is_not_open_is_a_409_wherever_it_is_used(client, case):
    # Saving a decision record and booking answered 422 (as if the input were wrong), withdrawing 409.
    from tests.placements.test_placements_api import booking

    request = case["request"]
    withdrawn = await client.post(f"/api/placement-requests/{request['id']}/withdraw",
                                  json={"reason": "Barnet kan bo kvar hemma med stöd.", "version": 1})
    assert withdrawn.status_code == 200
    not_open = f"Förfrågan {request['reference']} är inte längre öppen (redan placerad eller återkallad)."
    answers = [
        await client.post(f"/api/placement-requests/{request['id']}/decision-records",
                          json={"chosen_home_id": case["homes"]["Familjen Nära"], "motive": "Nära skolan."}),
        await client.post("/api/placements", json=booking([case["child"]["id"]], case["homes"]["Familjen Nära"],
                                                         request_id=request["id"])),
        await client.post(f"/api/placement-requests/{request['id']}/withdraw", json={"reason": "Igen", "version": 2}),
    ]
    assert [(answer.status_code, answer.json()["detail"]) for answer in answers] == [(409, not_open)] * 3


async def test_placements_feed_the_ranking_siblings_earlier_stays_and_breakdowns(client):
    """Vera lives in Familjen Ek; Elsa lived well in Familjen Björk until June, where Omar's stay then broke down."""
    from tests.placements.test_placements_api import booking, make_child, make_home

    ek = await make_home(client, name="Familjen Ek")
    bjork = await make_home(client, name="Familjen Björk")
    elsa = await make_child(client, 0)
    vera = await make_child(client, 1, first_name="Vera")
    omar = await make_child(client, 2, first_name="Omar", gender="boy")
    assert (await client.post(f"/api/children/{elsa['id']}/siblings", json={"child_id": vera["id"]})).status_code == 200
    assert (await client.post("/api/placements", json=booking([vera["id"]], ek["id"], starts_on="2026-10-01"))).status_code == 201
    for child, start, end, reason in ((elsa, "2026-01-10", "2026-06-01", "planned_return_home"),
                                      (omar, "2026-06-01", "2026-09-01", "unplanned_move")):
        placed = (await client.post("/api/placements", json=booking([child["id"]], bjork["id"], starts_on=start))).json()[0]
        ended = await client.post(f"/api/placements/{placed['id']}/end",
                                  json={"ended_on": end, "reason": reason, "version": placed["version"]})
        assert ended.status_code == 200, ended.text
    request = (await client.post("/api/placement-requests", json={
        "child_ids": [elsa["id"]], "kind": "long_term", "legal_basis": "sol", "wanted_start": "2026-12-01"})).json()

    body = (await client.get(f"/api/placement-requests/{request['id']}/matches")).json()

    by_name = {plain(c["home_name"]): {k["criterion"]: k for k in c["criteria"]} for c in body["candidates"]}
    assert by_name["Familjen Ek"]["network"]["score"] == 1.0
    assert by_name["Familjen Ek"]["network"]["reason"] == "Syskonet Vera Nyström bor redan i hemmet."
    assert by_name["Familjen Björk"]["continuity"]["score"] == 1.0
    assert by_name["Familjen Björk"]["stability"]["reason"].startswith("1 oplanerat avslut tidigare")
    assert by_name["Familjen Ek"]["continuity"]["score"] == 0.0


async def test_a_home_with_a_child_booked_to_arrive_later_has_no_place_to_offer_now(client):
    """Matching counts free places as booking does: a new place is open-ended, so a child arriving later
    takes the last place already."""
    from tests.placements.test_placements_api import booking, make_child, make_home

    home = await make_home(client, places=1, name="Familjen Sen")
    later, now = await make_child(client, 0), await make_child(client, 1)
    assert (await client.post("/api/placements", json=booking([later["id"]], home["id"], starts_on="2027-01-15"))).status_code == 201
    request = (await client.post("/api/placement-requests", json={
        "child_ids": [now["id"]], "kind": "long_term", "legal_basis": "sol", "wanted_start": "2026-12-01"})).json()
    body = (await client.get(f"/api/placement-requests/{request['id']}/matches")).json()
    assert body["candidates"] == []
    full = next(group for group in body["excluded"] if group["reason"] == "För få lediga platser")
    assert [plain(h["name"]) for h in full["homes"]] == ["Familjen Sen"]
