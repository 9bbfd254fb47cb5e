"""A protected home cannot be located through matching by a reader who is not assigned to it.

The attack: a social worker registers children whose address, school and network (a person the child must
be protected from among them) sit at points of their choosing, then reads everything matching gives them.
If anything they receive about the protected home depended on its location, two such children (one right
at the home, one in Kiruna) would get different answers about it. They must get the same one, with no
distance in it.
"""

from __future__ import annotations

import re

import json

import pytest

from matching.engine import Withheld
from placements.schemas import WITHHELD_NOTICE
from tests.factories import child_payload, home_payload, member_payload, personal_number, school_payload, plain

TRUE_POINT = (59.3617, 17.9701)  # where the protected home really is (Sundbyberg)
KIRUNA = (67.8558, 20.2253)


def located(payload: dict, point: tuple[float, float], municipality: str) -> dict:
    payload["address"].update(latitude=point[0], longitude=point[1], municipality=municipality, city=municipality)
    return payload


@pytest.fixture
async def register(client_as):
    """The protected home's own family-care secretary registers it (and is assigned to it) and one open home."""
    owner = await client_as("placement_secretary", "family_care", name="Maria Skyddsdotter")
    protected = await owner.post("/api/foster-homes", json=located(
        home_payload(name="Familjen Skyddad", protected_identity=True, pets=[]), TRUE_POINT, "Sundbyberg"))
    assert protected.status_code == 201, protected.text
    open_home = await owner.post("/api/foster-homes", json=located(
        home_payload(name="Familjen Öppen", pets=[], household_adults=[
            {"name": "Per Öppen", "personal_number": personal_number("19700101", "238")}]),
        (59.8586, 17.6389), "Uppsala"))
    assert open_home.status_code == 201, open_home.text
    return {"owner": owner, "protected": protected.json()["id"], "open": open_home.json()["id"]}


async def _child_at(attacker, point: tuple[float, float], number: str, *, threat: bool = True) -> dict:
    """A child whose home, school, grandmother and (``threat``) a person it is protected from are all at
    ``point``."""
    lat, lon = point
    child = (await attacker.post("/api/children", json=child_payload(
        personal_number=personal_number("20140405", number), allergies=[],
        address={"street": "Vägen 1", "postal_code": "111 11", "city": "X", "municipality": "Stockholm",
                 "latitude": lat, "longitude": lon}))).json()
    for member in (
        member_payload(location={"municipality": "Stockholm", "latitude": lat + 0.0005, "longitude": lon}),
        member_payload(name="Jonas Berg", relation="father", importance=1, contact_frequency="none",
                       willing_kinship_home=False, protected_from=True, protected_reason="Våld mot barnet.",
                       location={"municipality": "Stockholm", "latitude": lat, "longitude": lon + 0.0005}),
    )[:2 if threat else 1]:
        added = await attacker.post(f"/api/children/{child['id']}/network", json=member)
        assert added.status_code == 201, added.text
    school = (await attacker.post("/api/schools", json=school_payload(
        name=f"Skolan {number}", latitude=lat - 0.0005, longitude=lon))).json()
    enrolment = await attacker.post(f"/api/children/{child['id']}/enrolments",
                                    json={"school_id": school["id"], "grade": 4, "started_on": "2025-08-18"})
    assert enrolment.status_code == 201, enrolment.text
    request = await attacker.post("/api/placement-requests", json={
        "child_ids": [child["id"]], "kind": "long_term", "legal_basis": "sol", "wanted_start": "2026-12-01"})
    assert request.status_code == 201, request.text
    return request.json()


def _about(value, home_id: str, name: str) -> list:
    """Every part of a response that is about the home: objects naming it by id, and texts naming it."""
    found = []
    if isinstance(value, dict):
        if home_id in (str(value.get("id")), str(value.get("home_id"))):
            found.append({k: v for k, v in value.items() if k not in ("child_id", "child_name")})
        else:
            for item in value.values():
                found += _about(item, home_id, name)
    elif isinstance(value, list):
        for item in value:
            found += _about(item, home_id, name)
    elif isinstance(value, str) and name in value:
        found.append(value)
    return found


