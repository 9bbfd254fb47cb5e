"""A walk over every route the app serves, as the budget steering group: it reads aggregates and pseudonymous
placement references only, so no child's or foster parent's name, no personal number, no address and no
free text may appear anywhere it can go, and every route about a child refuses it (issue 12, "Done when").

The world is made by a placement secretary with values found nowhere else: a child, a foster home with its
adults and address, placements with notes and an extra cost, an ended placement with an end note, a retainer
agreement, a budget. Then a budget_group user GETs every route (API and pages, HTML and HTMX), with real ids
and the query a page needs."""

from __future__ import annotations

import re

from tests.costs.test_retainers import RETAINER, emergency_home
from tests.factories import child_payload, home_payload, personal_number
from tests.placements.test_placements_api import booking
from tests.web.test_access import MATRIX, PUBLIC, app_routes

BG = "budget_group"
CHILD_NUMBER = personal_number("20120917", "283")
HOME_ADULT_NUMBER = personal_number("19760214", "391")
NEEDLES = [
    "Zelmira", "Budgetsdotter",  # the child
    CHILD_NUMBER, CHILD_NUMBER.replace("-", ""), "20120917", "120917-",  # its personal number, whole or in part
    "Kvistgränd 11", "Kvistgr", "174 55", "17455", "Grenby",  # the child's address
    "Familjen Hemligsson", "Hemligsson", "Viveka", HOME_ADULT_NUMBER, "19760214",  # the home and its adults
    "Lövstigen 8", "Lövstigen", "162 70", "16270", "Rotby",  # the home's address
    "Nämndens särskilda beslut om arvode", "Cykel och hjälm", "Flyttar hem till mamma",  # free text
]
PAGE_HEADERS = ({"Accept": "text/html"}, {"HX-Request": "true", "Accept": "*/*"})
QUERIES = {"/api/costs": "?period=2026", "/api/indicators": "?period=2026", "/indikatorer": "?period=2026",
           "/indicators/{key}/placements": "?period=2026", "/school-continuity": "?latitude=59.4&longitude=17.9"}


async def world(client) -> dict:
    child = await client.post("/api/children", json=child_payload(
        first_name="Zelmira", last_name="Budgetsdotter", personal_number=CHILD_NUMBER, allergies=[],
        address={"street": "Kvistgränd 11", "postal_code": "174 55", "city": "Grenby", "municipality": "Stockholm",
                 "latitude": 59.36, "longitude": 17.87}, responsible_worker_id=str(client.user.id)))
    assert child.status_code == 201, child.text
    adults = [{"name": "Viveka Hemligsson", "personal_number": HOME_ADULT_NUMBER, "languages": ["svenska"]}]
    home = await client.post("/api/foster-homes", json=home_payload(
        name="Familjen Hemligsson", household_adults=adults, pets=[], capacity={**home_payload()["capacity"], "age_min": 0},
        address={"street": "Lövstigen 8", "postal_code": "162 70", "city": "Rotby", "municipality": "Stockholm",
                 "latitude": 59.40, "longitude": 17.93}))
    assert home.status_code == 201, home.text
    first = await client.post("/api/placements", json=booking(
        [child.json()["id"]], home.json()["id"], starts_on="2026-03-01", decided_on="2026-02-20",
        planned_end="2026-10-31", compensation_note="Nämndens särskilda beslut om arvode",
        extra_costs=[{"description": "Cykel och hjälm", "amount": "4500", "recurrence": "once", "starts_on": "2026-05-04"}]))
    assert first.status_code == 201, first.text
    placement = first.json()[0]
    ended = await client.post(f"/api/placements/{placement['id']}/end", json={
        "ended_on": "2026-11-02", "reason": "planned_return_home", "note": "Flyttar hem till mamma", "version": 1})
    assert ended.status_code == 200, ended.text
    emergency = await emergency_home(client)
    assert (await client.post(f"/api/foster-homes/{emergency['id']}/retainers", json=RETAINER)).status_code == 201
    budget = await client.put("/api/budget/2026", json={"lines": [{"category": "own_homes", "annual": "900000"}]})
    assert budget.status_code == 200, budget.text
    return {"{child_id}": child.json()["id"], "{home_id}": home.json()["id"], "{placement_id}": placement["id"],
            "{reference}": placement["reference"], "{year}": "2026", "{month}": "2026-05", "{key}": "kinship_share"}


def concrete(path: str, ids: dict) -> str:
    query = next((q for ending, q in QUERIES.items() if path.endswith(ending)), "")
    for name, value in ids.items():
        path = path.replace(name, value)
    if path.endswith("forecast-accuracy"):
        path = path.replace("/2026/", "/2025/")  # a year that is over
    return re.sub(r"\{[^}]+\}", ids["{placement_id}"], path) + query


def leaks(body: str) -> list[str]:
    return [needle for needle in NEEDLES if needle in body]


async def test_the_budget_group_finds_no_personal_data_on_any_route_and_no_child_route_lets_it_in(app, client, client_as):
    ids = await world(client)
    budget_group = await client_as(BG)
    walked = refused = 0
    for method, path in app_routes(app):
        if method != "GET" or (method, path) in PUBLIC or path.startswith(("/static", "/docs", "/openapi", "/redoc")):
            continue
        url = concrete(path, ids)
        for headers in ({},) if path.startswith("/api") else PAGE_HEADERS:
            response = await budget_group.get(url, headers=headers)
            walked += 1
            assert response.status_code < 500, (url, response.status_code)
            assert not leaks(response.text), (url, leaks(response.text))
            for name, value in response.headers.items():
                assert not leaks(value), (url, name)
        allowed = MATRIX.get((method, path))
        if allowed is not None and BG not in allowed:
            assert response.status_code == 403, (url, response.status_code)
            refused += 1
    child_routes = [route for route, roles in MATRIX.items() if route[0] == "GET" and "child" in route[1] + str(roles)]
    assert walked > 60 and refused >= 10 and child_routes
    for route in ("/api/children", "/api/placements", "/api/followups"):
        assert (await budget_group.get(route)).status_code == 403
