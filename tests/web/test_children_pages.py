"""The children's pages (Barn) over HTTP: the list and its htmx fragment, filters and their errors, a child's
page with needs, school and the network (table and drawing), the forms, access; and the drawing's layout."""

from __future__ import annotations

import math
import re
import uuid
from urllib.parse import urlencode

import pytest

from children.schemas import Relation
from tests.factories import personal_number
from web.pages import network_drawing
from web.pages.network_drawing import NetworkPerson, RelationGroup, layout

HTML = {"Accept": "text/html"}
HTMX = {"HX-Request": "true", "Accept": "*/*"}

ELSA_NUMBER = personal_number("20140405", "124")


def child_body(**overrides) -> dict:
    body = {
        "first_name": "Elsa",
        "last_name": "Nyström",
        "personal_number": ELSA_NUMBER,
        "gender": "girl",
        "languages": ["svenska", "arabiska"],
        "allergies": ["katt"],
        "address": {
            "street": "Hagalundsvägen 3",
            "postal_code": "163 44",
            "city": "Spånga",
            "municipality": "Stockholm",
            "latitude": 59.3850,
            "longitude": 17.9200,
        },
    }
    body.update(overrides)
    return body


def grandmother(**overrides) -> dict:
    body = {
        "name": "Birgitta Nyström",
        "relation": "grandparent",
        "importance": 3,
        "contact_frequency": "weekly",
        "location": {"municipality": "Sollentuna", "latitude": 59.4280, "longitude": 17.9510},
        "willing_kinship_home": True,
    }
    body.update(overrides)
    return body


def father(**overrides) -> dict:
    body = {
        "name": "Kalle Nyström",
        "relation": "father",
        "importance": 1,
        "location": {"municipality": "Järfälla", "latitude": 59.42, "longitude": 17.83},
        "protected_from": True,
        "protected_reason": "Hot mot barnet; kontaktförbud.",
    }
    body.update(overrides)
    return body


