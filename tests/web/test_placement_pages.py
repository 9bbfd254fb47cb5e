"""The placement pages over HTTP: booking from a matched request (prefilled form, inline errors, a full home's
409), the placement list and a placement's page with its facts and timeline, marking a follow-up done and moving
one (also over htmx), ending a placement, Uppföljning with its tabs and the calendar address, access."""

from __future__ import annotations

import re

from tests.factories import child_payload, personal_number
from tests.matching.test_matching_api import case  # noqa: F401  (Elsa, her grandmother's kinship home, a request)
from tests.web.test_matching_pages import HTML, HTMX, post_form

STARTED = "2026-05-04"  # half a year before the tests' today (2026-11-23): the first follow-ups are overdue


async def save_record(client, case, home: str = "Mormors hem") -> dict:
    response = await client.post(f"/api/placement-requests/{case['request']['id']}/decision-records",
                                 json={"chosen_home_id": case["homes"][home], "motive": "Nätverket först."})
    assert response.status_code == 201, response.text
    return response.json()


def booking_form(client, case, **fields) -> dict:
    return {
        "foster_home_id": case["homes"]["Mormors hem"], "kind": "long_term", "legal_basis": "lvu_2",
        "decided_on": "2026-04-30", "decided_by": "Socialnämndens individutskott", "starts_on": STARTED,
        "responsible_worker_id": str(client.user.id), "network_examined": "true", **fields,
    }


async def book(client, case) -> str:
    """Book Elsa into her grandmother's home through the form; the placement's page path."""
    await save_record(client, case)
    response = await post_form(client, f"/matchning/{case['request']['id']}/boka", booking_form(client, case))
    assert response.status_code == 303, response.text
    return response.headers["location"].split("?")[0]


async def open_items(client, placement_id: str) -> dict[str, dict]:
    listed = await client.get("/api/followups", params={"placement_id": placement_id, "scope": "all"})
    return {item["rule_key"]: item for item in listed.json()["items"]}


# ---------------------------------------------------------------- booking from a match


async def test_the_request_page_offers_booking_once_a_decision_record_is_saved(client, case):
    url = f"/matchning/{case['request']['id']}"
    before = (await client.get(url, headers=HTML)).text
    assert "Boka placering</a>" not in before
    assert (await client.get(url + "/boka", headers=HTML)).status_code == 409

    await save_record(client, case)
    after = (await client.get(url, headers=HTML)).text

    assert f'<a class="button" href="{url}/boka">Boka placering</a>' in after


async def test_the_booking_form_is_prefilled_from_the_request_and_the_record(client, case):
    record = await save_record(client, case)

    response = await client.get(f"/matchning/{case['request']['id']}/boka", headers=HTML)

    assert response.status_code == 200
    text = response.text
    assert f"<h1>Boka placering {case['request']['reference']}</h1>" in text
    assert f'href="/matchning/underlag/{record["id"]}">matchningsunderlaget</a>' in text
    assert f'<input type="hidden" name="foster_home_id" value="{case["homes"]["Mormors hem"]}">' in text
    assert re.search(r'Mormors hem \(H-\w{6}, [^)]+\)</a> <span class="badge badge--kinship">Nätverkshem</span>', text)
    assert "<dt>Barn</dt><dd>Elsa Nyström</dd>" in text
    assert re.search(r'<option value="long_term" selected>Långsiktig</option>', text)
    assert re.search(r'<option value="lvu_2" selected>LVU 2 § \(hemmiljön\)</option>', text)
    assert re.search(r'<input id="f-starts_on" name="starts_on" type="date" value="2026-12-01"', text)
    assert re.search(r'<input id="f-decided_on" name="decided_on" type="date" value="2026-11-23"', text)
    for name in ["decided_by", "planned_end", "responsible_worker_id", "network_examined", "not_kinship_reason",
                 "fee_monthly", "expense_allowance_monthly", "daily_price", "compensation_note"]:
        assert f'for="f-{name}"' in text, name
    # The amounts the booking will use, from the 2026 rate card: the basic fee, and Elsa's allowance (12 at the start).
    assert "Belopp från start 2026-12-01" in text
    assert "<td>Elsa Nyström</td>\n          <td>11\u00a0417,00\u00a0kr</td>\n          <td>5\u00a0426,67\u00a0kr</td>" in text


