"""A sweep over every read channel: nothing that depends on a protected home's or child's location reaches
staff who are not assigned to it (skyddade personuppgifter).

One protected home and one protected child (with a school, a network member and a placement) are registered
by the staff assigned to them, with location values found nowhere else. Then new users of every role, none
of them assigned, read every list, filter, sort, search, export, page, feed and error the app offers, and
the distinctive values must not appear in any of them; location filters and searches must not find the
home, and sorting by distance must not place it.

Municipality counts as location here too: the lists hide it for protected homes and children (README,
"Children, networks and schools"; tests/foster_homes/test_protected_identity.py), so it is one more needle.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.factories import child_payload, home_payload, member_payload, personal_number, school_payload

HTML = {"Accept": "text/html"}
HTMX = {"HX-Request": "true", "Accept": "*/*"}

# ---------------------------------------------------------------- the secrets

HOME_POINT = (63.17892, 14.63571)
HOME_ADDRESS = {
    "street": "Hemliggatan 17",
    "postal_code": "987 65",
    "city": "Ahemligby",  # sorts before every other place: a leaked sort by city/municipality would show
    "municipality": "Ahemlingsö",
    "latitude": HOME_POINT[0],
    "longitude": HOME_POINT[1],
}
# Longitudes with a dot and three decimals are left out where they could be a timestamp's seconds ("14.636");
# latitudes over 60 and the comma forms cannot be.
HOME_NEEDLES = [
    "Hemliggatan", "987 65", "98765", "Ahemligby", "Ahemlingsö", "Ahemlings%C3%B6",
    "63.1789", "63,1789", "14.6357", "14,6357", "63.179", "63,179", "14,636",
]

CHILD_POINT = (65.58234, 22.15467)
CHILD_ADDRESS = {
    "street": "Gömstigen 4",
    "postal_code": "983 33",
    "city": "Lönnbyn",
    "municipality": "Tystträsk",
    "latitude": CHILD_POINT[0],
    "longitude": CHILD_POINT[1],
}
SCHOOL = {"name": "Tystnadens skola", "street": "Skolgränd 9", "municipality": "Skolkommun",
          "latitude": 65.58811, "longitude": 22.16122}
MEMBER_LOCATION = {"street": "Morbrorsvägen 2", "postal_code": "983 40", "city": "Morbrorsby",
                   "municipality": "Tystträsk", "latitude": 65.57003, "longitude": 22.17009}
# The child's own location and its network's: never in any channel.
CHILD_NEEDLES = [
    "Gömstigen", "983 33", "98333", "Lönnbyn", "Tystträsk", "Tystträsk".replace("ä", "%C3%A4"),
    "65.582", "65,582", "22,154", "22,155",
    "Morbrorsvägen", "983 40", "Morbrorsby", "65.570", "65,570", "22,170",
]
# Its school: the register of schools is public (any school picker lists it), so the school's values are
# needles only where they would be tied to the child.
SCHOOL_NEEDLES = ["Tystnadens skola", "Skolgränd", "65.588", "65,588", "22,161"]
# Where the protected child lives now: the (ordinary) home it is placed in. Only in the child's channels.
PLACED_IN = "Familjen Mottagare"

ROLES = [
    ("placement_secretary",),
    ("social_worker",),
    ("family_care",),
    ("budget_group",),
    ("administrative_assistant",),
    ("admin",),
    ("placement_secretary", "family_care", "social_worker"),
]
ROLE_IDS = ["+".join(roles) for roles in ROLES]
CHILD_WRITERS = [("placement_secretary",), ("social_worker",)]

START = "2026-12-01"


def _body(response) -> str:
    """The response as text a reader sees (JSON decoded, so escaped letters are compared as letters)."""
    if response.headers.get("content-type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.text


def assert_clean(response, needles, where: str = "") -> None:
    assert response.status_code < 500, (where, response.status_code, response.text[:500])
    text = _body(response)
    # A needle counts where it starts a token: "98765" inside a UUID or "14.6357" as a timestamp's seconds
    # ("10:14:14.635712") is chance, not a leak, and would make the sweep fail at random.
    found = [needle for needle in needles if re.search(r"(?<![0-9A-Za-z:])" + re.escape(needle), text)]
    assert not found, f"{where or response.request.url}: {found} in {response.status_code} {text[:300]}"


def _booking(child_ids, home_id, **fields) -> dict:
    return {
        "child_ids": child_ids, "foster_home_id": home_id, "kind": "long_term", "legal_basis": "lvu_2",
        "decided_on": "2026-11-20", "decided_by": "Socialnämndens individutskott", "starts_on": START,
        "not_kinship_reason": "Ingen i nätverket kan ta emot barnet.", "network_examined": True, **fields,
    }


async def _created(response) -> dict:
    assert response.status_code == 201, response.text
    return response.json()


def _home(name: str, address: dict | None = None, number: str = "238", **fields) -> dict:
    payload = home_payload(name=name, pets=[], household_adults=[
        {"name": f"Vuxen {name}", "personal_number": personal_number("19700101", number)}], **fields)
    if address:
        payload["address"] = dict(address)
    return payload


# ---------------------------------------------------------------- the world


@pytest.fixture
async def world(client_as):
    owner = await client_as("placement_secretary", "family_care", "social_worker", name="Maria Skyddsdotter")
    worker = await client_as("social_worker", "placement_secretary", name="Sara Barnsekreterare")

    protected = await _created(await owner.post("/api/foster-homes", json=_home(
        "Familjen Skyddad", HOME_ADDRESS, "238", protected_identity=True)))
    open_near = await _created(await owner.post("/api/foster-homes", json=_home(
        "Familjen Öppen", None, "246")))  # Tensta, Stockholm
    kiruna = {"street": "Bergsgatan 1", "postal_code": "981 31", "city": "Kiruna", "municipality": "Kiruna",
              "latitude": 67.8558, "longitude": 20.2253}
    open_far = await _created(await owner.post("/api/foster-homes", json=_home("Familjen Norr", kiruna, "253")))
    receiving = await _created(await owner.post("/api/foster-homes", json=_home(PLACED_IN, None, "261")))

    # A protected child, its school, its network and where it now lives.
    school = await _created(await worker.post("/api/schools", json=school_payload(**SCHOOL)))
    child = await _created(await worker.post("/api/children", json=child_payload(
        first_name="Nora", last_name="Dold", personal_number=personal_number("20130707", "228"), allergies=[],
        protected_identity=True, responsible_worker_id=str(worker.user.id), address=dict(CHILD_ADDRESS))))
    member = await _created(await worker.post(f"/api/children/{child['id']}/network", json=member_payload(
        name="Morbror Dold", relation="aunt_uncle", location=dict(MEMBER_LOCATION))))
    await _created(await worker.post(f"/api/children/{child['id']}/enrolments",
                                     json={"school_id": school["id"], "grade": 6, "started_on": "2025-08-18"}))
    request = await _created(await worker.post("/api/placement-requests", json={
        "child_ids": [child["id"]], "kind": "long_term", "legal_basis": "lvu_2", "wanted_start": START}))
    placement = (await _created(await worker.post("/api/placements", json=_booking(
        [child["id"]], receiving["id"], responsible_worker_id=str(worker.user.id)))))[0]

    # An ordinary child placed in the protected home, and a sibling of the protected child.
    omar = await _created(await owner.post("/api/children", json=child_payload(
        first_name="Omar", last_name="Ali", personal_number=personal_number("20120303", "442"), allergies=[],
        responsible_worker_id=str(owner.user.id))))
    omar_placement = (await _created(await owner.post("/api/placements", json=_booking(
        [omar["id"]], protected["id"], responsible_worker_id=str(owner.user.id)))))[0]
    sibling = await _created(await worker.post("/api/children", json=child_payload(
        first_name="Vera", last_name="Dold", personal_number=personal_number("20150909", "224"), allergies=[],
        responsible_worker_id=str(worker.user.id))))
    linked = await worker.post(f"/api/children/{sibling['id']}/siblings", json={"child_id": child["id"]})
    assert linked.status_code == 200, linked.text

    # An ordinary child living 200 m from the protected home, with an open request: an attacker's probe.
    elsa = await _created(await owner.post("/api/children", json=child_payload(
        personal_number=personal_number("20140405", "124"), allergies=[], responsible_worker_id=str(owner.user.id),
        address={"street": "Provvägen 1", "postal_code": "111 11", "city": "Provby", "municipality": "Stockholm",
                 "latitude": 63.1805, "longitude": 14.6400})))
    elsa_request = await _created(await owner.post("/api/placement-requests", json={
        "child_ids": [elsa["id"]], "kind": "long_term", "legal_basis": "sol", "wanted_start": START}))

    return {
        "owner": owner, "worker": worker, "protected": protected, "open_near": open_near, "open_far": open_far,
        "receiving": receiving, "school": school, "child": child, "member": member, "request": request,
        "placement": placement, "omar": omar, "omar_placement": omar_placement, "sibling": sibling,
        "elsa": elsa, "elsa_request": elsa_request,
    }


@pytest.fixture(params=ROLES, ids=ROLE_IDS)
async def reader(request, client_as, world):
    """A new user with the role(s), assigned to nothing."""
    return await client_as(*request.param, name="Nils Nyfiken", unit="Enhet placering", team="Team A")


def without_school_picker(response, school_id: str) -> str:
    """A child's page for writers carries the enrolment form's picker of every school in the register: that
    list is public. Only a pre-selected school would tie one to the child."""
    import re

    text = _body(response)
    assert f'value="{school_id}" selected' not in text
    return re.sub(r'<select id="f-school_id".*?</select>', "", text, flags=re.S)


class _Text:
    """Just enough of a response for assert_clean."""

    def __init__(self, response, text: str):
        self.status_code, self.headers, self.text, self.request = response.status_code, {}, text, response.request


def _ids_in(response) -> set[str]:
    if response.status_code != 200:
        return set()
    if response.headers.get("content-type", "").startswith("application/json"):
        return {str(item.get("id")) for item in response.json().get("items", [])}
    return set()


# ---------------------------------------------------------------- the protected home


async def test_home_record_and_its_pages_carry_no_location(reader, world):
    home_id = world["protected"]["id"]
    for url, headers in ((f"/api/foster-homes/{home_id}", None), (f"/familjehem/{home_id}", HTML),
                         (f"/familjehem/{home_id}/redigera", HTML), (f"/api/foster-homes/{home_id}/support-contacts", None)):
        assert_clean(await reader.get(url, headers=headers), HOME_NEEDLES)
    # A reason helps only an admin, and is logged; without one nothing shows.
    assert_clean(await reader.get(f"/api/foster-homes/{home_id}", params={"reveal_reason": ""}), HOME_NEEDLES)


async def test_home_lists_exports_and_the_register_page_carry_no_location(reader, world):
    protected = world["protected"]["id"]
    for params in ({}, {"sort": "municipality"}, {"sort": "-name"}, {"sort": "-free_places"}, {"sort": "-created"},
                   {"page_size": 1, "page": 2}, {"status": "approved"}, {"min_free": 1}, {"accepts_age": 10},
                   {"tag": "trauma"}, {"q": "Familjen"}, {"q": "Skyddad"}):
        listed = await reader.get("/api/foster-homes", params=params)
        assert_clean(listed, HOME_NEEDLES)
        if listed.status_code == 200:
            for item in listed.json()["items"]:
                if item["id"] == protected:
                    assert item["location_hidden"] is True and item["distance_km"] is None, params
        assert_clean(await reader.get("/api/foster-homes/export.csv", params=params), HOME_NEEDLES)
        assert_clean(await reader.get("/familjehem", params=params, headers=HTML), HOME_NEEDLES)
        assert_clean(await reader.get("/familjehem", params=params, headers=HTMX), HOME_NEEDLES)


async def test_sorting_by_municipality_puts_it_last_not_by_its_place(reader, world):
    listed = await reader.get("/api/foster-homes", params={"sort": "municipality"})
    if listed.status_code != 200:
        return  # roles without the register
    names = [item["name"] for item in listed.json()["items"]]
    assert names[-1] == "Familjen Skyddad", names  # "Ahemlingsö" would sort it first
    exported = (await reader.get("/api/foster-homes/export.csv", params={"sort": "municipality"})).text.lstrip("\ufeff")
    if exported.startswith("id;"):
        rows = [row[1] for row in csv.reader(io.StringIO(exported), delimiter=";")][1:]
        assert rows[-1] == "Familjen Skyddad", rows


LOCATION_QUERIES = [
    {"near_lat": HOME_POINT[0], "near_lon": HOME_POINT[1], "within_km": 1},
    {"near_lat": HOME_POINT[0], "near_lon": HOME_POINT[1], "within_km": 50},
    {"near_lat": HOME_POINT[0], "near_lon": HOME_POINT[1], "within_km": 5000},
    {"near_lat": HOME_POINT[0], "near_lon": HOME_POINT[1]},
    {"municipality": "Ahemlingsö"},
    {"municipality": "ahemlingsö"},
    {"q": "Ahemligby"},
    {"q": "hemligby"},
    {"q": "Ahemlingsö"},
    {"q": "Hemliggatan"},
    {"q": "987 65"},
    {"q": "98765"},
]


@pytest.mark.parametrize("params", LOCATION_QUERIES, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()))
async def test_location_filters_and_searches_never_find_it(reader, world, params):
    protected = world["protected"]["id"]
    listed = await reader.get("/api/foster-homes", params=params)
    assert protected not in _ids_in(listed)
    if listed.status_code == 200:
        assert listed.json()["total"] == len(listed.json()["items"])  # the count does not betray it either
    exported = await reader.get("/api/foster-homes/export.csv", params=params)
    assert protected not in exported.text
    page = await reader.get("/familjehem", params=params, headers=HTMX)
    assert protected not in page.text and "Familjen Skyddad" not in page.text


@pytest.mark.parametrize("point", [HOME_POINT, (55.6050, 13.0038)], ids=["at-the-home", "in-malmo"])
async def test_sorting_by_distance_never_places_it(reader, world, point):
    params = {"near_lat": point[0], "near_lon": point[1], "sort": "distance", "page_size": 200}
    listed = await reader.get("/api/foster-homes", params=params)
    assert world["protected"]["id"] not in _ids_in(listed)
    if listed.status_code == 200:
        assert all(item["distance_km"] is not None for item in listed.json()["items"])
    exported = await reader.get("/api/foster-homes/export.csv", params=params)
    assert "Familjen Skyddad" not in exported.text
    page = await reader.get("/familjehem", params=params, headers=HTMX)
    assert "Familjen Skyddad" not in page.text


async def test_the_audit_log_shows_no_location(reader, world):
    for url, headers in (("/api/audit", None), ("/api/audit/export.csv", None), ("/admin/logg", HTML),
                         ("/api/audit?object_id=" + world["protected"]["id"], None),
                         ("/api/audit?object_id=" + world["child"]["id"], None),
                         ("/api/audit?object_id=" + world["placement"]["id"], None)):
        response = await reader.get(url, headers=headers)
        assert_clean(response, HOME_NEEDLES + CHILD_NEEDLES, url)
        if url.startswith("/api/audit") and not url.endswith(".csv") and response.status_code == 200:
            # The school's and the receiving home's own entries are the public register; no entry about the
            # protected child may name its school or the home it lives in.
            about_child = [e for e in response.json()["items"]
                           if e["object_id"] in (world["child"]["id"], world["placement"]["id"])
                           or e["object_type"] == "enrolment"]
            text = json.dumps(about_child, ensure_ascii=False)
            assert world["school"]["id"] not in text and world["receiving"]["id"] not in text, url
            assert PLACED_IN not in text, url


# ---------------------------------------------------------------- matching near the protected home


async def test_matching_gives_nothing_that_depends_on_where_it_is(reader, world):
    request_id, protected = world["elsa_request"]["id"], world["protected"]["id"]
    matches = await reader.get(f"/api/placement-requests/{request_id}/matches", params={"limit": 50})
    assert_clean(matches, HOME_NEEDLES)
    if matches.status_code == 200:
        body = matches.json()
        assert protected not in {c["home_id"] for c in body["candidates"]}
        text = json.dumps([g for g in body["excluded"] if protected in json.dumps(g)], ensure_ascii=False)
        assert "km" not in text
    queue = await reader.post("/api/matching/assign", json={"request_ids": [request_id]})
    assert_clean(queue, HOME_NEEDLES)
    if queue.status_code == 200:
        assert protected not in {item["home_id"] for item in queue.json()["proposal"] + queue.json()["greedy"]}
    for url in (f"/matchning/{request_id}", "/matchning", "/matchning/ko", f"/matchning/{request_id}/boka",
                f"/api/placement-requests/{request_id}", "/api/placement-requests"):
        response = await reader.get(url, headers=HTML)
        assert_clean(response, HOME_NEEDLES, url)
        if url == f"/matchning/{request_id}" and response.status_code == 200:
            # The nearest home is 0.2 km away: the distance summary must not be about the protected one.
            assert "Närmast: Familjen Skyddad" not in response.text


async def test_a_decision_record_choosing_it_carries_no_location(client_as, world):
    owner, protected = world["owner"], world["protected"]["id"]
    saved = await _created(await owner.post(f"/api/placement-requests/{world['elsa_request']['id']}/decision-records",
                                            json={"chosen_home_id": protected, "motive": "Nära."}))
    for roles in CHILD_WRITERS + [("family_care",), ("admin",)]:
        other = await client_as(*roles)
        for url in (f"/api/decision-records/{saved['id']}", f"/matchning/underlag/{saved['id']}",
                    f"/api/placement-requests/{world['elsa_request']['id']}/decision-records"):
            response = await other.get(url, headers=HTML)
            assert_clean(response, HOME_NEEDLES, f"{roles} {url}")
            if response.status_code == 200 and url.startswith("/api/decision-records"):
                about = [c for c in response.json()["candidates"] if c["home_id"] == protected]
                assert not about, roles


# ---------------------------------------------------------------- the protected child


async def test_the_protected_childs_record_and_pages_carry_no_location(reader, world):
    child, member = world["child"]["id"], world["member"]["id"]
    for url, headers in (
        (f"/api/children/{child}", None), (f"/api/children/{child}/network", None),
        (f"/api/children/{child}/enrolments", None), (f"/api/children/{child}/needs", None),
        (f"/api/children/{child}/school-continuity?latitude=65.58&longitude=22.15", None),
        (f"/api/children/{child}/school-continuity?latitude=59.39&longitude=17.90", None),
        (f"/barn/{child}", HTML), (f"/barn/{child}/redigera", HTML), (f"/barn/{child}/behov", HTML),
        (f"/barn/{child}/natverk/ny", HTML), (f"/barn/{child}/natverk/{member}/redigera", HTML),
        (f"/barn/{child}/skolval?skola_q=skola", HTMX), (f"/barn/{child}/syskonval?syskon_q=Dold", HTMX),
    ):
        response = await reader.get(url, headers=headers)
        seen = _Text(response, without_school_picker(response, world["school"]["id"]))
        assert_clean(seen, CHILD_NEEDLES + SCHOOL_NEEDLES + [PLACED_IN, world["receiving"]["id"]], url)


async def test_the_protected_childs_sibling_does_not_tell_where_it_lives(reader, world):
    sibling = world["sibling"]["id"]
    for url, headers in ((f"/api/children/{sibling}", None), (f"/barn/{sibling}", HTML),
                         (f"/api/children/{sibling}/network", None)):
        response = await reader.get(url, headers=headers)
        seen = _Text(response, without_school_picker(response, world["school"]["id"]))
        assert_clean(seen, CHILD_NEEDLES + SCHOOL_NEEDLES + [PLACED_IN, world["receiving"]["id"]], url)


async def test_children_lists_and_searches_carry_no_location(reader, world):
    child = world["child"]["id"]
    for params in ({}, {"protected": "true"}, {"q": "Nora"}, {"sort": "age"}, {"page_size": 1}):
        for url, headers in (("/api/children", None), ("/barn", HTML), ("/barn", HTMX)):
            assert_clean(await reader.get(url, params=params, headers=headers), CHILD_NEEDLES, f"{url} {params}")
    for query in ("Lönnbyn", "Tystträsk", "Gömstigen", "983 33"):
        found = await reader.get("/api/children", params={"q": query})
        assert child not in _ids_in(found), query
        page = await reader.get("/barn", params={"q": query}, headers=HTMX)
        assert child not in page.text, query


# ---------------------------------------------------------------- placements, follow-ups, indicators, calendar


def _placement_channels(world) -> list[tuple[str, dict | None]]:
    placement, child = world["placement"]["id"], world["child"]["id"]
    return [
        ("/api/placements", None), (f"/api/placements?child_id={child}", None),
        (f"/api/placements?foster_home_id={world['receiving']['id']}", None),
        ("/api/placements?q=Nora", None), ("/api/placements?q=Mottagare", None), ("/api/placements?active=true", None),
        (f"/api/placements/{placement}", None),
        ("/placeringar", HTML), ("/placeringar?q=Nora", HTMX), (f"/placeringar/{placement}", HTML),
        ("/api/followups?scope=all", None), (f"/api/followups?scope=all&placement_id={placement}", None),
        (f"/api/followups?placement_id={placement}&status=open&status=done&status=cancelled", None),
        ("/uppfoljning?scope=all", HTML), ("/uppfoljning", HTML),
        ("/uppfoljning?scope=all&horisont=90", HTML), ("/uppfoljning?scope=all&q=Nora", HTMX),
        ("/uppfoljning?scope=all&utskrift=1&horisont=90", HTML), ("/", HTML),
        (f"/familjehem/{world['receiving']['id']}", HTML),
        ("/api/indicators?period=2026", None), ("/indikatorer?period=2026", HTML),
        ("/api/indicators/export.csv?period=2026", None),
    ]


async def test_placements_and_followups_do_not_tell_where_the_protected_child_lives(reader, world):
    receiving, child = world["receiving"]["id"], world["child"]["id"]
    for url, headers in _placement_channels(world):
        response = await reader.get(url, headers=headers)
        assert_clean(response, CHILD_NEEDLES + SCHOOL_NEEDLES, url)
        if response.status_code != 200:
            continue
        text = _body(response)
        if "Nora" in text or world["placement"]["reference"] in text:
            # The child's placement is shown: its home must not be.
            if url.startswith("/api/followups"):
                items = [i for i in response.json()["items"] if i["child_reference"] == world["child"]["reference"]]
                assert all(i["home_id"] is None and i["home_name"] is None for i in items), url
            elif url == "/":
                # The start page lists the child's follow-ups and requests, and homes with a free place apart from
                # them: no line may put the child and its home together.
                lines = re.findall(r"<li>(.*?)</li>", text, re.DOTALL)
                assert not [line for line in lines if "Nora" in line and (PLACED_IN in line or receiving in line)], url
            else:
                assert PLACED_IN not in text and receiving not in text, url
        if "foster_home_id" in url or url.startswith("/familjehem/"):
            assert child not in text and "Nora" not in text, url  # who lives in the home is where the child is


async def test_indicator_drilldowns_do_not_tell_where_the_protected_child_lives(reader, world):
    table = await reader.get("/api/indicators", params={"period": "2026"})
    if table.status_code != 200:
        return
    for row in table.json()["rows"][:12]:
        for url, headers in ((f"/api/indicators/{row['key']}/placements?period=2026", None),
                             (f"/indikatorer/{row['key']}/placeringar?period=2026", HTML)):
            response = await reader.get(url, headers=headers)
            text = _body(response)
            assert_clean(response, CHILD_NEEDLES, url)
            if "Nora" in text:
                assert PLACED_IN not in text and world["receiving"]["id"] not in text, url


async def test_placements_in_the_protected_home_carry_no_location(reader, world):
    omar = world["omar_placement"]["id"]
    for url, headers in ((f"/api/placements/{omar}", None), ("/api/placements", None), (f"/placeringar/{omar}", HTML),
                         ("/placeringar", HTML), (f"/barn/{world['omar']['id']}", HTML),
                         (f"/api/children/{world['omar']['id']}", None),
                         (f"/api/followups?scope=all&placement_id={omar}", None), ("/api/followups?scope=all", None),
                         ("/uppfoljning?scope=all", HTML)):
        assert_clean(await reader.get(url, headers=headers), HOME_NEEDLES, url)


async def test_the_calendar_feed_of_an_unassigned_family_care_secretary(client_as, anonymous, world):
    """The protected child's follow-ups given to a secretary who is not assigned to the child."""
    secretary = await client_as("family_care", "social_worker")
    worker = world["worker"]
    other = await _created(await worker.post("/api/children", json=child_payload(
        first_name="Tove", last_name="Dold", personal_number=personal_number("20110101", "238"), allergies=[],
        protected_identity=True, responsible_worker_id=str(worker.user.id), address=dict(CHILD_ADDRESS))))
    booked = await worker.post("/api/placements", json=_booking(
        [other["id"]], world["receiving"]["id"], family_care_secretary_id=str(secretary.user.id)))
    assert booked.status_code == 201, booked.text
    feed_url = (await _created(await secretary.post("/api/followups/calendar")))["url"]
    feed = await anonymous.get(feed_url)
    assert feed.status_code == 200
    assert_clean(feed, CHILD_NEEDLES + [PLACED_IN, "Tove", "Dold"], "calendar")
    for url, headers in (("/api/followups", None), ("/api/followups?scope=all", None), ("/uppfoljning", HTML)):
        response = await secretary.get(url, headers=headers)
        assert_clean(response, CHILD_NEEDLES, url)
        if url.startswith("/api"):
            items = [i for i in response.json()["items"] if i["child_reference"] == other["reference"]]
            assert all(i["home_id"] is None and i["home_name"] is None for i in items), url


