"""Every route requires sign-in, and the role matrix holds route by route."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import uuid

import pytest

from tests.factories import child_payload, home_payload, member_payload, organisation_number, personal_number, school_payload

# Reachable without signing in: the sign-in page, health, static files, and the calendar feed (calendar apps
# cannot sign in: its address holds a secret, tested in tests/placements/test_followups_api.py). Nothing else.
PUBLIC = {("GET", "/login"), ("POST", "/login"), ("GET", "/health"), ("GET", "/api/followups/calendar/{token}.ics")}
DUMMY_ID = "00000000-0000-4000-8000-000000000000"

PS, SW, FC, BG, ADMIN = "placement_secretary", "social_worker", "family_care", "budget_group", "admin"
AA = "administrative_assistant"  # checks agencies' invoices: costs by reference, agencies, never a child or a home
EVERYONE = {PS, SW, FC, BG, ADMIN, AA}
READS_COSTS = {PS, BG, ADMIN, AA}
READS_HOMES = {PS, SW, FC, ADMIN}
EDITS_HOMES = {PS, FC}
READS_CHILDREN = {PS, SW, FC}  # the budget group and IT administrators never see a child
EDITS_CHILDREN = {PS, SW}

# (method, path) → the roles that may use it. A route missing here fails the test, so no route is born unchecked.
MATRIX = {
    ("GET", "/api/foster-homes"): READS_HOMES,
    ("GET", "/api/foster-homes/export.csv"): EDITS_HOMES,
    ("POST", "/api/foster-homes"): EDITS_HOMES,
    ("GET", "/api/foster-homes/{home_id}"): READS_HOMES,
    ("PUT", "/api/foster-homes/{home_id}"): EDITS_HOMES,
    ("POST", "/api/foster-homes/{home_id}/status"): EDITS_HOMES,
    ("POST", "/api/foster-homes/{home_id}/close"): EDITS_HOMES,
    ("GET", "/api/foster-homes/{home_id}/support-contacts"): {FC},
    ("POST", "/api/foster-homes/{home_id}/support-contacts"): {FC},
    ("POST", "/api/foster-homes/{home_id}/assignments"): EDITS_HOMES,
    ("DELETE", "/api/foster-homes/{home_id}/assignments/{user_id}"): EDITS_HOMES,
    ("GET", "/api/foster-homes/{home_id}/retainers"): READS_HOMES,
    ("POST", "/api/foster-homes/{home_id}/retainers"): {PS, ADMIN},  # the economic terms, like the rate cards
    ("POST", "/api/foster-homes/{home_id}/retainers/{agreement_id}/end"): {PS, ADMIN},
    ("GET", "/api/agencies"): EVERYONE,
    ("POST", "/api/agencies"): {PS},
    ("GET", "/api/agencies/{agency_id}"): EVERYONE,
    ("PUT", "/api/agencies/{agency_id}"): {PS},
    ("POST", "/api/agencies/{agency_id}/close"): {PS},
    ("POST", "/api/agencies/{agency_id}/contracts"): {PS},
    ("GET", "/api/institutions"): EVERYONE,
    ("POST", "/api/institutions"): {PS},
    ("GET", "/api/institutions/{institution_id}/prices"): EVERYONE,
    ("POST", "/api/institutions/{institution_id}/prices"): {PS, ADMIN},  # a dated price is a rate: rate keepers
    ("GET", "/api/institutions/{institution_id}"): EVERYONE,
    ("PUT", "/api/institutions/{institution_id}"): {PS},
    ("POST", "/api/institutions/{institution_id}/close"): {PS},
    ("GET", "/api/users"): {ADMIN},
    ("POST", "/api/users"): {ADMIN},
    ("GET", "/api/users/{user_id}"): {ADMIN},
    ("PUT", "/api/users/{user_id}"): {ADMIN},
    ("POST", "/api/users/{user_id}/password"): {ADMIN},
    ("GET", "/api/tokens"): EVERYONE,
    ("POST", "/api/tokens"): EVERYONE,
    ("POST", "/api/tokens/{token_id}/revoke"): EVERYONE,
    ("GET", "/api/audit"): {ADMIN},
    ("GET", "/api/audit/export.csv"): {ADMIN},
    ("GET", "/api/children"): READS_CHILDREN,
    ("POST", "/api/children"): EDITS_CHILDREN,
    ("GET", "/api/children/{child_id}"): READS_CHILDREN,
    ("PUT", "/api/children/{child_id}"): EDITS_CHILDREN,
    ("GET", "/api/children/{child_id}/needs"): READS_CHILDREN,
    ("POST", "/api/children/{child_id}/needs"): EDITS_CHILDREN,
    ("POST", "/api/children/{child_id}/wishes"): EDITS_CHILDREN,
    ("POST", "/api/children/{child_id}/siblings"): EDITS_CHILDREN,
    ("DELETE", "/api/children/{child_id}/siblings/{sibling_id}"): EDITS_CHILDREN,
    ("POST", "/api/children/{child_id}/assignments"): EDITS_CHILDREN,
    ("GET", "/api/children/{child_id}/network"): READS_CHILDREN,
    ("POST", "/api/children/{child_id}/network"): EDITS_CHILDREN,
    ("PUT", "/api/children/{child_id}/network/{member_id}"): EDITS_CHILDREN,
    ("DELETE", "/api/children/{child_id}/network/{member_id}"): EDITS_CHILDREN,
    ("POST", "/api/children/{child_id}/network-examinations"): EDITS_CHILDREN,
    ("GET", "/api/children/{child_id}/enrolments"): READS_CHILDREN,
    ("POST", "/api/children/{child_id}/enrolments"): EDITS_CHILDREN,
    ("GET", "/api/children/{child_id}/school-continuity"): READS_CHILDREN,
    ("GET", "/api/schools"): EVERYONE,
    ("POST", "/api/schools"): {PS, SW, ADMIN},
    ("GET", "/api/schools/{school_id}"): EVERYONE,
    ("PUT", "/api/schools/{school_id}"): {PS, SW, ADMIN},
    ("GET", "/api/schools/continuity-settings"): EVERYONE,
    ("PUT", "/api/schools/continuity-settings"): {ADMIN},
    ("GET", "/api/placement-requests"): READS_CHILDREN,
    ("POST", "/api/placement-requests"): EDITS_CHILDREN,
    ("GET", "/api/placement-requests/{request_id}"): READS_CHILDREN,
    ("POST", "/api/placement-requests/{request_id}/withdraw"): EDITS_CHILDREN,
    ("GET", "/api/placement-requests/{request_id}/matches"): READS_CHILDREN,
    ("POST", "/api/placement-requests/{request_id}/decision-records"): EDITS_CHILDREN,
    ("GET", "/api/placement-requests/{request_id}/decision-records"): READS_CHILDREN,
    ("POST", "/api/matching/assign"): READS_CHILDREN,
    ("GET", "/api/matching/settings"): EVERYONE,
    ("PUT", "/api/matching/settings"): {ADMIN},
    ("GET", "/api/decision-records/{record_id}"): READS_CHILDREN,
    ("GET", "/api/placements"): READS_CHILDREN,
    ("POST", "/api/placements"): EDITS_CHILDREN,
    ("GET", "/api/placements/{placement_id}"): READS_CHILDREN,
    ("POST", "/api/placements/{placement_id}/end"): EDITS_CHILDREN,
    ("PUT", "/api/placements/{placement_id}/planned-end"): EDITS_CHILDREN,
    ("POST", "/api/placements/{placement_id}/extra-lines"): EDITS_CHILDREN,
    ("POST", "/api/placements/{placement_id}/fee-level"): EDITS_CHILDREN,
    ("PUT", "/api/placements/{placement_id}/extra-lines/{line_id}/received"): EDITS_CHILDREN,
    ("GET", "/api/followups"): READS_CHILDREN,
    ("POST", "/api/followups/{item_id}/complete"): EDITS_CHILDREN,
    ("POST", "/api/followups/{item_id}/reschedule"): EDITS_CHILDREN,
    ("GET", "/api/followups/rules"): EVERYONE,
    ("GET", "/api/followups/settings"): EVERYONE,
    ("PUT", "/api/followups/settings"): {ADMIN},
    ("POST", "/api/followups/rules"): {ADMIN},
    ("PUT", "/api/followups/rules/{rule_id}"): {ADMIN},
    ("POST", "/api/followups/calendar"): READS_CHILDREN,
    ("GET", "/api/indicators"): EVERYONE,  # counts and shares only
    ("GET", "/api/indicators/export.{extension}"): EVERYONE,  # the same table, small cells hidden alike
    ("GET", "/api/indicators/{key}/placements"): READS_CHILDREN,
    ("GET", "/api/costs"): READS_COSTS,  # pseudonymous placement references and amounts, never a name
    ("GET", "/api/costs/{placement_id}/{month}"): READS_COSTS,
    ("GET", "/api/rate-cards"): READS_COSTS,
    ("POST", "/api/rate-cards"): {PS, ADMIN},
    ("GET", "/api/budget/{year}"): READS_COSTS,
    ("PUT", "/api/budget/{year}"): {PS, ADMIN},
    ("POST", "/api/budget/{year}/import"): {PS, ADMIN},  # a multipart upload (BUDGET_FILE)
    ("GET", "/api/budget/{year}/import-template.xlsx"): {PS, ADMIN},
    ("GET", "/api/budget/{year}/import-template.csv"): {PS, ADMIN},
    ("GET", "/api/budget/{year}/export.csv"): READS_COSTS,
    ("GET", "/api/budget/{year}/forecast"): READS_COSTS,
    ("GET", "/api/budget/{year}/forecast/bridge"): READS_COSTS,
    ("POST", "/api/budget/{year}/forecast/keep"): {PS, ADMIN},
    ("GET", "/api/budget/{year}/forecast-accuracy"): READS_COSTS,
    ("GET", "/api/steering/{year}/most-expensive"): READS_COSTS,
    ("GET", "/api/steering/past-planned-end"): READS_COSTS,
    ("GET", "/api/steering/{year}/coming"): READS_COSTS,
    # The steering group's exports and conversion candidates: references, categories, dates and amounts.
    ("GET", "/api/budget/{year}/export.xlsx"): READS_COSTS,
    ("GET", "/api/budget/{year}/care-days.csv"): READS_COSTS,
    ("GET", "/api/steering/conversion-candidates"): READS_COSTS,
    ("GET", "/api/steering/{year}/most-expensive.csv"): READS_COSTS,
    ("GET", "/api/steering/{year}/most-expensive.xlsx"): READS_COSTS,
    ("GET", "/api/steering/past-planned-end.csv"): READS_COSTS,
    ("GET", "/api/steering/past-planned-end.xlsx"): READS_COSTS,
    ("GET", "/api/steering/{year}/coming.csv"): READS_COSTS,
    ("GET", "/api/steering/{year}/coming.xlsx"): READS_COSTS,
    ("GET", "/api/steering/conversion-candidates.csv"): READS_COSTS,
    ("GET", "/api/steering/conversion-candidates.xlsx"): READS_COSTS,
    ("GET", "/api/steering/{year}/forecast.csv"): READS_COSTS,
    ("GET", "/api/steering/{year}/forecast.xlsx"): READS_COSTS,
    ("POST", "/api/invoices/check"): {PS, ADMIN, AA},  # fakturakontroll: a multipart upload (INVOICE_FILE)
}

INVOICE_FILE = "Leverantör;Placering;Period;Dagar;Belopp\nBolaget AB;P-ZZZZZZ;2026-10;31;1000\n".encode()
BUDGET_FILE = "Kategori;Enhet;Årsbelopp\nHVB;Hela nämnden;1 000 000\n".encode()
UPLOADS = {("POST", "/api/invoices/check"), ("POST", "/api/budget/{year}/import")}


def app_routes(app) -> list[tuple[str, str]]:
    """Every (method, path) the app serves, through included routers (FastAPI wraps each one)."""

    def walk(routes, prefix: str):
        for route in routes:
            if hasattr(route, "original_router"):
                yield from walk(route.original_router.routes, prefix + route.include_context.prefix)
            elif getattr(route, "methods", None):
                for method in sorted(route.methods - {"HEAD"}):
                    yield method, prefix + route.path

    return list(walk(app.router.routes, ""))


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", DUMMY_ID, path)


async def test_nothing_but_sign_in_health_and_static_files_is_reachable_without_signing_in(app, anonymous):
    checked = 0
    for method, path in app_routes(app):
        if (method, path) in PUBLIC:
            continue
        api = path.startswith("/api") or path == "/openapi.json"
        headers = {} if api else {"accept": "text/html"}
        response = await anonymous.request(method, concrete(path), headers=headers)
        if api:
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.headers["content-type"] == "application/problem+json"
        else:
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/login?next="), (method, path)
        checked += 1
    assert checked >= 40
    assert (await anonymous.get("/static/app.css")).status_code == 200
    assert (await anonymous.get("/health")).status_code == 200
    assert (await anonymous.get("/login")).status_code == 200


async def test_every_api_route_is_in_the_role_matrix(app):
    api_routes = {route for route in app_routes(app) if route[1].startswith("/api")} - PUBLIC
    assert api_routes == set(MATRIX)


async def test_a_revoked_or_made_up_token_is_refused(client, anonymous):
    made_up = await anonymous.get("/api/foster-homes", headers={"Authorization": "Bearer plc_not-a-real-token"})
    assert made_up.status_code == 401
    tokens = (await client.get("/api/tokens")).json()
    revoked = await client.post(f"/api/tokens/{tokens[0]['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert (await client.get("/api/foster-homes")).status_code == 401


_birth_days = itertools.count()


def unique_child_number() -> str:
    born = dt.date(2014, 1, 1) + dt.timedelta(days=next(_birth_days))  # 12 years old: fits the example home
    return personal_number(born.strftime("%Y%m%d"), "123")


class World:
    """Fresh objects for one request, so one role's write never spoils the next role's attempt."""

    def __init__(self, admin):
        self.admin = admin

    async def home(self, **fields) -> dict:
        response = await self.admin.post("/api/foster-homes", json=home_payload(**fields))
        assert response.status_code == 201, response.text
        return response.json()

    async def emergency_home(self) -> dict:
        return await self.home(kind="emergency", capacity={**home_payload()["capacity"], "placement_kinds": ["emergency"]})

    async def retainer(self) -> tuple[dict, dict]:
        """An emergency home and its retainer agreement."""
        home = await self.emergency_home()
        response = await self.admin.post(f"/api/foster-homes/{home['id']}/retainers", json={
            "valid_from": "2026-11-01", "places": 1, "fee_per_place_monthly": "8000"})
        assert response.status_code == 201, response.text
        return home, response.json()

    async def agency(self) -> dict:
        number = organisation_number(f"55{uuid.uuid4().int % 10**7:07d}")
        response = await self.admin.post("/api/agencies", json={"name": "Bolaget AB", "organisation_number": number})
        assert response.status_code == 201, response.text
        return response.json()

    async def child(self) -> dict:
        response = await self.admin.post(
            "/api/children", json=child_payload(personal_number=unique_child_number(), allergies=[])
        )
        assert response.status_code == 201, response.text
        return response.json()

    async def school(self) -> dict:
        response = await self.admin.post("/api/schools", json=school_payload())
        assert response.status_code == 201, response.text
        return response.json()

    async def placement(self) -> dict:
        home, child = await self.home(), await self.child()
        response = await self.admin.post("/api/placements", json=booking_body(child, home))
        assert response.status_code == 201, response.text
        return response.json()[0]

    async def institution(self) -> dict:
        body = {"name": "HVB Solgläntan", "kind": "hvb", "municipality": "Botkyrka", "latitude": 59.2, "longitude": 17.8,
                "places": 6, "daily_price": "4800"}
        response = await self.admin.post("/api/institutions", json=body)
        assert response.status_code == 201, response.text
        return response.json()


def booking_body(child: dict, home: dict) -> dict:
    return {"child_ids": [child["id"]], "foster_home_id": home["id"], "kind": "long_term", "legal_basis": "sol",
            "decided_on": "2026-11-20", "decided_by": "Socialnämnden", "starts_on": "2026-12-01",
            "not_kinship_reason": "Ingen i nätverket kan."}


async def request_for(route, world: World, caller, make_user, token_for):
    """A valid request for the route, so that only the caller's role decides the answer."""
    method, path = route
    if path.startswith("/api/foster-homes/{home_id}"):
        if "{agreement_id}" in path:
            home, agreement = await world.retainer()
        else:
            home, agreement = await (world.emergency_home() if "retainers" in path else world.home()), {"id": ""}
        url = path.replace("{home_id}", home["id"]).replace("{agreement_id}", agreement["id"])
        bodies = {
            ("PUT", "/api/foster-homes/{home_id}"): {**{k: v for k, v in home_payload().items() if k != "status"}, "version": 1},
            ("POST", "/api/foster-homes/{home_id}/status"): {"status": "paused", "reason": "Semester", "version": 1},
            ("POST", "/api/foster-homes/{home_id}/close"): {"reason": "Flyttar", "version": 1},
            ("POST", "/api/foster-homes/{home_id}/support-contacts"): {
                "contact_date": "2026-11-20", "kind": "phone", "staff_name": "Sara", "note": "Samtal om vardagen."},
            ("POST", "/api/foster-homes/{home_id}/retainers"): {
                "valid_from": "2027-01-01", "places": 1, "fee_per_place_monthly": "8000"},
            ("POST", "/api/foster-homes/{home_id}/retainers/{agreement_id}/end"): {"valid_to": "2026-12-31"},
        }
        if "assignments" in path:
            colleague = await make_user(FC, name="Kollega")
            if method == "DELETE":
                assigned = await world.admin.post(f"/api/foster-homes/{home['id']}/assignments", json={"user_id": str(colleague.id)})
                assert assigned.status_code == 200, assigned.text
                url = url.replace("{user_id}", str(colleague.id))
            else:
                bodies[route] = {"user_id": str(colleague.id)}
        return method, url, bodies.get(route)
    if path.startswith("/api/foster-homes"):
        return method, path, home_payload() if method == "POST" else None
    if path.startswith("/api/agencies"):
        if "{agency_id}" not in path:
            number = organisation_number(f"56{uuid.uuid4().int % 10**7:07d}")
            return method, path, {"name": "Nya Bolaget AB", "organisation_number": number} if method == "POST" else None
        agency = await world.agency()
        url = path.replace("{agency_id}", agency["id"])
        bodies = {
            "PUT": {"name": "Bolaget AB", "organisation_number": agency["organisation_number"], "version": 1},
            "POST:close": {"reason": "Avtalet upphör", "version": 1},
            "POST:contracts": {"reference": "RA-1", "valid_from": "2026-01-01", "prices": [{"level": "standard", "daily_price": "1500"}]},
        }
        key = method if method != "POST" else f"POST:{path.rsplit('/', 1)[-1]}"
        return method, url, bodies.get(key)
    if path.startswith("/api/institutions"):
        body = {"name": "HVB Solgläntan", "kind": "hvb", "municipality": "Botkyrka", "latitude": 59.2, "longitude": 17.8,
                "places": 6, "daily_price": "4800"}
        if "{institution_id}" not in path:
            return method, path, body if method == "POST" else None
        institution = await world.institution()
        url = path.replace("{institution_id}", institution["id"])
        if path.endswith("/prices"):
            return method, url, {"valid_from": "2027-01-01", "daily_price": "5100"} if method == "POST" else None
        return method, url, {"PUT": {**body, "version": 1}, "POST": {"reason": "Stänger", "version": 1}}.get(method)
    if path.startswith("/api/users"):
        if "{user_id}" not in path:
            body = {"name": "Ny Person", "email": f"ny{uuid.uuid4().hex[:8]}@kommun.example.se", "roles": [SW],
                    "password": "Vitsippor-i-april-42"}
            return method, path, body if method == "POST" else None
        target = await make_user(SW, name="Någon Annan")
        url = path.replace("{user_id}", str(target.id))
        bodies = {"PUT": {"name": "Någon Annan", "roles": [SW, FC], "version": 1},
                  "POST": {"password": "Vitsippor-i-april-42", "version": 1}}
        return method, url, bodies.get(method)
    if path.startswith("/api/children"):
        if "{child_id}" not in path:
            return method, path, child_payload(personal_number=unique_child_number()) if method == "POST" else None
        child = await world.child()
        url = path.replace("{child_id}", child["id"])
        if "{sibling_id}" in path:
            sibling = await world.child()
            await world.admin.post(f"/api/children/{child['id']}/siblings", json={"child_id": sibling["id"]})
            url = url.replace("{sibling_id}", sibling["id"])
        if "{member_id}" in path:
            member = (await world.admin.post(f"/api/children/{child['id']}/network", json=member_payload())).json()
            url = url.replace("{member_id}", member["id"])
        tail = path.split("{child_id}", 1)[1]
        bodies = {
            ("PUT", ""): {**child_payload(personal_number=child["personal_number"]), "version": 1},
            ("POST", "/needs"): {"needs": [{"domain": "health", "level": "some"}]},
            ("POST", "/wishes"): {"said_on": "2026-11-01", "text": "Vill bo nära mormor."},
            ("POST", "/siblings"): {"child_id": (await world.child())["id"]} if (method, tail) == ("POST", "/siblings") else None,
            ("POST", "/assignments"): {"user_id": str((await make_user(SW)).id)} if tail == "/assignments" else None,
            ("POST", "/network"): member_payload(),
            ("PUT", "/network/{member_id}"): {**member_payload(), "version": 1},
            ("POST", "/network-examinations"): {"examined_on": "2026-11-01", "conclusion": "in_progress", "note": "Pågår."},
            ("POST", "/enrolments"): {"school_id": (await world.school())["id"], "grade": 8, "started_on": "2026-08-17"}
            if tail == "/enrolments" and method == "POST" else None,
        }
        if tail == "/school-continuity":
            url += "?latitude=59.4&longitude=17.9"
        return method, url, bodies.get((method, tail))
    if path.startswith("/api/schools"):
        if path.endswith("continuity-settings"):
            return method, path, {"age_bands": [{"from_age": 0, "own_travel_km": 3, "with_transport_km": 20}]} if method == "PUT" else None
        if "{school_id}" not in path:
            return method, path, school_payload() if method == "POST" else None
        school = await world.school()
        return method, path.replace("{school_id}", school["id"]), {**school_payload(), "version": 1} if method == "PUT" else None
    if path.startswith(("/api/placement-requests", "/api/decision-records", "/api/matching/assign")):
        home = await world.home()
        child = await world.child()
        made = await world.admin.post("/api/placement-requests", json={
            "child_ids": [child["id"]], "kind": "long_term", "legal_basis": "sol", "wanted_start": "2026-12-01"})
        assert made.status_code == 201, made.text
        request_id = made.json()["id"]
        if path == "/api/placement-requests":
            other = await world.child()
            body = {"child_ids": [other["id"]], "kind": "long_term", "legal_basis": "sol", "wanted_start": "2026-12-01"}
            return method, path, body if method == "POST" else None
        if path == "/api/matching/assign":
            return method, path, {"request_ids": [request_id]}
        if "{record_id}" in path:
            saved = await world.admin.post(f"/api/placement-requests/{request_id}/decision-records",
                                           json={"chosen_home_id": home["id"], "motive": "Bäst lämpat."})
            assert saved.status_code == 201, saved.text
            return method, path.replace("{record_id}", saved.json()["id"]), None
        url = path.replace("{request_id}", request_id)
        bodies = {"/withdraw": {"reason": "Löst på annat sätt.", "version": 1},
                  "/decision-records": {"chosen_home_id": home["id"], "motive": "Bäst lämpat."}}
        return method, url, bodies.get(path.rsplit("}", 1)[-1]) if method == "POST" else None
    if path.startswith("/api/placements"):
        if "{placement_id}" not in path:
            return method, path, booking_body(await world.child(), await world.home()) if method == "POST" else None
        placement = await world.placement()
        url = path.replace("{placement_id}", placement["id"])
        if "extra-lines" in path:
            line = await world.admin.post(f"{url.split('/extra-lines')[0]}/extra-lines", json={
                "description": "Föräldrars ersättning", "amount": "1200", "kind": "parental_contribution",
                "recurrence": "monthly", "starts_on": "2026-12-01"})
            assert line.status_code == 201, line.text
            line_id = line.json()["extra_costs"][-1]["id"]
            bodies = {"POST": {"description": "Tandvård", "amount": "900", "starts_on": "2026-12-05"},
                      "PUT": {"received": "1200", "received_on": "2026-11-20"}}
            return method, url.replace("{line_id}", line_id), bodies[method]
        if path.endswith("/fee-level"):
            return method, url, {"valid_from": "2026-12-15", "level": "raised_1"}
        bodies = {"POST": {"ended_on": "2027-01-01", "reason": "planned_return_home", "version": 1},
                  "PUT": {"planned_end": "2027-06-30", "version": 1}}
        return method, url, bodies.get(method)
    if path.startswith("/api/followups/rules"):
        if "{rule_id}" in path:
            rule = (await world.admin.get("/api/followups/rules")).json()[0]
            return method, path.replace("{rule_id}", rule["id"]), {k: v for k, v in rule.items() if k != "id"}
        body = {"key": f"extra_{uuid.uuid4().hex[:8]}", "title": "Extra besök", "statute": "Lokal riktlinje",
                "schedule": "once", "offset_days": 7}
        return method, path, body if method == "POST" else None
    if path.startswith("/api/followups/{item_id}"):
        placement = await world.placement()
        items = (await world.admin.get("/api/followups", params={"placement_id": placement["id"], "scope": "all"})).json()
        item = next(i for i in items["items"] if i["rule_key"] == "visit_family_home")
        bodies = {"complete": {"completed_on": "2026-11-20", "version": 1},
                  "reschedule": {"due_on": "2027-03-01", "reason": "Semester.", "version": 1}}
        return method, path.replace("{item_id}", item["id"]), bodies[path.rsplit("/", 1)[-1]]
    if path.startswith("/api/indicators"):
        return method, path.replace("{key}", "kinship_share").replace("{extension}", "csv") + "?period=2026", None
    if path.startswith("/api/steering"):
        return method, path.replace("{year}", "2026"), None
    if path == "/api/budget/{year}/import":
        return method, path.replace("{year}", "2026"), {"file": ("budget.csv", BUDGET_FILE, "text/csv")}
    if path.startswith("/api/budget"):
        body = {"lines": [{"category": "own_homes", "annual": "1000000"}]}
        year = "2025" if path.endswith("forecast-accuracy") else "2026"  # a year that is over
        return method, path.replace("{year}", year), body if method == "PUT" else None
    if path == "/api/invoices/check":
        return method, path, {"file": ("faktura.csv", INVOICE_FILE, "text/csv")}
    if path == "/api/costs":
        return method, path + "?period=2026", None
    if path.startswith("/api/costs/"):
        placement = await world.placement()
        return method, path.replace("{placement_id}", placement["id"]).replace("{month}", "2026-12"), None
    if path == "/api/rate-cards" and method == "POST":
        # A version from a coming month; each caller its own month, as two versions cannot share a day.
        month = 1 + len((await world.admin.get("/api/rate-cards")).json())
        return method, path, {"valid_from": f"2030-{month:02d}-01", "price_base_amount": "60000", "fee_basic": "11700",
                              "fee_raised_1": "13700", "fee_raised_2": "15700", "fee_raised_3": "17900"}
    if path.startswith("/api/matching/settings") or path == "/api/followups/settings":
        return method, path, {} if method == "PUT" else None
    if path.startswith("/api/tokens"):
        if "{token_id}" in path:
            own = (await caller.get("/api/tokens")).json()[0]
            return method, path.replace("{token_id}", own["id"]), None
        return method, path, {"name": "Integration"} if method == "POST" else None
    return method, path, None