async def test_a_bad_booking_form_is_refused_with_messages_at_the_fields(client, case):
    await save_record(client, case)
    url = f"/matchning/{case['request']['id']}/boka"

    response = await post_form(client, url, booking_form(
        client, case, decided_by="", planned_end="2026-01-01", fee_monthly="mycket", decided_on="2030-01-01"))

    assert response.status_code == 422
    text = response.text
    assert "<title>Fel i formuläret: Boka placering" in text
    assert 'href="#f-decided_by">Beslutat av: Skriv vem som fattade beslutet' in text
    assert 'href="#f-decided_on">Beslutsdatum: Ange beslutsdatum (i dag eller tidigare).' in text
    assert 'href="#f-planned_end">Planerat slut: Planerat slut måste ligga efter startdatum.' in text
    assert 'href="#f-fee_monthly">Arvode per månad:' in text
    field = re.search(r'<input id="f-decided_by"[^>]*>', text).group(0)
    assert 'aria-invalid="true"' in field and "f-decided_by-error" in field
    assert 'value="mycket"' in text
    assert (await client.get("/api/placements")).json()["total"] == 0


async def test_a_booking_into_a_full_home_shows_the_conflict_on_the_form(client, case):
    await save_record(client, case)
    for index in range(2):  # the grandmother's two places go to other children first
        other = (await client.post("/api/children", json=child_payload(
            first_name=f"Barn{index}", personal_number=personal_number(f"2015060{index + 1}", "228"), allergies=[]))).json()
        taken = await client.post("/api/placements", json={
            "child_ids": [other["id"]], "foster_home_id": case["homes"]["Mormors hem"], "kind": "long_term",
            "legal_basis": "sol", "decided_on": "2026-04-01", "decided_by": "Nämnden", "starts_on": "2026-04-01",
            "not_kinship_reason": "Mormor är inte släkt med barnet."})
        assert taken.status_code == 201, taken.text

    response = await post_form(client, f"/matchning/{case['request']['id']}/boka", booking_form(client, case))

    assert response.status_code == 409
    assert "Placeringen kunde inte bokas" in response.text and "ingen ledig plats" in response.text
    assert 'value="Socialnämndens individutskott"' in response.text


async def test_booking_through_the_form_leads_to_the_placement_page_with_its_follow_ups(client, case):
    await save_record(client, case)

    response = await post_form(client, f"/matchning/{case['request']['id']}/boka", booking_form(
        client, case, fee_monthly="12 000,50", compensation_note="Förhöjt arvode första året."))

    assert response.status_code == 303
    assert re.fullmatch(r"/placeringar/[0-9a-f-]{36}\?bokad=1", response.headers["location"])
    placement_id = response.headers["location"].split("/")[2].split("?")[0]
    text = (await client.get(response.headers["location"], headers=HTML)).text
    assert "Placeringen är bokad." in text
    assert re.search(r'<a href="/placeringar"\s+aria-current="true" class="active">Placeringar</a>', text)
    facts = re.search(r'<section aria-labelledby="h-facts".*?</section>', text, re.DOTALL).group(0)
    assert f'<a href="/familjehem/{case["homes"]["Mormors hem"]}">Mormors hem</a> <span class="muted">(Nätverkshem)</span>' in facts
    assert "<dd>LVU 2 § (hemmiljön)</dd>" in facts and "<dd>2026-04-30, Socialnämndens individutskott</dd>" in facts
    assert f"<dd>{client.user.name}</dd>" in facts and "Utrett före placeringen" in facts
    assert f'href="/matchning/{case["request"]["id"]}">{case["request"]["reference"]}</a>' in facts
    assert re.search(r'href="/matchning/underlag/[0-9a-f-]{36}">Matchningsunderlaget för placeringen</a>', facts)
    assert "12\u00a0000,50\u00a0kr" in text and "Förhöjt arvode första året." in text
    # The timeline: the start, then the follow-ups in date order; the first visit and the review are overdue.
    events = re.findall(r'<li class="timeline-event timeline-event--(\w[\w-]*)">\s*<span class="timeline-date">([\d-]+)</span>\s*'
                        r'<span class="timeline-title">([^<]+)</span>', text)
    assert events[0] == ("start", STARTED, "Placeringen började")
    assert [day for _, day, _ in events] == sorted(day for _, day, _ in events)
    assert ("overdue", "2026-06-04", "Besök hos barnet i familjehemmet") in events
    assert ("overdue", "2026-11-04", "Övervägande av vården enligt LVU") in events
    assert ("today", "2026-11-23", "I dag") in events
    assert "Försenad 172 dagar" in text
    opened = re.findall(r'<h3 class="followup-title">([^<]+)</h3>', text)
    assert "Besök hos barnet i familjehemmet" in opened and "Övervägande av vården enligt LVU" in opened
    assert "Markera som gjord<span class=\"visually-hidden\">: Besök hos barnet i familjehemmet</span>" in text
    assert (await client.get(f"/api/placement-requests/{case['request']['id']}")).json()["status"] == "placed"
    assert (await client.get(f"/api/placements/{placement_id}")).json()["fee_monthly"] == "12000.50"