# ---------------------------------------------------------------- errors


async def test_refusals_and_errors_do_not_echo_a_location(reader, world):
    home, child, member = world["protected"]["id"], world["child"]["id"], world["member"]["id"]
    needles = HOME_NEEDLES + CHILD_NEEDLES + SCHOOL_NEEDLES + [PLACED_IN]
    edit = {**{k: v for k, v in home_payload(name="Familjen Skyddad").items() if k != "status"}, "version": 1}
    attempts = [
        await reader.put(f"/api/foster-homes/{home}", json=edit),
        await reader.put(f"/api/foster-homes/{home}", json={**edit, "version": 99}),
        await reader.post(f"/api/foster-homes/{home}/status", json={"status": "paused", "changed_on": "2026-11-20",
                                                                     "reason": "x", "version": 1}),
        await reader.post(f"/api/foster-homes/{home}/close", json={"closed_on": "2026-11-20", "reason": "x", "version": 1}),
        await reader.put(f"/api/children/{child}/network/{member}", json=member_payload(name="Morbror Dold")),
        await reader.post(f"/api/children/{child}/enrolments",
                          json={"school_id": world["school"]["id"], "grade": 6, "started_on": "2025-08-18"}),
        await reader.post(f"/api/placements/{world['placement']['id']}/end",
                          json={"ended_on": "2026-12-10", "reason": "planned_end", "version": 1}),
        await reader.post("/api/placements", json=_booking([child], world["open_near"]["id"])),
        # The protected home already holds Omar: a second booking of him is an overlap (409).
        await reader.post("/api/placements", json=_booking([world["omar"]["id"]], home, starts_on="2026-12-05")),
        await reader.post("/api/placements", json=_booking([world["elsa"]["id"]], home, starts_on="2026-12-05")),
        await reader.post(f"/api/placement-requests/{world['request']['id']}/decision-records",
                          json={"chosen_home_id": world["open_near"]["id"], "motive": "x"}),
        await reader.get(f"/api/placement-requests/{world['request']['id']}/matches"),
        await reader.get(f"/matchning/{world['request']['id']}", headers=HTML),
        await reader.get(f"/matchning/{world['request']['id']}/boka", headers=HTML),
    ]
    for response in attempts:
        assert_clean(response, needles, f"{response.request.method} {response.request.url}")


