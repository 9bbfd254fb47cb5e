"""The register's HTML pages over HTTP: whole pages, htmx fragments, form errors, redirects, error pages."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from httpx import ASGITransport, AsyncClient
from starlette.datastructures import ImmutableMultiDict

from foster_homes import service
from tests.conftest import sign_in
from tests.factories import home_payload, personal_number
from web.pages.forms import parse_form

HTML = {"Accept": "text/html"}
HTMX = {"HX-Request": "true", "Accept": "*/*"}
UNKNOWN_ID = "5d9f3a0e-3f7e-4c55-9f11-2f1d1b8a9c10"


def form_fields(**overrides: str) -> list[tuple[str, str]]:
    """The create form as a browser submits it, from the API payload of tests.factories."""
    home = home_payload()
    adults = home["household_adults"]
    fields = [
        ("name", home["name"]),
        ("kind", home["kind"]),
        ("status", home["status"]),
        *[(f"address.{key}", str(value)) for key, value in home["address"].items()],
        *[(f"capacity.{key}", str(value)) for key, value in home["capacity"].items() if key != "placement_kinds"],
        *[("capacity.placement_kinds", kind) for kind in home["capacity"]["placement_kinds"]],
        *[("tags", tag) for tag in home["tags"]],
        ("tags", ""),  # the free-text tag field, left empty
        *[("pets", pet) for pet in home["pets"]],
        ("wishes", ""),
    ]
    for index, adult in enumerate(adults):
        fields += [
            (f"household_adults.{index}.name", adult["name"]),
            (f"household_adults.{index}.personal_number", adult["personal_number"]),
            (f"household_adults.{index}.languages", ", ".join(adult["languages"])),
            (f"household_adults.{index}.occupation", ""),
        ]
    # Blank rows, as the form always offers more than are filled in.
    fields += [("household_children.0.birth_year", "2012"), ("household_children.0.relation", "own")]
    fields += [("household_children.1.birth_year", ""), ("household_children.1.relation", "")]
    for index, domain in enumerate(["health", "education", "emotional_behavioural"]):
        fields += [(f"domain_competences.{index}.domain", domain), (f"domain_competences.{index}.note", "")]
        experience = "substantial" if domain == "emotional_behavioural" else ""
        fields.append((f"domain_competences.{index}.experience", experience))
    assessment = home["assessments"][0]
    fields += [(f"assessments.0.{key}", value) for key, value in assessment.items()]
    training = home["trainings"][0]
    fields += [(f"trainings.0.{key}", value) for key, value in training.items()]
    return [(name, value) for name, value in fields if name not in overrides] + list(overrides.items())


async def post_form(client, url: str, fields: list[tuple[str, str]] | dict, headers=None):
    """Post like a browser: repeated names (checkbox groups) stay repeated."""
    items = list(fields.items()) if isinstance(fields, dict) else fields
    return await client.post(
        url,
        content=urlencode(items),
        headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or HTML)},
    )


async def create_home(client, **overrides) -> dict:
    response = await client.post("/api/foster-homes", json=home_payload(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


def test_parse_form_nests_the_dotted_names_and_drops_blank_rows():
    form = ImmutableMultiDict([
        ("name", "  Familjen Ek "),
        ("wishes", ""),
        ("address.street", ""),
        ("address.latitude", "59,39"),
        ("tags", "trauma"),
        ("tags", "npf, Eget ord"),
        ("household_children.0.birth_year", ""),
        ("household_children.0.relation", ""),
        ("domain_competences.0.domain", "health"),
        ("domain_competences.0.experience", ""),
        ("domain_competences.1.domain", "education"),
        ("domain_competences.1.experience", "some"),
        ("trainings.0.name", ""),
        ("trainings.1.name", ""),
        ("trainings.2.name", "Trygg"),
        ("add_row", ""),
    ])

    submitted = parse_form(
        form,
        multi_value={"tags", "pets"},
        row_constants={"domain_competences": {"domain"}},
        decimal_comma={"address.latitude"},
        ignore={"add_row"},
    )

    assert submitted.data == {
        "name": "Familjen Ek",
        "address": {"latitude": "59.39"},
        "tags": ["trauma", "npf", "Eget ord"],
        "pets": [],
        "domain_competences": [{"domain": "education", "experience": "some"}],
        "trainings": [{"name": "Trygg"}],
    }
    # Errors come back on the row the user filled in, not on the compacted index.
    assert submitted.form_path("trainings.0.completed_on") == "trainings.2.completed_on"
    assert submitted.form_path("domain_competences.0.note") == "domain_competences.1.note"
    # Exactly what was typed is kept for showing the form again.
    assert submitted.values["name"] == "  Familjen Ek "
    assert submitted.values["tags"] == ["trauma", "npf, Eget ord"]


async def test_the_start_page_shows_each_role_what_needs_doing(client, client_as):
    response = await client.get("/", headers=HTML)
    assert response.status_code == 200
    assert "<h1>Att göra</h1>" in response.text
    assert "Öppna förfrågningar" in response.text and "Hem med ledig plats i dag" in response.text

    # One place of work: there at once.
    for role, where in (("budget_group", "/ekonomi"), ("administrative_assistant", "/ekonomi/fakturakontroll")):
        landed = await (await client_as(role)).get("/", headers=HTML)
        assert landed.status_code == 303 and landed.headers["location"].endswith(where), role


async def test_list_renders_the_whole_page_with_swedish_labels(client):
    home = await create_home(client)
    await create_home(client, name="Jourhemmet Berg", kind="emergency")

    response = await client.get("/familjehem", headers=HTML)

    assert response.status_code == 200
    page = response.text
    assert '<html lang="sv">' in page
    assert 'href="#main"' in page  # skip link
    assert '<a href="/ekonomi"' in page  # the placement secretary keeps rates and budgets
    assert '<a href="/placeringar"' in page and '<a href="/uppfoljning"' in page
    assert f'href="/familjehem/{home["id"]}"' in page
    assert "Egen regi" in page and "Jourhem" in page and "Godkänt" in page
    assert "Trauma" in page and "NPF" in page
    assert "2 familjehem" in page
    assert "/static/htmx.min.js" in page and "//cdn" not in page


async def test_htmx_filter_returns_only_the_results_fragment(client):
    await create_home(client)
    await create_home(client, name="Jourhemmet Berg", kind="emergency")

    response = await client.get("/familjehem?q=berg&kind=&municipality=", headers=HTMX)

    assert response.status_code == 200
    fragment = response.text
    assert "<html" not in fragment and "<nav" not in fragment.split("pagination")[0]
    assert "Jourhemmet Berg" in fragment
    assert "Familjen Lindqvist" not in fragment
    assert 'id="result-count" hx-swap-oob="innerHTML">1 familjehem' in fragment
    # The address bar gets the filters without the blank fields.
    assert response.headers["HX-Push-Url"] == "/familjehem?q=berg"
    assert "HX-Request" in response.headers["vary"]


async def test_list_filters_by_kind_status_age_and_free_places(client):
    await create_home(client)
    await create_home(client, name="Jourhemmet Berg", kind="emergency", status="applicant", assessments=[])

    by_kind = await client.get("/familjehem?kind=emergency", headers=HTMX)
    assert "Jourhemmet Berg" in by_kind.text and "Familjen Lindqvist" not in by_kind.text
    free = await client.get("/familjehem?min_free=1&free_at=2026-11-23&accepts_age=10", headers=HTMX)
    assert "Familjen Lindqvist" in free.text and "Jourhemmet Berg" not in free.text
    too_young = await client.get("/familjehem?accepts_age=1", headers=HTMX)
    assert "Inga familjehem matchar filtren" in too_young.text


async def test_list_pages_keep_the_filters(client):
    for name in ["Familjen Ek", "Familjen Falk", "Familjen Gran"]:
        await create_home(client, name=name)

    first = await client.get("/familjehem?q=familjen&page_size=2", headers=HTML)

    assert "Visar 1–2 av 3 familjehem" in first.text
    assert 'href="/familjehem?q=familjen&amp;page_size=2&amp;page=2"' in first.text
    second = await client.get("/familjehem?q=familjen&page_size=2&page=2", headers=HTMX)
    assert "Familjen Gran" in second.text and "Familjen Ek" not in second.text
    assert "Föregående sida" in second.text and "Nästa sida" not in second.text


async def test_bad_filters_show_swedish_messages_next_to_the_fields(client):
    page = await client.get("/familjehem?accepts_age=tjugo&free_at=igår&kind=castle", headers=HTML)

    assert page.status_code == 422
    text = page.text
    assert re.search(r'id="filter-accepts_age-error"[^>]*>.*Ska vara ett heltal', text)
    assert re.search(r'id="f-accepts_age"[^>]*value="tjugo"', text, re.S)
    assert "Ska vara ett datum" in text
    assert re.search(r'id="filter-kind-error"[^>]*>.*Ogiltigt värde', text)
    assert "Filtren innehåller fel" in text

    fragment = await client.get("/familjehem?accepts_age=99", headers=HTMX)
    assert fragment.status_code == 422
    assert 'id="filter-accepts_age-error" data-error-for="f-accepts_age" hx-swap-oob="innerHTML">' in fragment.text
    assert "Får inte vara större än 20" in fragment.text


async def test_detail_page_shows_the_home(client):
    home = await create_home(client)

    response = await client.get(f"/familjehem/{home['id']}", headers=HTML)

    assert response.status_code == 200
    page = response.text
    assert "<h1>Familjen Lindqvist</h1>" in page
    assert personal_number() in page  # the full number on the home's own page
    assert "svenska, finska" in page
    assert "Känslo- och beteendemässig utveckling" in page and "Betydande erfarenhet" in page
    assert "Långsiktig, Avlastning" in page
    assert "Katt" in page and "Karin Ek" in page and "Ett hem att växa i" in page
    assert "Statushistorik" in page and "Lägg till kontakt" in page


async def test_unknown_home_and_unknown_page_give_a_swedish_404_page(client):
    missing = await client.get(f"/familjehem/{UNKNOWN_ID}", headers=HTML)
    assert missing.status_code == 404
    assert "text/html" in missing.headers["content-type"]
    assert "Familjehemmet finns inte." in missing.text and '<html lang="sv">' in missing.text

    malformed = await client.get("/familjehem/inte-ett-id", headers=HTML)
    assert malformed.status_code == 404 and "Sidan finns inte" in malformed.text

    nowhere = await client.get("/finns-inte", headers=HTML)
    assert nowhere.status_code == 404 and "Sidan finns inte" in nowhere.text

    api = await client.get(f"/api/foster-homes/{UNKNOWN_ID}", headers=HTML)
    assert api.status_code == 404 and api.headers["content-type"] == "application/problem+json"


async def test_create_form_renders_labelled_fields(client):
    response = await client.get("/familjehem/ny", headers=HTML)

    assert response.status_code == 200
    page = response.text
    for name in ["capacity.places", "address.postal_code", "household_adults.1.personal_number",
                 "domain_competences.3.experience", "assessments.0.started_on", "trainings.0.name"]:
        field_id = "f-" + name.replace(".", "-")
        assert f'name="{name}"' in page
        assert f'<label for="{field_id}">' in page
    assert 'value="identity"' in page  # the hidden BBIC domain of row 3


async def test_create_form_posts_and_redirects_to_the_new_home(client):
    response = await post_form(client, "/familjehem/ny", form_fields(), HTML)

    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert re.fullmatch(r"/familjehem/[0-9a-f-]{36}\?sparat=1", location)
    detail = await client.get(location, headers=HTML)
    assert "Uppgifterna är sparade." in detail.text
    home_id = location.split("/")[2].split("?")[0]
    stored = (await client.get(f"/api/foster-homes/{home_id}")).json()
    assert stored["status"] == "approved"
    assert [c["domain"] for c in stored["domain_competences"]] == ["emotional_behavioural"]
    assert stored["household_children"] == [
        {"birth_year": 2012, "relation": "own", "placed_from": None, "placed_until": None,
         "placing_municipality": None, "note": None, "booked": False}
    ]
    assert stored["capacity"]["placement_kinds"] == ["long_term", "respite"]
    assert stored["household_adults"][0]["languages"] == ["svenska", "finska"]


async def test_create_form_errors_give_422_inline_messages_and_keep_the_values(client):
    valid = personal_number("19780105", "456")
    wrong_check_digit = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    fields = form_fields(**{"household_adults.1.personal_number": wrong_check_digit, "address.postal_code": "1634"})

    response = await post_form(client, "/familjehem/ny", fields, HTML)

    assert response.status_code == 422
    page = response.text
    assert "Formuläret innehåller fel" in page
    assert 'href="#f-household_adults-1-personal_number">Vuxen 2: personnummer: ' in page
    field = re.search(r'<input id="f-household_adults-1-personal_number"[^>]*>', page).group(0)
    assert f'value="{wrong_check_digit}"' in field
    assert 'aria-invalid="true"' in field
    assert "f-household_adults-1-personal_number-error" in field
    assert re.search(r'id="f-household_adults-1-personal_number-error">.*kontrollsiffran', page)
    assert 'id="f-address-postal_code-error"' in page and "Postnumret ska vara fem siffror" in page
    # What was typed elsewhere is still there.
    assert 'value="Familjen Lindqvist"' in page
    assert re.search(r'name="tags" value="trauma"\s+checked', page)
    assert re.search(r'name="domain_competences.2.experience".*?<option value="substantial" selected>', page, re.S)


async def test_errors_in_a_later_row_point_at_that_row_when_earlier_rows_are_blank(client):
    fields = form_fields(**{"trainings.0.name": "", "trainings.0.completed_on": "", "trainings.1.name": "Trygg"})

    response = await post_form(client, "/familjehem/ny", fields, HTML)

    assert response.status_code == 422
    assert 'id="f-trainings-1-completed_on-error"' in response.text
    assert "Utbildning 2: genomförd: Uppgiften saknas." in response.text


async def test_consultant_home_needs_an_agency_and_unknown_agency_is_reported_on_the_field(client):
    missing = await post_form(client, "/familjehem/ny", form_fields(kind="consultant"), HTML)
    assert missing.status_code == 422
    assert "Ett konsulentstött hem måste ha en konsulentverksamhet." in missing.text
    assert 'id="f-agency_id-error"' in missing.text

    fields = form_fields(kind="consultant", agency_id=UNKNOWN_ID, contract_level="standard")
    unknown = await post_form(client, "/familjehem/ny", fields, HTML)
    assert unknown.status_code == 422
    assert re.search(r'id="f-agency_id-error">.*Okänd konsulentverksamhet', unknown.text)


async def test_an_agency_left_in_the_hidden_field_is_ignored_for_other_kinds(client):
    fields = form_fields(agency_id=UNKNOWN_ID, contract_level="standard")
    response = await post_form(client, "/familjehem/ny", fields, HTML)
    assert response.status_code == 303


async def test_add_row_button_gives_one_more_row_and_keeps_the_values(client):
    fields = form_fields(add_row="household_adults")
    response = await post_form(client, "/familjehem/ny", fields, HTML)

    assert response.status_code == 200
    assert 'name="household_adults.2.name"' in response.text
    assert re.search(r'id="f-household_adults-2-name"[^>]*autofocus', response.text)
    assert 'value="Eva Lindqvist"' in response.text
    assert "Formuläret innehåller fel" not in response.text


async def test_edit_form_shows_the_stored_home_and_saves_changes(client):
    home = await create_home(client)

    form = await client.get(f"/familjehem/{home['id']}/redigera", headers=HTML)
    assert form.status_code == 200
    assert 'name="version" value="1"' in form.text
    assert 'value="svenska, finska"' in form.text
    assert re.search(r'name="domain_competences.2.experience".*?<option value="substantial" selected>', form.text, re.S)

    fields = [(name, value) for name, value in form_fields() if name != "status"] + [("version", "1")]
    fields = [(name, "Familjen Lindqvist-Ek" if name == "name" else value) for name, value in fields]
    saved = await post_form(client, f"/familjehem/{home['id']}/redigera", fields, HTML)
    assert saved.status_code == 303
    assert (await client.get(f"/api/foster-homes/{home['id']}")).json()["name"] == "Familjen Lindqvist-Ek"

    stale = await post_form(client, f"/familjehem/{home['id']}/redigera", fields, HTML)
    assert stale.status_code == 409
    assert "Uppgifterna har ändrats av någon annan" in stale.text
    assert 'value="Familjen Lindqvist-Ek"' in stale.text


async def test_support_contact_form_with_htmx_returns_the_section(client):
    home = await create_home(client)
    url = f"/familjehem/{home['id']}/kontakter"
    contact = {"contact_date": "2026-11-20", "kind": "home_visit", "staff_name": "Sara Holm", "note": "Allt väl."}

    invalid = await post_form(client, url, {**contact, "kind": "", "note": ""}, HTMX)
    assert invalid.status_code == 422
    assert invalid.text.lstrip().startswith('<section aria-labelledby="h-contacts"')
    assert 'id="f-kind-error"' in invalid.text and 'value="Sara Holm"' in invalid.text
    assert 'href="#f-kind">Typ av kontakt:' in invalid.text and "Typ av hem" not in invalid.text  # the form's own name

    saved = await post_form(client, url, contact, HTMX)
    assert saved.status_code == 200
    assert "Kontakten är sparad." in saved.text and "Allt väl." in saved.text

    plain = await post_form(client, url, {**contact, "kind": "phone", "note": "Samtal."}, HTML)
    assert plain.status_code == 303


async def test_status_change_form(client):
    home = await create_home(client)
    url = f"/familjehem/{home['id']}/status"
    pause = {"status": "paused", "changed_on": "2026-11-23", "reason": "Familjen tar en paus.", "version": "1"}

    missing_reason = await post_form(client, url, {**pause, "reason": ""}, HTML)
    assert missing_reason.status_code == 422
    assert "Ange skälet till statusändringen." in missing_reason.text

    paused = await post_form(client, url, pause, HTML)
    assert paused.status_code == 303
    detail = await client.get(paused.headers["location"], headers=HTML)
    assert "Statusen är ändrad." in detail.text and "Familjen tar en paus." in detail.text

    stale = await post_form(client, url, {"status": "approved", "changed_on": "2026-11-23", "reason": "Åter",
                                          "version": "1"}, HTML)
    assert stale.status_code == 409
    assert "Ladda om" in stale.text


async def test_the_status_form_asks_to_confirm_when_placed_children_live_in_the_home(client):
    home = await create_home(client, household_children=[
        {"birth_year": 2014, "relation": "placed", "placed_from": "2025-05-01"}])
    url = f"/familjehem/{home['id']}/status"
    page = await client.get(f"/familjehem/{home['id']}", headers=HTML)
    change = {"status": "under_assessment", "changed_on": "2026-11-23", "reason": "Ny utredning.", "version": "1"}

    unconfirmed = await post_form(client, url, change, HTML)
    confirmed = await post_form(client, url, {**change, "confirm_children": "true"}, HTML)

    assert "Jag vet att 1 placerat barn bor i hemmet och vill ändå ändra statusen" in page.text
    assert unconfirmed.status_code == 422 and "Ett placerat barn bor i hemmet" in unconfirmed.text
    assert 'id="f-confirm_children-error"' in unconfirmed.text
    assert confirmed.status_code == 303


async def test_pages_need_no_inline_script_or_style(client):
    """The security headers allow scripts and styles from /static only (script-src 'self', style-src 'self')."""
    home = await create_home(client)
    for url in ["/familjehem", "/familjehem/ny", f"/familjehem/{home['id']}", f"/familjehem/{home['id']}/redigera"]:
        page = (await client.get(url, headers=HTML)).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert " style=" not in page and "<style" not in page and "hx-on" not in page, url
        assert '"includeIndicatorStyles": false' in page


async def test_forms_carry_the_session_csrf_token(app, make_user):
    user = await make_user("placement_secretary", "family_care")
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        assert (await sign_in(client, user.email)).status_code == 303
        form = await client.get("/familjehem/ny", headers=HTML)
        token = re.search(r'<input type="hidden" name="csrf_token" value="([^"]+)">', form.text).group(1)

        response = await post_form(client, "/familjehem/ny", form_fields(csrf_token=token), HTML)

        assert response.status_code == 303, response.text
        detail = await client.get(response.headers["location"], headers=HTML)
        # the status, staff and contact forms and the sign-out form, and htmx's header on the body
        assert detail.text.count(f'name="csrf_token" value="{token}"') == 4
        assert f'"X-CSRF-Token": "{token}"' in detail.text


async def test_an_unexpected_error_gives_a_500_page_and_problem_json_for_the_api(app, client, monkeypatch):
    async def broken(*args, **kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(service, "list_homes", broken)
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://test", headers=client.headers) as client:
        page = await client.get("/familjehem", headers=HTML)
        assert page.status_code == 500
        assert "Ett oväntat fel inträffade" in page.text and "exploded" not in page.text

        api = await client.get("/api/foster-homes", headers=HTML)
        assert api.status_code == 500 and api.headers["content-type"] == "application/problem+json"


async def test_my_requests_on_the_start_page_are_my_accounts_not_my_namesakes(client_as):
    from tests.factories import child_payload, personal_number

    first = await client_as("social_worker", name="Anna Andersson")
    namesake = await client_as("social_worker", name="Anna Andersson")
    child = (await first.post("/api/children", json=child_payload(
        allergies=[], personal_number=personal_number("20150505", "321")))).json()
    made = await first.post("/api/placement-requests", json={
        "child_ids": [child["id"]], "kind": "long_term", "legal_basis": "sol", "wanted_start": "2026-12-01"})
    assert made.status_code == 201, made.text
    reference = made.json()["reference"]
    mine = (await first.get("/", headers=HTML)).text.split('id="mina-forfragningar"')[1].split("</section>")[0]
    theirs = (await namesake.get("/", headers=HTML)).text.split('id="mina-forfragningar"')[1].split("</section>")[0]
    assert reference in mine
    assert reference not in theirs and "Du har inga öppna eller matchade förfrågningar." in theirs


async def test_only_those_who_may_change_a_home_assign_its_staff(client, client_as):
    home = await create_home(client, protected_identity=True)
    worker = await client_as("social_worker")
    family_care = await client_as("family_care")  # may change homes, but is not assigned to this protected one
    for intruder in (worker, family_care):
        sent = await post_form(intruder, f"/familjehem/{home['id']}/handlaggare", {"user_id": str(intruder.user.id)})
        assert sent.status_code == 403, sent.text
        removed = await post_form(intruder, f"/familjehem/{home['id']}/handlaggare/{client.user.id}/ta-bort", {})
        assert removed.status_code in (403, 404), removed.text
    staff = (await client.get(f"/api/foster-homes/{home['id']}")).json()["assigned_staff"]
    assert {person["id"] for person in staff} <= {str(client.user.id)}  # nobody was added