async def test_back_at_the_booking_form_after_booking_leads_to_the_placement_not_a_conflict(client, case):
    """The browser's back button returns to the booking form, and the secretary sends it again."""
    path = await book(client, case)
    again = f"{path}?redan-bokad={case['request']['reference']}"

    form = await client.get(f"/matchning/{case['request']['id']}/boka", headers=HTML)
    resent = await post_form(client, f"/matchning/{case['request']['id']}/boka", booking_form(client, case))

    assert (form.status_code, form.headers["location"]) == (303, again)
    assert (resent.status_code, resent.headers["location"]) == (303, again)
    text = (await client.get(again, headers=HTML)).text
    assert f"Förfrågan {case['request']['reference']} är redan bokad: det här är placeringen som bokades." in text
    assert (await client.get("/api/placements")).json()["total"] == 1
    # The notice names only the placement's own request, whatever the address says.
    forged = await client.get(f"{path}?redan-bokad=F-ANNAN", headers=HTML)
    assert "är redan bokad" not in forged.text


# ---------------------------------------------------------------- the list


async def test_the_list_shows_ongoing_placements_and_filters(client, case):
    path = await book(client, case)

    response = await client.get("/placeringar", headers=HTML)

    assert response.status_code == 200
    text = response.text
    assert re.search(r'<a href="/placeringar"\s+aria-current="page" class="active">Placeringar</a>', text)
    row = re.search(rf'<a href="{path}">(P-\w+)</a>(.*?)</tr>', text, re.DOTALL)
    assert row, text
    cells = row.group(2)
    for shown in ["Elsa Nyström", "Mormors hem", "Nätverkshem", STARTED, client.user.name]:
        assert shown in cells, shown
    overdue = int(re.search(r'<span class="badge badge--overdue">(\d+)</span>', cells).group(1))
    assert overdue >= 2
    assert '<p id="result-count" class="result-count" role="status">1 placering</p>' in text

    ended = await client.get("/placeringar?status=avslutade", headers=HTML)
    assert "Inga placeringar matchar filtren." in ended.text
    found = await client.get(f"/placeringar?status=alla&q={row.group(1)}", headers=HTMX)
    assert found.status_code == 200 and "<html" not in found.text and path in found.text
    assert found.headers["HX-Push-Url"] == f"/placeringar?status=alla&q={row.group(1)}"
    bad = await client.get("/placeringar?status=kanske", headers=HTML)
    assert bad.status_code == 422 and 'href="#f-status">Status: Välj pågående, avslutade eller alla.' in bad.text


# ---------------------------------------------------------------- follow-ups on the placement's page