@pytest.mark.parametrize("role", sorted(EVERYONE))
async def test_role_matrix_route_by_route(role, client_as, make_user, token_for):
    admin_world = World(await client_as(PS, FC, ADMIN))
    caller = await client_as(role)
    for route, allowed in MATRIX.items():
        method, url, body = await request_for(route, admin_world, caller, make_user, token_for)
        sent = {"files": body} if route in UPLOADS else {"json": body}
        response = await caller.request(method, url, **sent)
        if role in allowed:
            assert response.status_code in (200, 201, 204), (role, route, response.status_code, response.text)
        else:
            assert response.status_code == 403, (role, route, response.status_code, response.text)
            assert response.json()["title"] == "Åtkomst nekad"


async def test_budget_group_gets_no_personal_data_of_homes(client, client_as):
    await client.post("/api/foster-homes", json=home_payload())
    budget = await client_as(BG)
    assert (await budget.get("/api/foster-homes")).status_code == 403
    assert (await budget.get("/api/foster-homes/export.csv")).status_code == 403
    agencies = await budget.get("/api/agencies")
    assert agencies.status_code == 200  # businesses and their prices, no household data


async def test_refusals_are_logged(client_as, make_user):
    admin = await client_as(ADMIN)
    budget = await client_as(BG)
    await budget.get("/api/foster-homes")
    entries = (await admin.get("/api/audit", params={"action": "permission_denied"})).json()["items"]
    assert [(e["user_name"], e["object_type"], e["detail"]) for e in entries] == [
        (budget.user.name, "foster_home", "foster_home:read")
    ]