async def test_an_attacker_with_children_at_chosen_points_learns_nothing_of_where_a_protected_home_is(
    client_as, register
):
    attacker = await client_as("placement_secretary", "social_worker")
    protected, name = register["protected"], "Familjen Skyddad"
    seen = {}
    for label, point, number in (("at the home", TRUE_POINT, "124"), ("in Kiruna", KIRUNA, "132")):
        request = await _child_at(attacker, point, number)
        matches = (await attacker.get(f"/api/placement-requests/{request['id']}/matches?limit=50")).json()
        assert protected not in {c["home_id"] for c in matches["candidates"]}
        queue = (await attacker.post("/api/matching/assign", json={"request_ids": [request["id"]]})).json()
        assert protected not in {item["home_id"] for item in queue["proposal"] + queue["greedy"]}
        assert "skyddade personuppgifter" in queue["note"]
        saved = await attacker.post(f"/api/placement-requests/{request['id']}/decision-records",
                                    json={"chosen_home_id": register["open"], "motive": "Prövat."})
        assert saved.status_code == 201, saved.text
        record = (await attacker.get(f"/api/decision-records/{saved.json()['id']}")).json()
        page = (await attacker.get(f"/matchning/{request['id']}")).text
        about = _about([matches, queue, record], protected, name)
        assert about, "the home is still mentioned: the reader is told it exists and who may match it"
        text = json.dumps(about, ensure_ascii=False)
        assert "km" not in text and "total" not in text and "criteria" not in text
        seen[label] = about
        assert Withheld.REASON in page and "Maria Skyddsdotter" in page
        await attacker.post(f"/api/placement-requests/{request['id']}/withdraw", json={"reason": "Klart."})
    assert seen["at the home"] == seen["in Kiruna"]
    group = next(g for g in matches["excluded"] if g["reason"] == Withheld.REASON)
    assert [{**home, "name": plain(home["name"])} for home in group["homes"]] == [
        {"id": protected, "name": name, "detail": "Kontakta Maria Skyddsdotter, som kan matcha hemmet."}]
    assert re.fullmatch(r"Familjen Skyddad \(H-[A-Z2-9]{6}\)", group["homes"][0]["name"])  # no town: protected


async def test_the_assigned_secretary_still_matches_the_protected_home_and_others_read_the_record_masked(
    client_as, register
):
    owner = register["owner"]
    request = await _child_at(owner, (59.3650, 17.9650), "124", threat=False)  # a child near the protected home
    ranked = (await owner.get(f"/api/placement-requests/{request['id']}/matches")).json()
    mine = next(c for c in ranked["candidates"] if c["home_id"] == register["protected"])
    assert mine["distance_km"] is not None and "km" in json.dumps(mine["criteria"], ensure_ascii=False)
    saved = await owner.post(f"/api/placement-requests/{request['id']}/decision-records",
                             json={"chosen_home_id": register["protected"], "motive": "Nära skolan."})
    assert saved.status_code == 201, saved.text
    colleague = await client_as("placement_secretary", "social_worker")
    record = (await colleague.get(f"/api/decision-records/{saved.json()['id']}")).json()
    assert register["protected"] not in {c["home_id"] for c in record["candidates"]}
    about = _about(record, register["protected"], "Familjen Skyddad")
    assert about and "km" not in json.dumps(about, ensure_ascii=False)
    assert record["withheld_notice"] == WITHHELD_NOTICE and plain(record["chosen_home_name"]) == "Familjen Skyddad"
    assert sum(g["count"] for g in record["excluded"]) + len(record["candidates"]) == ranked["considered"]
    page = (await colleague.get(f"/matchning/underlag/{saved.json()['id']}")).text
    assert WITHHELD_NOTICE in page
    # The owner reads their own record whole.
    assert (await owner.get(f"/api/decision-records/{saved.json()['id']}")).json()["candidates"][0]["home_id"] \
        == register["protected"]