async def test_marking_a_visit_done_plans_the_next_one(client, case):
    path = await book(client, case)
    placement_id = path.split("/")[2]
    visit = (await open_items(client, placement_id))["visit_family_home"]
    url = f"{path}/uppfoljning/{visit['id']}/klar"

    future = await post_form(client, url, {"completed_on": "2030-01-01", "child_met_alone": "true",
                                           "version": str(visit["version"])})
    assert future.status_code == 422
    prefix = f"fu-{visit['id']}-"
    assert f'href="#{prefix}completed_on">Datum då den gjordes: Datumet får inte ligga i framtiden.' in future.text
    for wrong in ("2026-13-45", ""):  # a malformed date, or none: never saved as today
        answered = await post_form(client, url, {"completed_on": wrong, "version": str(visit["version"])})
        assert answered.status_code == 422 and "Datum då den gjordes: Ska vara ett datum (ÅÅÅÅ-MM-DD)." in answered.text
    assert (await open_items(client, placement_id))["visit_family_home"]["status"] == "open"
    field = re.search(rf'<input id="{prefix}completed_on"[^>]*>', future.text).group(0)
    assert 'aria-invalid="true"' in field and f"{prefix}completed_on-error" in field
    assert re.search(r'<details class="subform" open>\s*<summary>Markera som gjord', future.text)
    assert re.search(rf'<select id="{prefix}child_met_alone" name="child_met_alone"', future.text)
    assert "absence_percent" not in future.text.split(f'id="uppgift-{visit["id"]}"')[1].split("</li>")[0]

    done = await post_form(client, url, {"completed_on": "2026-11-20", "child_met_alone": "true", "note": "Bra samtal.",
                                         "version": str(visit["version"])})
    assert done.status_code == 303 and done.headers["location"] == f"{path}?sparat=klar#uppfoljningar"
    text = (await client.get(f"{path}?sparat=klar", headers=HTML)).text
    assert "Uppföljningen är markerad som gjord." in text
    assert re.search(r'timeline-event--done">\s*<span class="timeline-date">2026-11-20</span>\s*'
                     r'<span class="timeline-title">Besök hos barnet i familjehemmet</span>', text)
    assert "skulle ha gjorts senast 2026-06-04" in text and f"{client.user.name}: Bra samtal." in text
    after = await open_items(client, placement_id)
    assert after["visit_family_home"]["due_on"] == "2027-02-20" and after["visit_family_home"]["sequence"] == 2
    assert re.search(r'timeline-event--open">\s*<span class="timeline-date">2027-02-20</span>', text)
    # Sent again with the old version: the conflict is shown on the page, not an error page.
    again = await post_form(client, url, {"completed_on": "2026-11-20", "version": str(visit["version"])})
    assert again.status_code in (409, 422)


async def test_follow_up_forms_answer_htmx_with_the_section_alone(client, case):
    path = await book(client, case)
    review = (await open_items(client, path.split("/")[2]))["review_lvu_2"]
    url = f"{path}/uppfoljning/{review['id']}/flytta"

    empty = await post_form(client, url, {"due_on": "", "reason": "", "version": str(review["version"])}, headers=HTMX)
    assert empty.status_code == 422
    assert empty.text.lstrip().startswith('<div id="uppfoljningar"') and "<html" not in empty.text
    assert f'href="#mv-{review["id"]}-reason">Skäl: Skriv varför uppföljningen flyttas.' in empty.text

    moved = await post_form(client, url, {"due_on": "2026-12-10", "reason": "Nämnden sammanträder då.",
                                          "version": str(review["version"])}, headers=HTMX)
    assert moved.status_code == 200 and "Uppföljningen är flyttad." in moved.text
    assert "Flyttad: Nämnden sammanträder då." in moved.text