async def create_child(client, **overrides) -> dict:
    response = await client.post("/api/children", json=child_body(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


async def add_member(client, child_id: str, body: dict) -> dict:
    response = await client.post(f"/api/children/{child_id}/network", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def record_needs(client, child_id: str, *needs: tuple[str, str], assessed_on: str = "2026-11-01") -> None:
    body = {"assessed_on": assessed_on, "needs": [{"domain": d, "level": level} for d, level in needs]}
    response = await client.post(f"/api/children/{child_id}/needs", json=body)
    assert response.status_code == 201, response.text


async def create_school(client, **overrides) -> dict:
    body = {"name": "Tensta skola", "kind": "primary_f9", "municipality": "Stockholm", "latitude": 59.394, "longitude": 17.902}
    body.update(overrides)
    response = await client.post("/api/schools", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def post_form(client, url: str, fields: list[tuple[str, str]] | dict, headers=None):
    items = list(fields.items()) if isinstance(fields, dict) else fields
    return await client.post(
        url, content=urlencode(items), headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or HTML)}
    )


def child_form(**overrides: str) -> list[tuple[str, str]]:
    """The registration form as a browser sends it: every field, blank ones included."""
    fields = {
        "first_name": "Elsa",
        "last_name": "Nyström",
        "personal_number": ELSA_NUMBER,
        "gender": "girl",
        "responsible_worker_id": "",
        "address.street": "Hagalundsvägen 3",
        "address.postal_code": "16344",
        "address.city": "Spånga",
        "address.municipality": "Stockholm",
        "address.latitude": "59,3850",
        "address.longitude": "17,9200",
        "languages": "svenska, arabiska",
        "allergies": "katt",
        "religion_culture": "",
        "health_notes": "",
        "assessed_on": "2026-11-20",
    }
    for index, domain in enumerate(["health", "education", "emotional_behavioural", "identity",
                                    "family_social_relations", "social_presentation", "self_care"]):
        fields |= {f"needs.{index}.domain": domain, f"needs.{index}.level": "", f"needs.{index}.description": ""}
    return list((fields | overrides).items())


def with_needs(items: list[tuple[str, str]], **levels: str) -> list[tuple[str, str]]:
    """Fill in the needs rows: ``with_needs(items, **{"2": "critical"})`` sets the third domain's level."""
    result = []
    for name, value in items:
        match = re.fullmatch(r"needs\.(\d+)\.level", name)
        result.append((name, levels.get(match.group(1), value) if match else value))
    return result


# ---------------------------------------------------------------- the list


async def test_list_renders_the_whole_page_and_htmx_gets_only_the_results(client):
    elsa = await create_child(client)
    await record_needs(client, elsa["id"], ("health", "critical"), ("education", "some"))
    await create_child(client, first_name="Omar", last_name="Ali", personal_number=personal_number("20100812", "335"),
                       gender="boy")

    page = await client.get("/barn", headers=HTML)

    assert page.status_code == 200
    text = page.text
    assert '<html lang="sv">' in text
    assert re.search(r'<a href="/barn"\s+aria-current="page" class="active">Barn</a>', text)
    assert f'href="/barn/{elsa["id"]}"' in text and "Omar Ali" in text
    assert "20140405-****" in text and ELSA_NUMBER not in text  # lists mask the personal number
    assert "Hälsa (mycket stort)" in text and "Utbildning (visst)" not in text
    assert "Flicka" in text and "Pojke" in text and "Stockholm" in text
    assert "2 barn" in text

    fragment = await client.get("/barn?q=omar&need_domain=&protected=", headers=HTMX)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "Filtrera barn" not in fragment.text
    assert "Omar Ali" in fragment.text and "Elsa Nyström" not in fragment.text
    assert 'id="result-count" hx-swap-oob="innerHTML">1 barn' in fragment.text
    assert fragment.headers["HX-Push-Url"] == "/barn?q=omar"


async def test_list_filters_by_need_protection_and_own_children(client, client_as):
    elsa = await create_child(client, responsible_worker_id=str(client.user.id))
    await record_needs(client, elsa["id"], ("identity", "substantial"))
    colleague = await client_as("social_worker")
    await create_child(colleague, first_name="Nora", last_name="Berg", personal_number=personal_number("20120303", "442"),
                       protected_identity=True)

    by_need = await client.get("/barn?need_domain=identity", headers=HTMX)
    assert "Elsa Nyström" in by_need.text and "Nora Berg" not in by_need.text
    too_high = await client.get("/barn?need_domain=identity&min_need_level=critical", headers=HTMX)
    assert "Inga barn matchar filtren" in too_high.text

    protected = await client.get("/barn?protected=true", headers=HTMX)
    assert "Nora Berg" in protected.text and "Elsa Nyström" not in protected.text
    assert "Skyddad" in protected.text  # the municipality is not shown to an unassigned user

    mine = await client.get("/barn?mine=1", headers=HTMX)
    assert "Elsa Nyström" in mine.text and "Nora Berg" not in mine.text
    assert mine.headers["HX-Push-Url"] == "/barn?mine=1"


async def test_list_pages_keep_the_filters(client):
    for index, first in enumerate(["Anna", "Bea", "Cilla"]):
        await create_child(client, first_name=first, personal_number=personal_number(f"2015010{index + 1}", "224"))

    first = await client.get("/barn?q=nyström&page_size=2", headers=HTML)

    assert "Visar 1–2 av 3 barn" in first.text
    assert 'href="/barn?q=nystr%C3%B6m&amp;page_size=2&amp;page=2"' in first.text
    second = await client.get("/barn?q=nyström&page_size=2&page=2", headers=HTMX)
    assert "Cilla" in second.text and "Anna" not in second.text


async def test_bad_filters_show_swedish_messages_next_to_the_fields(client):
    page = await client.get("/barn?need_domain=castle&protected=kanske&page=0", headers=HTML)

    assert page.status_code == 422
    text = page.text
    assert "Filtren innehåller fel" in text
    assert re.search(r'id="filter-need_domain-error"[^>]*>.*Ogiltigt värde', text)
    assert re.search(r'id="filter-protected-error"[^>]*>.*Ska vara ja eller nej', text)
    assert "Sida: Får inte vara mindre än 1" in text

    fragment = await client.get("/barn?min_need_level=enorm", headers=HTMX)
    assert fragment.status_code == 422
    assert 'id="filter-min_need_level-error" data-error-for="f-min_need_level" hx-swap-oob="innerHTML">' in fragment.text


# ---------------------------------------------------------------- registering and editing


async def test_create_form_renders_labelled_fields_in_fieldsets(client):
    response = await client.get("/barn/ny", headers=HTML)

    assert response.status_code == 200
    page = response.text
    for name in ["first_name", "personal_number", "gender", "responsible_worker_id", "address.latitude",
                 "allergies", "assessed_on", "needs.3.level", "needs.3.description"]:
        field_id = "f-" + name.replace(".", "-")
        assert f'name="{name}"' in page
        assert f'<label for="{field_id}">' in page
    assert "<legend>Identitet</legend>" in page
    assert f'<option value="{client.user.id}" selected>' in page  # the registering user is responsible by default


async def test_create_form_with_a_bad_personal_number_keeps_the_values_and_says_why(client):
    wrong = ELSA_NUMBER[:-1] + str((int(ELSA_NUMBER[-1]) + 1) % 10)
    fields = with_needs(child_form(personal_number=wrong, **{"needs.0.description": "Astma"}), **{"0": "substantial"})

    response = await post_form(client, "/barn/ny", fields)

    assert response.status_code == 422
    page = response.text
    assert "Formuläret innehåller fel" in page
    assert 'href="#f-personal_number">Personnummer: Personnumret är ogiltigt: kontrollsiffran stämmer inte.' in page
    field = re.search(r'<input id="f-personal_number"[^>]*>', page).group(0)
    assert f'value="{wrong}"' in field and 'aria-invalid="true"' in field and "f-personal_number-error" in field
    assert re.search(r'id="f-personal_number-error">.*kontrollsiffran', page)
    assert 'value="Hagalundsvägen 3"' in page and 'value="59,3850"' in page
    assert re.search(r'name="needs.0.level".*?<option value="substantial" selected>', page, re.DOTALL)
    assert ">Astma</textarea>" in page
    assert (await client.get("/api/children")).json()["total"] == 0


async def test_create_form_reports_a_half_filled_address_and_a_need_row_without_level(client):
    fields = child_form(**{"address.street": "", "address.latitude": "", "needs.1.description": "Byter skola ofta"})

    response = await post_form(client, "/barn/ny", fields)

    assert response.status_code == 422
    assert re.search(r'id="f-address-street-error">.*Uppgiften saknas', response.text)
    assert 'href="#f-needs-1-level">Utbildning: nivå: Uppgiften saknas.' in response.text


async def test_create_form_saves_the_child_and_its_needs_and_redirects(client):
    fields = with_needs(child_form(**{"needs.2.description": "Oro och sömnsvårigheter"}), **{"2": "critical", "0": "some"})

    response = await post_form(client, "/barn/ny", fields)

    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert re.fullmatch(r"/barn/[0-9a-f-]{36}\?sparat=1", location)
    child_id = location.split("/")[2].split("?")[0]
    stored = (await client.get(f"/api/children/{child_id}")).json()
    assert stored["personal_number"] == ELSA_NUMBER and stored["address"]["latitude"] == 59.385
    assert stored["languages"] == ["svenska", "arabiska"]
    assert {(n["domain"], n["level"]) for n in stored["needs"]} == {("health", "some"), ("emotional_behavioural", "critical")}
    assert stored["needs"][0]["assessed_on"] == "2026-11-20"
    detail = await client.get(location, headers=HTML)
    assert "Uppgifterna är sparade." in detail.text and "Oro och sömnsvårigheter" in detail.text


async def test_a_child_without_address_or_needs_can_be_registered(client):
    blank_address = {f"address.{name}": "" for name in ["street", "postal_code", "city", "municipality", "latitude", "longitude"]}
    response = await post_form(client, "/barn/ny", child_form(**blank_address))
    assert response.status_code == 303
    child_id = response.headers["location"].split("/")[2].split("?")[0]
    stored = (await client.get(f"/api/children/{child_id}")).json()
    assert stored["address"] is None and stored["needs"] == []


async def test_the_same_personal_number_twice_is_a_conflict_shown_on_the_form(client):
    await create_child(client)
    response = await post_form(client, "/barn/ny", child_form())
    assert response.status_code == 409
    assert "Det finns redan ett barn med det personnumret." in response.text
    assert 'value="Nyström"' in response.text


async def test_edit_form_shows_the_record_saves_and_refuses_a_stale_version(client):
    child = await create_child(client)

    form = await client.get(f"/barn/{child['id']}/redigera", headers=HTML)
    assert form.status_code == 200
    assert 'name="version" value="1"' in form.text
    assert 'value="svenska, arabiska"' in form.text and f'value="{ELSA_NUMBER}"' in form.text
    assert 'name="needs.0.level"' not in form.text  # needs have their own form on the child's page

    fields = [(name, value) for name, value in child_form(first_name="Elsa-Maria") if not name.startswith(("needs.", "assessed_on"))]
    saved = await post_form(client, f"/barn/{child['id']}/redigera", [*fields, ("version", "1")])
    assert saved.status_code == 303
    assert (await client.get(f"/api/children/{child['id']}")).json()["first_name"] == "Elsa-Maria"

    stale = await post_form(client, f"/barn/{child['id']}/redigera", [*fields, ("version", "1")])
    assert stale.status_code == 409
    assert "Uppgifterna har ändrats av någon annan" in stale.text or "ändrades uppgifterna samtidigt" in stale.text
    assert 'value="Elsa-Maria"' in stale.text


# ---------------------------------------------------------------- a child's page


async def test_detail_shows_needs_school_and_the_network_as_table_and_drawing(client):
    child = await create_child(client)
    await record_needs(client, child["id"], ("health", "substantial"), ("identity", "critical"))
    mormor = await add_member(client, child["id"], grandmother())
    pappa = await add_member(client, child["id"], father())
    await add_member(client, child["id"], {"name": "Lärare Lena", "relation": "professional", "importance": 2})
    school = await create_school(client)
    enrolled = await client.post(f"/api/children/{child['id']}/enrolments",
                                 json={"school_id": school["id"], "grade": 6, "started_on": "2025-08-18"})
    assert enrolled.status_code == 201, enrolled.text

    response = await client.get(f"/barn/{child['id']}", headers=HTML)

    assert response.status_code == 200
    page = response.text
    assert "<h1>Elsa Nyström</h1>" in page
    assert "Hagalundsvägen 3" in page
    # needs per BBIC domain, with level and a way to the history
    assert re.search(r"Identitet</th>\s*<td><span class=\"badge need need--critical\">Mycket stort</span>", page)
    assert f'href="/barn/{child["id"]}/behov"' in page
    # school
    assert "Tensta skola" in page and "Årskurs 6" in page
    # the network table
    table = page[page.index('<table class="members">'):]
    table = table[: table.index("</table>")]
    assert "Birgitta Nyström" in table and "Mor-/farförälder" in table and "Möjligt nätverkshem" in table
    assert "Sollentuna" in table and "Hot mot barnet; kontaktförbud." in table
    # the drawing: an image with a name and a description, every member labelled, the marks distinct
    svg = re.search(r"<svg class=\"network\".*?</svg>", page, re.DOTALL).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="nw-title nw-desc"' in svg
    assert '<title id="nw-title">Nätverkskarta för Elsa Nyström</title>' in svg
    desc = re.search(r'<desc id="nw-desc">(.*?)</desc>', svg, re.DOTALL).group(1)
    assert "Möjliga nätverkshem: Birgitta Nyström" in desc and "skyddas från: Kalle Nyström" in desc
    for name in ["Birgitta Nyström", "Kalle Nyström", "Lärare Lena"]:
        assert f">{name}</tspan>" in svg
    assert re.search(rf'class="nw-node nw-node--relatives nw-kinship"\s+data-person="{mormor["id"]}"', svg)
    assert re.search(rf'class="nw-node nw-node--family nw-protected"\s+data-person="{pappa["id"]}"', svg)
    assert 'class="nw-kinship-ring"' in svg and "nw-edge--protected" in svg and ">skydd</tspan>" in svg
    assert "Dubbel ring: möjligt nätverkshem" in page  # the legend says it in words


async def test_need_history_page_lists_every_assessment(client):
    child = await create_child(client)
    await record_needs(client, child["id"], ("health", "some"), assessed_on="2026-01-10")
    await record_needs(client, child["id"], ("health", "critical"), assessed_on="2026-11-01")

    page = await client.get(f"/barn/{child['id']}/behov", headers=HTML)

    assert page.status_code == 200
    rows = re.findall(r"<tr>\s*<td class=\"nowrap\">(\S+)</td>\s*<td>Hälsa</td>", page.text)
    assert rows == ["2026-11-01", "2026-01-10"]


async def test_needs_form_with_htmx_returns_the_section_with_errors_or_the_new_levels(client):
    child = await create_child(client)
    url = f"/barn/{child['id']}/behov"
    rows = [("assessed_on", "2026-11-20"), ("needs.0.domain", "health"), ("needs.0.level", ""),
            ("needs.1.domain", "education"), ("needs.1.level", "")]

    nothing = await post_form(client, url, rows, HTMX)
    assert nothing.status_code == 422
    assert nothing.text.lstrip().startswith('<section aria-labelledby="h-needs"')
    assert "Ange en nivå för minst ett område." in nothing.text

    future = await post_form(client, url, [("assessed_on", "2027-01-01"), ("needs.1.domain", "education"),
                                           ("needs.1.level", "substantial")], HTMX)
    assert future.status_code == 422 and 'id="f-assessed_on-error"' in future.text

    saved = await post_form(client, url, [("assessed_on", "2026-11-20"), ("needs.1.domain", "education"),
                                          ("needs.1.level", "substantial"), ("needs.1.description", "Stöd i matematik")], HTMX)
    assert saved.status_code == 200
    assert "Behovsbedömningen är sparad." in saved.text and "Stöd i matematik" in saved.text
    assert "<svg" not in saved.text  # only the section

    plain = await post_form(client, url, [("needs.0.domain", "health"), ("needs.0.level", "some")], HTML)
    assert plain.status_code == 303 and plain.headers["location"].endswith("#behov")


async def test_wish_and_network_examination_forms(client):
    child = await create_child(client)

    empty = await post_form(client, f"/barn/{child['id']}/asikter", {"said_on": "2026-11-20", "text": ""}, HTMX)
    assert empty.status_code == 422 and 'id="f-text-error"' in empty.text
    wish = await post_form(client, f"/barn/{child['id']}/asikter",
                           {"said_on": "2026-11-20", "text": "Jag vill bo nära mormor."}, HTMX)
    assert wish.status_code == 200 and "Jag vill bo nära mormor." in wish.text and "2026-11-20" in wish.text

    url = f"/barn/{child['id']}/natverksutredning"
    missing = await post_form(client, url, {"examined_on": "2026-11-20", "conclusion": "", "note": "Mormor tillfrågad."}, HTMX)
    assert missing.status_code == 422 and 'id="f-conclusion-error"' in missing.text
    assert 'value="2026-11-20"' in missing.text and "Mormor tillfrågad." in missing.text
    saved = await post_form(client, url, {"examined_on": "2026-11-20", "conclusion": "kinship_possible",
                                          "note": "Mormor tillfrågad."}, HTMX)
    assert saved.status_code == 200 and "Nätverkshem möjligt" in saved.text


async def test_member_form_needs_a_reason_for_protection_and_saves_a_member(client):
    child = await create_child(client)
    form = await client.get(f"/barn/{child['id']}/natverk/ny", headers=HTML)
    assert form.status_code == 200
    for name in ["name", "relation", "importance", "location.municipality", "willing_kinship_home", "protected_reason"]:
        assert f'name="{name}"' in form.text

    fields = {"name": "Kalle Nyström", "personal_number": "", "relation": "father", "importance": "1",
              "contact_frequency": "none", "kinship_assessment": "not_assessed", "protected_from": "true",
              "protected_reason": "", "note": "",
              **{f"location.{key}": "" for key in ["street", "postal_code", "city", "municipality", "latitude", "longitude"]}}
    refused = await post_form(client, f"/barn/{child['id']}/natverk", fields)
    assert refused.status_code == 422
    assert re.search(r'id="f-protected_reason-error">.*Ange skälet till att barnet ska skyddas från personen.', refused.text)
    assert 'href="#f-protected_reason">Skäl till skyddet: Ange skälet' in refused.text
    assert 'value="Kalle Nyström"' in refused.text

    half_location = await post_form(client, f"/barn/{child['id']}/natverk",
                                     {**fields, "protected_reason": "Hot.", "location.municipality": "Järfälla"})
    assert half_location.status_code == 422 and 'id="f-location-latitude-error"' in half_location.text

    saved = await post_form(client, f"/barn/{child['id']}/natverk",
                            {**fields, "protected_reason": "Hot.", "location.municipality": "Järfälla",
                             "location.latitude": "59,42", "location.longitude": "17,83"})
    assert saved.status_code == 303
    assert saved.headers["location"].endswith("?sparat=network#natverk")
    members = (await client.get(f"/api/children/{child['id']}/network")).json()
    assert members[0]["protected_from"] and members[0]["location"]["latitude"] == 59.42


def member_form(**overrides: str) -> dict:
    """The member form as a browser sends it: every field, blank ones included."""
    fields = {"name": "Birgitta Nyström", "personal_number": "", "relation": "grandparent", "importance": "3",
              "contact_frequency": "weekly", "kinship_assessment": "not_assessed", "willing_kinship_home": "true",
              "kinship_home_id": "", "protected_reason": "", "note": "",
              "location.street": "", "location.postal_code": "", "location.city": "",
              "location.municipality": "Sollentuna", "location.latitude": "59,4280", "location.longitude": "17,9510"}
    return fields | overrides


async def test_member_edit_form_shows_the_person_saves_and_refuses_a_stale_version(client):
    child = await create_child(client)
    member = await add_member(client, child["id"], grandmother())
    edit_url = f"/barn/{child['id']}/natverk/{member['id']}/redigera"

    page = await client.get(f"/barn/{child['id']}", headers=HTML)
    assert f'href="{edit_url}">Ändra<span class="visually-hidden"> Birgitta Nyström</span></a>' in page.text

    form = await client.get(edit_url, headers=HTML)
    assert form.status_code == 200
    assert "<h1>Ändra Birgitta Nyström i nätverket</h1>" in form.text
    assert f'action="{edit_url}"' in form.text and 'name="version" value="1"' in form.text
    assert 'value="Birgitta Nyström"' in form.text and 'value="Sollentuna"' in form.text
    assert re.search(r'name="importance" value="3"\s+checked', form.text)
    assert re.search(r'<option value="weekly" selected>', form.text)
    assert re.search(r'name="willing_kinship_home" value="true"\s+checked', form.text)

    no_reason = await post_form(client, edit_url, member_form(protected_from="true", version="1"))
    assert no_reason.status_code == 422
    assert re.search(r'id="f-protected_reason-error">.*Ange skälet till att barnet ska skyddas från personen.', no_reason.text)
    assert 'href="#f-protected_reason">Skäl till skyddet: Ange skälet' in no_reason.text
    assert 'name="version" value="1"' in no_reason.text and "<h1>Ändra Birgitta Nyström i nätverket</h1>" in no_reason.text

    saved = await post_form(client, edit_url, member_form(name="Birgitta Ek", contact_frequency="monthly", version="1"))
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/barn/{child['id']}?sparat=member#natverk"
    stored = (await client.get(f"/api/children/{child['id']}/network")).json()
    assert [(m["name"], m["contact_frequency"], m["version"]) for m in stored] == [("Birgitta Ek", "monthly", 2)]
    assert stored[0]["location"]["latitude"] == 59.428
    shown = await client.get(saved.headers["location"], headers=HTML)
    assert "Ändringarna av personen är sparade." in shown.text and "Birgitta Ek" in shown.text

    stale = await post_form(client, edit_url, member_form(name="Birgitta Andersson", version="1"))
    assert stale.status_code == 409
    assert "Uppgifterna har ändrats av någon annan sedan du öppnade dem" in stale.text
    assert 'class="error-summary"' in stale.text and 'value="Birgitta Andersson"' in stale.text
    assert (await client.get(f"/api/children/{child['id']}/network")).json()[0]["name"] == "Birgitta Ek"


async def test_removing_a_member_is_a_post_from_the_edit_page(client):
    child = await create_child(client)
    member = await add_member(client, child["id"], father())
    remove_url = f"/barn/{child['id']}/natverk/{member['id']}/ta-bort"

    form = await client.get(f"/barn/{child['id']}/natverk/{member['id']}/redigera", headers=HTML)
    removal = form.text.split('id="ta-bort"')[1]
    assert f'<form method="post" action="{remove_url}">' in removal
    assert "Ja, ta bort Kalle Nyström ur nätverket</button>" in removal
    assert "Barnet ska skyddas från personen." in removal  # the warning of what the removal undoes

    assert (await client.get(remove_url, headers=HTML)).status_code == 405  # no link removes anyone

    removed = await post_form(client, remove_url, {})
    assert removed.status_code == 303
    assert removed.headers["location"] == f"/barn/{child['id']}?sparat=member_removed#natverk"
    assert (await client.get(f"/api/children/{child['id']}/network")).json() == []
    page = await client.get(removed.headers["location"], headers=HTML)
    assert "Personen är borttagen ur nätverket." in page.text and "Kalle Nyström" not in page.text

    again = await post_form(client, remove_url, {})
    assert again.status_code == 404 and "Personen finns inte i barnets nätverk." in again.text
    assert (await client.get(f"/barn/{child['id']}/natverk/{member['id']}/redigera", headers=HTML)).status_code == 404


async def test_another_childs_member_is_not_found_through_this_child(client):
    child = await create_child(client)
    other = await create_child(client, first_name="Oskar", personal_number=personal_number("20170101", "235"))
    member = await add_member(client, other["id"], grandmother())
    assert (await client.get(f"/barn/{child['id']}/natverk/{member['id']}/redigera", headers=HTML)).status_code == 404
    assert (await post_form(client, f"/barn/{child['id']}/natverk/{member['id']}/ta-bort", {})).status_code == 404
    assert len((await client.get(f"/api/children/{other['id']}/network")).json()) == 1


async def test_linking_and_unlinking_a_sibling(client):
    child = await create_child(client)
    brother = await create_child(client, first_name="Oskar", personal_number=personal_number("20170101", "235"))
    url = f"/barn/{child['id']}/syskon"

    page = await client.get(f"/barn/{child['id']}", headers=HTML)
    section = page.text.split('id="syskon"')[1].split("</section>")[0]
    assert "Inga syskon registrerade." in section
    assert f'<option value="{brother["id"]}">Oskar Nyström (20170101-****)</option>' in section
    assert f'<option value="{child["id"]}"' not in section  # not itself

    blank = await post_form(client, url, {"child_id": "", "half": ""}, HTMX)
    assert blank.status_code == 422 and blank.text.lstrip().startswith('<section aria-labelledby="h-siblings"')
    assert re.search(r'id="f-child_id-error">.*Välj vilket barn som är syskon.', blank.text)
    assert 'href="#f-child_id">Syskon: Välj vilket barn som är syskon.' in blank.text

    itself = await post_form(client, url, {"child_id": child["id"]})
    assert itself.status_code == 422 and "Ett barn kan inte vara syskon med sig självt." in itself.text

    linked = await post_form(client, url, {"child_id": brother["id"], "half": "true"}, HTMX)
    assert linked.status_code == 200
    assert "Syskonet är kopplat till barnet." in linked.text and "halvsyskon" in linked.text
    assert f'<option value="{brother["id"]}"' not in linked.text  # already a sibling
    brother_page = await client.get(f"/barn/{brother['id']}", headers=HTML)
    assert f'href="/barn/{child["id"]}">Elsa Nyström</a>' in brother_page.text

    twice = await post_form(client, url, {"child_id": brother["id"]})
    assert twice.status_code == 409 and "Barnen är redan registrerade som syskon." in twice.text

    unlink_url = f"/barn/{child['id']}/syskon/{brother['id']}/ta-bort"
    assert f'action="{unlink_url}"' in linked.text and "Ta bort syskonkopplingen" in linked.text
    unlinked = await post_form(client, unlink_url, {})
    assert unlinked.status_code == 303
    assert unlinked.headers["location"] == f"/barn/{child['id']}?sparat=sibling_removed#syskon"
    assert (await client.get(f"/api/children/{child['id']}")).json()["siblings"] == []
    assert "Syskonkopplingen är borttagen." in (await client.get(unlinked.headers["location"], headers=HTML)).text
    assert (await post_form(client, unlink_url, {})).status_code == 404


async def test_the_sibling_select_narrows_by_search(client):
    child = await create_child(client)
    await create_child(client, first_name="Oskar", personal_number=personal_number("20170101", "235"))
    await create_child(client, first_name="Maja", last_name="Berg", personal_number=personal_number("20150202", "246"))

    found = await client.get(f"/barn/{child['id']}/syskonval?syskon_q=berg", headers=HTMX)
    assert found.status_code == 200 and found.text.lstrip().startswith('<div id="sibling-choice">')
    assert "Maja Berg" in found.text and "Oskar" not in found.text
    none = await client.get(f"/barn/{child['id']}/syskonval?syskon_q=zzz", headers=HTMX)
    assert "Inget barn matchar sökningen." in none.text
    without_htmx = await client.get(f"/barn/{child['id']}/syskonval?syskon_q=berg", headers=HTML)
    assert without_htmx.status_code == 303 and without_htmx.headers["location"].endswith("?syskon_q=berg#syskon")
    page = await client.get(without_htmx.headers["location"], headers=HTML)
    section = page.text.split('id="syskon"')[1].split("</section>")[0]
    assert "Maja Berg" in section and "Oskar" not in section and 'value="berg"' in section


async def test_assigning_staff_lets_them_see_a_protected_child(client_as, make_user):
    worker = await client_as("social_worker")
    child = await create_child(worker, protected_identity=True, responsible_worker_id=str(worker.user.id))
    colleague = await client_as("social_worker", name="Kim Kollega", team="Team Norr")
    url = f"/barn/{child['id']}/personal"
    assert (await colleague.get(f"/barn/{child['id']}/natverk/ny", headers=HTML)).status_code == 403

    page = await worker.get(f"/barn/{child['id']}", headers=HTML)
    assert re.search(rf'<option value="{colleague.user.id}">Kim Kollega \(Team Norr, Enhet placering\)</option>', page.text)

    blank = await post_form(worker, url, {"user_id": ""})
    assert blank.status_code == 422
    assert re.search(r'id="f-user_id-error">.*Välj vem som ska tilldelas barnet.', blank.text)

    saved = await post_form(worker, url, {"user_id": str(colleague.user.id)}, HTMX)
    assert saved.status_code == 200 and saved.text.lstrip().startswith('<section aria-labelledby="h-staff"')
    assert "Personalen är tilldelad barnet." in saved.text and "<dd>Kim Kollega</dd>" in saved.text
    assert f'<option value="{colleague.user.id}"' not in saved.text

    twice = await post_form(worker, url, {"user_id": str(colleague.user.id)})
    assert twice.status_code == 409 and "Användaren är redan tilldelad barnet." in twice.text

    seen = await colleague.get(f"/barn/{child['id']}", headers=HTML)
    assert "Hagalundsvägen 3" in seen.text and "Lägg till person i nätverket" in seen.text


async def test_enrol_form_offers_the_schools_and_checks_the_grade(client):
    child = await create_child(client)
    preschool = await create_school(client, name="Förskolan Lärkan", kind="preschool")
    school = await create_school(client)
    url = f"/barn/{child['id']}/skola"

    page = await client.get(f"/barn/{child['id']}", headers=HTML)
    assert f'<option value="{school["id"]}">Tensta skola (Stockholm)</option>' in page.text
    assert '<option value="6">Årskurs 6</option>' in page.text and '<option value="-1">Förskola</option>' in page.text

    wrong = await post_form(client, url, {"school_id": preschool["id"], "grade": "6", "started_on": "2026-08-17"}, HTMX)
    assert wrong.status_code == 422
    assert re.search(r'id="f-grade-error">.*Förskolan Lärkan har inte årskurs 6', wrong.text)

    saved = await post_form(client, url, {"school_id": school["id"], "grade": "6", "started_on": "2026-08-17", "ended_on": ""}, HTMX)
    assert saved.status_code == 200
    assert "Skolgången är sparad." in saved.text and "Tensta skola" in saved.text and "Pågår" in saved.text

    found = await client.get(f"/barn/{child['id']}/skolval?skola_q=lärk", headers=HTMX)
    assert found.status_code == 200 and found.text.lstrip().startswith('<div id="school-choice">')
    assert "Förskolan Lärkan" in found.text and "Tensta skola" not in found.text
    without_htmx = await client.get(f"/barn/{child['id']}/skolval?skola_q=lärk", headers=HTML)
    assert without_htmx.status_code == 303 and "skola_q=l%C3%A4rk#skola" in without_htmx.headers["location"]


# ---------------------------------------------------------------- access


async def test_budget_group_may_not_see_children(client, client_as):
    child = await create_child(client)
    budget = await client_as("budget_group")

    assert (await budget.get("/barn", headers=HTML)).status_code == 403
    denied = await budget.get(f"/barn/{child['id']}", headers=HTML)
    assert denied.status_code == 403 and "Elsa" not in denied.text
    assert 'href="/barn"' not in denied.text  # no menu item to a page they cannot open
    assert (await budget.get("/barn/ny", headers=HTML)).status_code == 403


async def test_a_protected_child_shows_an_unassigned_colleague_the_notice_not_the_address(client_as):
    worker = await client_as("social_worker")
    child = await create_child(worker, protected_identity=True, responsible_worker_id=str(worker.user.id))
    await add_member(worker, child["id"], grandmother())
    colleague = await client_as("social_worker")

    own = await worker.get(f"/barn/{child['id']}", headers=HTML)
    assert "Hagalundsvägen 3" in own.text and "Sollentuna" in own.text

    page = await colleague.get(f"/barn/{child['id']}", headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert "Hagalundsvägen 3" not in text and "Sollentuna" not in text and "Spånga" not in text
    assert "Skyddade personuppgifter: adresser visas bara för barnets socialsekreterare" in text
    assert "Redigera uppgifterna" not in text and "Lägg till person i nätverket" not in text
    assert "kan ändra uppgifterna" in text
    assert (await colleague.get(f"/barn/{child['id']}/redigera", headers=HTML)).status_code == 403


async def test_a_reader_sees_the_child_without_any_write_form(client, client_as):
    child = await create_child(client)
    reader = await client_as("family_care")

    page = await reader.get(f"/barn/{child['id']}", headers=HTML)

    assert page.status_code == 200
    assert "20140405-****" in page.text and ELSA_NUMBER not in page.text  # readers get the masked number
    assert "<form" not in page.text.split('<main id="main"')[1].split("</main>")[0]
    assert "Registrera nytt barn" not in (await reader.get("/barn", headers=HTML)).text


async def test_write_routes_refuse_a_reader_and_an_unassigned_colleague_of_a_protected_child(client, client_as):
    open_child = await create_child(client)
    open_member = await add_member(client, open_child["id"], grandmother())
    reader = await client_as("family_care")

    page = await reader.get(f"/barn/{open_child['id']}", headers=HTML)
    assert page.status_code == 200 and "Birgitta Nyström" in page.text
    assert "/redigera" not in page.text and "Koppla ett syskon" not in page.text and "Tilldela personal" not in page.text

    worker = await client_as("social_worker")
    protected = await create_child(worker, protected_identity=True, responsible_worker_id=str(worker.user.id),
                                   personal_number=personal_number("20170101", "235"))
    member = await add_member(worker, protected["id"], grandmother())
    colleague = await client_as("social_worker")
    assert "Koppla ett syskon" not in (await colleague.get(f"/barn/{protected['id']}", headers=HTML)).text

    for who, child, member_id in [(reader, open_child, open_member["id"]), (colleague, protected, member["id"])]:
        base = f"/barn/{child['id']}"
        assert (await who.get(f"{base}/natverk/{member_id}/redigera", headers=HTML)).status_code == 403
        for url, fields in [
            (f"{base}/natverk/{member_id}/redigera", member_form(version="1")),
            (f"{base}/natverk/{member_id}/ta-bort", {}),
            (f"{base}/syskon", {"child_id": open_child["id"] if child is protected else protected["id"]}),
            (f"{base}/personal", {"user_id": str(who.user.id)}),
        ]:
            refused = await post_form(who, url, fields)
            assert refused.status_code == 403, url
            assert "Birgitta" not in refused.text
    assert len((await worker.get(f"/api/children/{protected['id']}/network")).json()) == 1
    assert len((await client.get(f"/api/children/{open_child['id']}/network")).json()) == 1


async def test_unknown_child_gives_the_404_page(client):
    missing = await client.get(f"/barn/{uuid.uuid4()}", headers=HTML)
    assert missing.status_code == 404 and "Barnet finns inte." in missing.text
    assert (await client.get("/barn/inte-ett-id", headers=HTML)).status_code == 404


async def test_children_pages_need_no_inline_script_or_style(client):
    child = await create_child(client)
    await add_member(client, child["id"], grandmother())
    member = (await client.get(f"/api/children/{child['id']}/network")).json()[0]
    for url in ["/barn", "/barn/ny", f"/barn/{child['id']}", f"/barn/{child['id']}/redigera",
                f"/barn/{child['id']}/natverk/ny", f"/barn/{child['id']}/natverk/{member['id']}/redigera",
                f"/barn/{child['id']}/behov"]:
        response = await client.get(url, headers=HTML)
        assert response.status_code == 200, url
        page = response.text
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert " style=" not in page and "<style" not in page and "hx-on" not in page, url


# ---------------------------------------------------------------- the drawing's layout


def person(name: str, relation: Relation, importance: int, **flags) -> NetworkPerson:
    return NetworkPerson(key=name, name=name, relation=relation, importance=importance, **flags)


def angle_of(placed) -> float:
    """Degrees clockwise from east, in [-180, 180)."""
    return math.degrees(math.atan2(placed.y - network_drawing.CENTRE_Y, placed.x - network_drawing.CENTRE_X))


def distance_of(placed) -> float:
    return math.hypot(placed.x - network_drawing.CENTRE_X, placed.y - network_drawing.CENTRE_Y)


def test_each_relation_group_gets_its_own_quarter():
    people = [
        person("Mamma", Relation.MOTHER, 3),
        person("Bror", Relation.SIBLING, 2),
        person("Mormor", Relation.GRANDPARENT, 3),
        person("Kusin", Relation.COUSIN, 1),
        person("Granne", Relation.NEIGHBOUR, 2),
        person("Vän", Relation.FAMILY_FRIEND, 1),
        person("Lärare", Relation.PROFESSIONAL, 2),
    ]

    drawing = layout(people)

    quarters = {
        RelationGroup.FAMILY: (-180, -90),
        RelationGroup.RELATIVES: (-90, 0),
        RelationGroup.FRIENDS: (0, 90),
        RelationGroup.PROFESSIONALS: (90, 180),
    }
    assert len(drawing.people) == len(people)
    for placed in drawing.people:
        low, high = quarters[placed.group]
        angle = angle_of(placed)
        assert low < angle < high, (placed.person.name, angle)
    groups = {p.person.name: p.group for p in drawing.people}
    assert groups["Mamma"] == groups["Bror"] == RelationGroup.FAMILY
    assert groups["Mormor"] == groups["Kusin"] == RelationGroup.RELATIVES
    assert groups["Granne"] == groups["Vän"] == RelationGroup.FRIENDS
    assert groups["Lärare"] == RelationGroup.PROFESSIONALS
    assert [s.count for s in drawing.sectors] == [2, 2, 2, 1]


def test_the_most_important_people_are_closest_to_the_child():
    drawing = layout([
        person("Viktigast", Relation.AUNT_UNCLE, 3),
        person("Viktig", Relation.AUNT_UNCLE, 2),
        person("Lite", Relation.AUNT_UNCLE, 1),
        person("Lite till", Relation.PROFESSIONAL, 1),
    ])

    distance = {p.person.name: distance_of(p) for p in drawing.people}
    assert distance["Viktigast"] < distance["Viktig"] < distance["Lite"]
    assert distance["Viktigast"] > network_drawing.CHILD_RADIUS + network_drawing.NODE_RADIUS
    assert distance["Lite"] == pytest.approx(distance["Lite till"])


@pytest.mark.parametrize("count", [1, 2, 5, 12, 30])
def test_no_two_people_share_a_point_and_all_fit_in_the_picture(count):
    relations = list(Relation)
    people = [person(f"Person {i}", relations[i % len(relations)], 1 + i % 3) for i in range(count)]
    # A crowded arc as well: many very important people in the family.
    people += [person(f"Syskon {i}", Relation.SIBLING, 3) for i in range(count)]

    drawing = layout(people)

    points = [(p.x, p.y) for p in drawing.people]
    assert len(points) == len(set(points)) == 2 * count
    for first in range(len(points)):
        for second in range(first + 1, len(points)):
            assert math.dist(points[first], points[second]) > 1.0
    for placed in drawing.people:
        radius = drawing.node_radius
        assert radius <= placed.x <= drawing.width - radius and radius <= placed.y <= drawing.height - radius
        # the label stays in the picture too, beside its node rather than on it
        left, top, right, bottom = placed.label_box()
        assert 0 <= left and right <= drawing.width and 0 <= top and bottom <= drawing.height, placed
        assert not (left < placed.x < right and top < placed.y < bottom), placed


def boxes_overlap(first, second) -> bool:
    return first[0] < second[2] and second[0] < first[2] and first[1] < second[3] and second[1] < first[3]


def test_labels_of_an_ordinary_network_cover_no_other_label_or_person():
    drawing = layout([
        person("Birgitta Nyström", Relation.GRANDPARENT, 3, kinship_candidate=True),
        person("Kalle Nyström", Relation.FATHER, 1, protected_from=True),
        person("Sara Nyström", Relation.MOTHER, 3),
        person("Adam Nyström", Relation.SIBLING, 3),
        person("Lina Nyström", Relation.HALF_SIBLING, 2),
        person("Moster Karin Ek", Relation.AUNT_UNCLE, 2, kinship_candidate=True),
        person("Kusin Noah", Relation.COUSIN, 1),
        person("Familjen Holm", Relation.FAMILY_FRIEND, 2),
        person("Grannen Per", Relation.NEIGHBOUR, 1),
        person("Lärare Lena Berg", Relation.PROFESSIONAL, 2),
        person("Fotbollstränaren Ali", Relation.PROFESSIONAL, 1),
    ])

    radius = drawing.node_radius
    nodes = {p.person.key: (p.x - radius, p.y - radius, p.x + radius, p.y + radius) for p in drawing.people}
    labels = {p.person.key: p.label_box() for p in drawing.people}
    for key, label in labels.items():
        for other, box in labels.items():
            assert other == key or not boxes_overlap(label, box), (key, other)
        for other, node in nodes.items():
            assert not boxes_overlap(label, node), (key, other)


def test_labels_and_description_name_the_marks_in_words():
    drawing = layout([
        person("Birgitta Nyström", Relation.GRANDPARENT, 3, kinship_candidate=True),
        person("Kalle Nyström", Relation.FATHER, 1, protected_from=True),
        person("Ett mycket långt namn som inte får plats", Relation.NEIGHBOUR, 2),
    ])

    lines = {p.person.key: p.lines for p in drawing.people}
    assert lines["Kalle Nyström"] == ("Kalle Nyström", "Pappa", "skydd")
    assert lines["Birgitta Nyström"] == ("Birgitta Nyström", "Mor-/farförälder")
    assert layout([person("Lena", Relation.PROFESSIONAL, 2)]).people[0].lines == ("Lena", "Lärare/yrkesperson")
    assert lines["Ett mycket långt namn som inte får plats"][0].endswith("…")
    text = network_drawing.describe(drawing, "Elsa Nyström")
    assert text.startswith("Elsa Nyström i mitten och 3 personer runt omkring (familj: 1, släkt: 1, vänner och grannar: 1).")
    assert "Möjliga nätverkshem: Birgitta Nyström (mor-/farförälder)." in text
    assert "Barnet ska skyddas från: Kalle Nyström (pappa)." in text
    assert network_drawing.describe(layout([]), "Elsa") == "Elsa i mitten. Inga personer är registrerade i nätverket ännu."