async def test_a_sibling_living_in_the_protected_home_does_not_move_other_homes_scores(reader, world):
    """Closeness to a sibling in care would trilaterate its home: a sibling in a protected home never counts."""
    url = f"/api/placement-requests/{world['elsa_request']['id']}/matches"
    before = await reader.get(url, params={"limit": 50})
    if before.status_code != 200:
        return
    assert before.json()["candidates"], "the probe needs homes to compare"
    linked = await world["owner"].post(f"/api/children/{world['elsa']['id']}/siblings",
                                       json={"child_id": world["omar"]["id"]})
    assert linked.status_code == 200, linked.text
    after = await reader.get(url, params={"limit": 50})
    assert_clean(after, HOME_NEEDLES)

    def scores(body):
        return {c["home_id"]: json.dumps({k: v for k, v in c.items() if k not in ("rank",)}, sort_keys=True,
                                         ensure_ascii=False) for c in body["candidates"]}

    assert scores(after.json()) == scores(before.json())


async def test_the_invoice_check_neither_confirms_nor_prices_the_protected_childs_placement(reader, world):
    """An unassigned reader probing the protected child's placement reference in an invoice (fakturakontroll)."""
    reference = world["placement"]["reference"]
    invoice = (f"Leverantör;Placering;Period;Dagar;Belopp\nBolaget AB;{reference};2026-12;31;46500\n"
               f"Bolaget AB;{world['omar_placement']['reference']};2026-12;31;46500\n").encode()
    for params in ({}, {"format": "csv"}, {"format": "xlsx"}):
        response = await reader.post("/api/invoices/check", params=params, files={"file": ("f.csv", invoice, "text/csv")})
        assert_clean(response, HOME_NEEDLES + CHILD_NEEDLES + [PLACED_IN, world["receiving"]["id"]], str(params))
        if response.status_code == 200 and not params:
            [line] = [line for line in response.json()["lines"] if line["reference"] == reference]
            assert (line["status"], line["expected_days"], line["expected_amount"], line["note"]) == (
                "withheld", None, None, None)
            assert reference not in {m["reference"] for m in response.json()["missing"]}