async def test_ending_a_placement_through_the_form(client, case):
    path = await book(client, case)
    text = (await client.get(path, headers=HTML)).text
    reasons = re.search(r'<select id="f-reason".*?</select>', text, re.DOTALL).group(0)
    for shown in ["Planerad återgång hem", "Vårdnadsöverflyttning", "Adoption", "Ålder", "Planerad flytt",
                  "Oplanerad flytt (sammanbrott)", "Annat"]:
        assert f">{shown}</option>" in reasons
    url = f"{path}/avsluta"

    missing = await post_form(client, url, {"ended_on": "2026-11-23", "reason": "", "version": "1"})
    assert missing.status_code == 422
    assert 'href="#f-reason">Skäl: Välj varför placeringen avslutas.' in missing.text
    assert re.search(r'<details class="subform" open>\s*<summary>Avsluta placeringen', missing.text)

    ended = await post_form(client, url, {"ended_on": "2026-11-23", "reason": "planned_return_home",
                                          "note": "Hem till mamma.", "version": "1"})
    assert ended.status_code == 303
    page = (await client.get(ended.headers["location"], headers=HTML)).text
    assert "Placeringen är avslutad." in page and "<dd>2026-11-23: Planerad återgång hem<br>" in page
    assert "Avsluta placeringen</button>" not in page
    assert re.search(r'timeline-event--end">\s*<span class="timeline-date">2026-11-23</span>', page)
    stale = await post_form(client, url, {"ended_on": "2026-11-23", "reason": "other", "version": "1"})
    assert stale.status_code in (403, 409, 422)


# ---------------------------------------------------------------- Uppföljning


async def test_my_follow_ups_list_overdue_first_with_days_late(client, case):
    path = await book(client, case)

    response = await client.get("/uppfoljning", headers=HTML)

    assert response.status_code == 200
    text = response.text
    assert re.search(r'<a href="/uppfoljning"\s+aria-current="page" class="active">Uppföljning</a>', text)
    assert '<a href="/uppfoljning" aria-current="page" class="active">Mina uppgifter</a>' in text
    assert '<a href="/uppfoljning?scope=team">Mitt team</a>' in text and '<a href="/uppfoljning?scope=unit">Min enhet</a>' in text
    # A table, the overdue first (each row marked), one page at a time, with its filters.
    rows = re.findall(r'<tr id="uppgift-[^"]+"( class="overdue")?>\s*<td>([^<]+)<br>(.*?)</tr>', text, re.DOTALL)
    overdue = [(title, rest) for marked, title, rest in rows if marked]
    assert rows[:len(overdue)] == [row for row in rows if row[0]]  # the overdue come first
    titles = [title for title, _ in overdue]
    assert {"Vårdplan", "Avtal med familjehemmet undertecknat"} == set(titles[:2])  # due the first day
    assert "Besök hos barnet i familjehemmet" in titles
    assert "Övervägande av vården enligt LVU" in titles
    overdue_text = "".join(rest for _, rest in overdue)
    assert f'<a href="{path}">Elsa Nyström</a>' in overdue_text
    assert "Försenad 172 dagar</span> – skulle ha gjorts senast 2026-06-04" in overdue_text
    assert "13 § första stycket LVU" in overdue_text
    assert '<input type="hidden" name="lista" value="">' in text
    assert 'id="f-rule"' in text and 'id="f-horisont"' in text and "Utskriftsvänlig lista" in text


async def test_completing_from_uppfoljning_goes_back_to_the_same_list(client, case):
    path = await book(client, case)
    visit = (await open_items(client, path.split("/")[2]))["visit_family_home"]

    done = await post_form(client, f"/uppfoljning/{visit['id']}/klar", {
        "completed_on": "2026-11-23", "child_met_alone": "false", "lista": "scope=team",
        "version": str(visit["version"])})

    assert done.status_code == 303 and done.headers["location"] == "/uppfoljning?scope=team&sparat=klar#uppgifter"
    team = await client.get("/uppfoljning?scope=team&sparat=klar", headers=HTML)
    assert team.status_code == 200 and "Uppföljningen är markerad som gjord." in team.text
    assert '<a href="/uppfoljning?scope=team" aria-current="page" class="active">Mitt team</a>' in team.text
    fragment = await post_form(client, f"/uppfoljning/{visit['id']}/klar", {
        "completed_on": "", "version": "1"}, headers=HTMX)
    assert fragment.text.lstrip().startswith('<section id="uppgifter"')


async def test_the_calendar_address_is_shown_once_and_names_no_child(client, case):
    await book(client, case)
    page = (await client.get("/uppfoljning", headers=HTML)).text
    assert "pseudonyma referens" in page and "cal_" not in page

    response = await post_form(client, "/uppfoljning/kalender", {})

    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    url = re.search(r'<input id="calendar-url" type="text" readonly value="([^"]+)"', response.text).group(1)
    assert re.fullmatch(r"http://test/api/followups/calendar/cal_[\w-]+\.ics", url)
    feed = await client.get(url.removeprefix("http://test"))
    assert feed.status_code == 200 and "BEGIN:VCALENDAR" in feed.text
    assert case["child"]["reference"] in feed.text and "Elsa" not in feed.text
    assert "cal_" not in (await client.get("/uppfoljning", headers=HTML)).text


# ---------------------------------------------------------------- access


async def test_the_budget_group_is_refused_and_sees_no_menu_items(client, client_as, case):
    path = await book(client, case)
    budget = await client_as("budget_group")
    for url in ["/placeringar", path, "/uppfoljning", f"/matchning/{case['request']['id']}/boka"]:
        response = await budget.get(url, headers=HTML)
        assert response.status_code == 403, url
        assert ">Placeringar</a>" not in response.text and ">Uppföljning</a>" not in response.text
    assert (await post_form(budget, f"{path}/avsluta", {"ended_on": "2026-11-23", "reason": "other", "version": "1"})).status_code == 403
    assert (await post_form(budget, "/uppfoljning/kalender", {})).status_code == 403


async def test_the_family_care_team_reads_placements_but_books_nothing(client, client_as, case):
    path = await book(client, case)
    family_care = await client_as("family_care")

    page = await family_care.get(path, headers=HTML)

    assert page.status_code == 200 and "Mormors hem" in page.text
    assert "Avsluta placeringen</button>" not in page.text and "Spara som gjord</button>" not in page.text
    assert (await family_care.get(f"/matchning/{case['request']['id']}/boka", headers=HTML)).status_code == 403


async def test_an_unknown_placement_is_a_404_page(client):
    assert (await client.get("/placeringar/00000000-0000-4000-8000-000000000000", headers=HTML)).status_code == 404
    assert (await client.get("/placeringar/inte-ett-id", headers=HTML)).status_code == 404


# ---------------------------------------------------------------- Indikatorer


async def test_the_indicator_page_shows_the_tertial_girls_and_boys_apart_with_a_trend_chart(client, case):
    await book(client, case)

    response = await client.get("/indikatorer", headers=HTML)

    assert response.status_code == 200
    text = response.text
    assert re.search(r'<a href="/indikatorer"\s+aria-current="page" class="active">Indikatorer</a>', text)
    assert re.search(r'<option value="2026-T3" selected>2026 tertial 3</option>', text)
    assert '<option value="2026">Hela 2026</option>' in text
    assert "<caption id=\"cap-indicators\">Indikatorer, tertial 3 2026 (september–december)</caption>" in text
    assert "1 placering i vård under perioden." in text
    header = re.search(r"<thead>\s*<tr>(.*?)</tr>", text, re.DOTALL).group(1)
    assert re.findall(r'<th scope="col">([^<]+)</th>', header) == ["Indikator", "Flickor", "Pojkar", "Alla", "Mål"]
    row = re.search(r'<th scope="row">Vårdplan finns</th>(.*?)</tr>', text, re.DOTALL).group(1)
    links = re.findall(r'<a href="([^"]+)">', row)
    assert links == ["/indikatorer/care_plans/placeringar?period=2026-T3&amp;kon=flickor",
                     "/indikatorer/care_plans/placeringar?period=2026-T3"]  # no figure for the boys: no link
    cells = [re.sub(r"<a [^>]*>|</a>", "", cell) for cell in re.findall(r'<td class="num">(.*?)</td>', row, re.DOTALL)]
    assert cells[0].startswith("0\u00a0%") and "(0 av 1)" in cells[0]  # Elsa's care plan is not marked done
    assert cells[1].startswith("–") and "inget att mäta" in cells[1]
    assert "Under målet" in cells[2] and cells[3] == "100\u00a0%"
    # The trend of one indicator over six tertials: an SVG with a text alternative, and the figures as a table.
    svg = re.search(r'<svg [^>]*role="img" aria-labelledby="chart-title chart-desc"[^>]*>(.*?)</svg>', text, re.DOTALL).group(1)
    assert '<title id="chart-title">Besök per barn och år, de senaste 6 tertialerna</title>' in svg
    assert "2025-T2: alla –" in svg and "<polyline" in svg and "Mål 4" in svg
    ticks = re.findall(r'<text class="tick"[^>]*text-anchor="end">([\d,]+)</text>', svg)
    assert ticks and all("," not in tick or len(tick.split(",")[1]) == 1 for tick in ticks)
    assert len({float(b.replace(",", ".")) - float(a.replace(",", ".")) for a, b in zip(ticks, ticks[1:])}) == 1  # even steps
    labels = re.findall(r'text-anchor="(\w+)">(20\d\d-T\d)</text>', svg)
    assert labels[0] == ("start", "2025-T1") and labels[-1] == ("end", "2026-T3")  # the edges do not cut them
    trend = re.search(r'<table class="trend-table">(.*?)</table>', text, re.DOTALL).group(1)
    assert re.findall(r'<th scope="row">([^<]+)</th>', trend) == ["2025-T1", "2025-T2", "2025-T3", "2026-T1", "2026-T2", "2026-T3"]

    other = await client.get("/indikatorer?period=2026&indikator=care_plans", headers=HTML)
    assert other.status_code == 200 and "Indikatorer, år 2026" in other.text
    assert '<title id="chart-title">Vårdplan finns, de senaste 6 tertialerna</title>' in other.text


async def test_a_bad_period_or_indicator_is_shown_at_its_field(client):
    response = await client.get("/indikatorer?period=2031-T1&indikator=nonsens", headers=HTML)

    assert response.status_code == 422
    assert 'href="#f-period">Period: ' in response.text and 'href="#f-indikator">Indikator i diagrammet: Välj en indikator i listan.' in response.text
    assert 'aria-invalid="true"' in re.search(r'<select id="f-period"[^>]*>', response.text).group(0)
    assert '<table class="trend-table">' in response.text  # the chart still shows the default indicator


async def test_the_budget_group_sees_the_indicators_but_no_names(client, client_as, case):
    await book(client, case)
    budget = await client_as("budget_group")

    response = await budget.get("/indikatorer", headers=HTML)

    assert response.status_code == 200 and "Besök per barn och år" in response.text
    assert "Elsa" not in response.text and ">Placeringar</a>" not in response.text
    assert "/placeringar?period=" not in response.text  # no way to the placements behind the figures
    behind = await budget.get("/indikatorer/care_plans/placeringar?period=2026-T3", headers=HTML)
    assert behind.status_code == 403 and "Elsa" not in behind.text


async def test_an_indicator_about_fewer_than_three_children_is_not_shown_to_the_budget_group(client, client_as, case):
    """Elsa is the only child placed: "0 av 1" would tell the budget group that her care plan is missing."""
    await book(client, case)
    budget = await client_as("budget_group")

    table = (await budget.get("/api/indicators", params={"period": "2026-T3"})).json()
    page = await budget.get("/indikatorer?period=2026-T3", headers=HTML)
    staff = (await client.get("/api/indicators", params={"period": "2026-T3"})).json()

    care_plans = next(row for row in table["rows"] if row["key"] == "care_plans")
    assert care_plans["girls"] == care_plans["total"] == {"value": None, "numerator": None, "denominator": None,
                                                          "suppressed": True}
    assert "färre än 3 barn" in table["small_cells"]
    assert "(0 av 1)" not in page.text and "färre än tre barn: visas inte" in page.text and 'id="small-cells"' in page.text
    staffed = next(row for row in staff["rows"] if row["key"] == "care_plans")
    assert staffed["total"]["denominator"] == 1 and not staffed["total"]["suppressed"] and staff["small_cells"] is None


async def test_a_figure_opens_the_placements_behind_it(client, case):
    placement = await book(client, case)

    response = await client.get("/indikatorer/care_plans/placeringar?period=2026-T3&kon=flickor", headers=HTML)

    assert response.status_code == 200
    assert "<h1>Vårdplan finns</h1>" in response.text
    assert "Tertial 3 2026 (september–december), flickor: de 1 placeringar som siffran räknats på." in response.text
    assert f'href="{placement}"' in response.text and "Elsa Nyström" in response.text
    boys = await client.get("/indikatorer/care_plans/placeringar?period=2026-T3&kon=pojkar", headers=HTML)
    assert "Inga placeringar." in boys.text
    bad = await client.get("/indikatorer/nonsens/placeringar?period=2026-T3", headers=HTML)
    assert bad.status_code == 422


async def test_the_planned_end_and_the_extra_lines_are_kept_through_the_placement_page(client):
    from tests.conftest import csrf_of
    from tests.costs.test_month_costs import book, child_born
    from tests.placements.test_placements_api import make_home

    placement = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01",
                           planned_end="2026-12-31")
    url = f"/placeringar/{placement['id']}"
    page = await client.get(url, headers={"Accept": "text/html"})
    assert "Ändra planerat slut" in page.text and "Lägg till en kostnad eller intäkt" in page.text
    csrf = csrf_of(page.text)

    extended = await client.post(f"{url}/planerat-slut", data={
        "csrf_token": csrf, "planned_end": "2027-06-30", "note": "Förlängt", "version": "1"}, headers={"Accept": "text/html"})
    added = await client.post(f"{url}/rader", data={
        "csrf_token": csrf, "description": "Underhåll", "kind": "parental_contribution", "amount": "1 200,50",
        "recurrence": "monthly", "starts_on": "2026-11-01"}, headers={"Accept": "text/html"})
    refused = await client.post(f"{url}/rader", data={
        "csrf_token": csrf, "description": "Sen räkning", "kind": "cost", "amount": "300", "recurrence": "once",
        "starts_on": "2026-10-15"}, headers={"Accept": "text/html"})

    assert (extended.status_code, added.status_code) == (303, 303), added.text
    assert refused.status_code == 422 and "passerade månader" in refused.text and 'value="Sen räkning"' in refused.text
    shown = (await client.get(f"/api/placements/{placement['id']}")).json()
    assert shown["planned_end"] == "2027-06-30"
    [line] = shown["extra_costs"]
    assert (line["kind"], line["amount"]) == ("parental_contribution", "1200.50")
    received = await client.post(f"{url}/rader/{line['id']}/mottaget", data={
        "csrf_token": csrf, "received": "2 401", "received_on": "2026-11-20"}, headers={"Accept": "text/html"})
    assert received.status_code == 303
    again = await client.get(url + "?sparat=mottaget", headers={"Accept": "text/html"})
    assert "Det mottagna är sparat." in again.text and "2 401" in again.text.replace("\u00a0", " ")


async def test_the_fee_level_is_changed_from_a_day_through_the_placement_page(client):
    from tests.conftest import csrf_of
    from tests.costs.test_month_costs import book, child_born
    from tests.placements.test_placements_api import make_home

    placement = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01")
    url = f"/placeringar/{placement['id']}"
    page = await client.get(url, headers={"Accept": "text/html"})
    assert "Ändra arvodesnivå från en dag" in page.text and "Grundnivå vid starten" in page.text
    csrf = csrf_of(page.text)

    closed = await client.post(f"{url}/arvodesniva", data={
        "csrf_token": csrf, "valid_from": "2026-10-20", "level": "raised_1"}, headers={"Accept": "text/html"})
    changed = await client.post(f"{url}/arvodesniva", data={
        "csrf_token": csrf, "valid_from": "2026-12-01", "level": "raised_1", "note": "Större behov"},
        headers={"Accept": "text/html"})

    assert closed.status_code == 422 and "passerade månader" in closed.text
    assert changed.status_code == 303
    again = await client.get(url + "?sparat=arvodesniva", headers={"Accept": "text/html"})
    assert "Arvodesnivån är ändrad." in again.text
    assert "Förhöjd nivå 1 från 2026-12-01" in again.text and "Större behov" in again.text
