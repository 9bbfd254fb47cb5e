"""The matching pages (Matchning) over HTTP: the open requests and the form for a new one, a request's ranked
homes with reasons and exclusions, the decision record form and the printable record, the whole queue, access."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from tests.factories import child_payload, personal_number
from tests.matching.test_matching_api import case  # noqa: F401  (the realistic case: kin, a protected-from father, a school)

HTML = {"Accept": "text/html"}
HTMX = {"HX-Request": "true", "Accept": "*/*"}


async def post_form(client, url: str, fields: list[tuple[str, str]] | dict, headers=None):
    items = list(fields.items()) if isinstance(fields, dict) else fields
    return await client.post(
        url, content=urlencode(items), headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or HTML)}
    )


def cards(html: str) -> list[str]:
    """The ranked homes' cards on a request page, in order."""
    return re.findall(r'<li class="card candidate">(.*?)</li>\s*(?=<li class="card candidate">|</ol>)', html, re.DOTALL)


# ---------------------------------------------------------------- the start page


async def test_the_start_page_lists_the_open_request_and_links_to_its_matching(client, case):
    response = await client.get("/matchning", headers=HTML)

    assert response.status_code == 200
    text = response.text
    assert re.search(r'<a href="/matchning"\s+aria-current="page" class="active">Matchning</a>', text)
    reference, request_id = case["request"]["reference"], case["request"]["id"]
    assert f'<a href="/matchning/{request_id}">Matcha {reference}</a>' in text
    row = re.search(rf"Matcha {reference}</a></td>(.*?)</tr>", text, re.DOTALL).group(1)
    assert "Elsa Nyström" in row and "12 år" in row and "Skyddsbehov" in row
    for shown in ["Långsiktig", "LVU 2 § (hemmiljön)", "2026-12-01", "Akut", "0 dagar"]:
        assert shown in row
    assert 'href="/matchning/ko"' in text
    # Elsa is already waiting, so she cannot be ticked for a second request.
    box = re.search(rf'<input type="checkbox" id="f-child_ids-{case["child"]["id"]}"[^>]*>', text).group(0)
    assert "disabled" in box and f"finns redan i {reference}" in text


async def test_requests_are_listed_most_urgent_first(client, case):
    other = (await client.post("/api/children", json=child_payload(
        first_name="Omar", last_name="Ali", personal_number=personal_number("20120505", "335")))).json()
    created = await client.post("/api/placement-requests", json={
        "child_ids": [other["id"]], "kind": "respite", "legal_basis": "sol", "wanted_start": "2026-12-15", "urgency": 1})
    assert created.status_code == 201

    text = (await client.get("/matchning", headers=HTML)).text

    assert "2 öppna förfrågningar" in text
    assert text.index(case["request"]["reference"]) < text.index(created.json()["reference"])
    assert "Avlastning" in text and "SoL (frivillig)" in text and "Normal" in text


async def test_a_request_is_registered_through_the_form(client, case):
    omar = (await client.post("/api/children", json=child_payload(
        first_name="Omar", last_name="Ali", personal_number=personal_number("20120505", "335")))).json()
    form = (await client.get("/matchning", headers=HTML)).text
    assert f'<label for="f-child_ids-{omar["id"]}">Omar Ali, 14 år' in form
    for name in ["kind", "legal_basis", "wanted_start", "expected_length_months", "urgency", "together", "wishes"]:
        assert f'<label for="f-{name}">' in form
    assert 'id="f-required_tags-npf"' in form

    response = await post_form(client, "/matchning/ny", [
        ("child_ids", omar["id"]), ("kind", "emergency"), ("legal_basis", "lvu_6"), ("wanted_start", "2026-11-24"),
        ("expected_length_months", "3"), ("urgency", "3"), ("required_tags", "trauma"), ("wishes", "Nära skolan."),
        ("protection_needs", "true"),
    ])

    assert response.status_code == 303
    assert re.fullmatch(r"/matchning/[0-9a-f-]{36}\?ny=1", response.headers["location"])
    created = (await client.get("/api/placement-requests/" + response.headers["location"].split("/")[2].split("?")[0])).json()
    assert created["kind"] == "emergency" and created["legal_basis"] == "lvu_6" and created["urgency"] == 3
    assert created["required_tags"] == ["trauma"] and created["protection_needs"] and created["wishes"] == "Nära skolan."
    assert created["together"] is False  # the box was not ticked
    page = await client.get(response.headers["location"], headers=HTML)
    assert "Förfrågan är registrerad." in page.text and "Omar Ali" in page.text


async def test_a_bad_request_form_is_refused_with_messages_next_to_the_fields(client, case):
    response = await post_form(client, "/matchning/ny", [
        ("kind", "long_term"), ("legal_basis", ""), ("wanted_start", "2020-01-01"), ("expected_length_months", "noll"),
        ("urgency", "2"), ("together", "true"), ("wishes", "Syskonen vill bo ihop."),
    ])

    assert response.status_code == 422
    text = response.text
    assert "<title>Fel i formuläret: Matchning – Placera</title>" in text
    assert 'href="#f-child_ids">Barn: Välj minst ett barn.' in text
    assert 'href="#f-legal_basis">Lagrum: Uppgiften saknas.' in text
    assert "Önskat startdatum kan inte ligga mer än en månad bakåt i tiden." in text
    assert 'href="#f-expected_length_months">Förväntad längd (månader): Ska vara ett heltal.' in text
    field = re.search(r'<select id="f-legal_basis"[^>]*>', text).group(0)
    assert 'aria-invalid="true"' in field and "f-legal_basis-error" in field
    assert re.search(r'<fieldset class="choices child-picker field--error" id="f-child_ids" aria-describedby="[^"]*f-child_ids-error', text)
    assert ">Syskonen vill bo ihop.</textarea>" in text and 'value="2020-01-01"' in text
    assert (await client.get("/api/placement-requests")).json()["total"] == 1

    again = await post_form(client, "/matchning/ny", [
        ("child_ids", case["child"]["id"]), ("kind", "long_term"), ("legal_basis", "sol"), ("wanted_start", "2026-12-01"),
        ("urgency", "2")])
    assert again.status_code == 409
    assert f"Ett av barnen finns redan i den öppna förfrågan {case['request']['reference']}" in again.text


# ---------------------------------------------------------------- one request


async def test_the_request_page_ranks_the_kinship_home_first_with_its_reasons(client, case):
    response = await client.get(f"/matchning/{case['request']['id']}", headers=HTML)

    assert response.status_code == 200
    text = response.text
    ranked = cards(text)
    assert len(ranked) == 2
    first, second = ranked
    # Namesakes are told apart: the reference and the town follow the name.
    assert re.search(rf'<a href="/familjehem/{case["homes"]["Mormors hem"]}">Mormors hem \(H-[A-Z2-9]{{6}}, Uppsala\)</a>',
                     first)
    assert '<span class="badge badge--kinship">Nätverkshem</span>' in first and "Nätverkshem</span>" not in second
    assert "Nätverkshem: Birgitta Nyström (mor- eller farförälder) bor i hemmet." in first
    assert "Familjen Nära" in second and "Elsa kan gå kvar i Tensta skola (årskurs 5)" in second
    # 64,6: the cost criterion prices Mormors hem at the 2026 rate card (basic fee 11 417, allowance 5 426,67).
    assert "Totalpoäng</span> <strong>64,6</strong> av 100" in first and "55,0 km från barnets hem" in first
    # One labelled bar per criterion, its value written out.
    assert len(re.findall(r"<meter ", first)) == 7
    network = re.search(r'<label for="(m-1-[^"]+)" class="criterion-name">Nätverk</label>\s*<meter id="\1" min="0" max="1" value="1.0">', first)
    assert network
    assert "100,0 av 100 <span class=\"muted\">(vikt 30 %)</span>" in first
    assert "Möjliga nätverkshem visas först" in text
    # The distance summary without a map.
    assert re.search(r"Närmast: Familjen Nära \(H-\w{6}, [^)]+\), 7,3 km", text) and "Median för de visade hemmen: 31,1 km" in text
    assert "Inom 10 km: 1 av 2" in text and "Inom 50 km: 1 av 2" in text


async def test_the_request_page_groups_the_excluded_homes_by_reason_with_counts(client, case):
    text = (await client.get(f"/matchning/{case['request']['id']}", headers=HTML)).text

    assert "4 hem prövades: 2 kan ta emot, 2 uteslöts." in text
    groups = re.findall(r'<details class="excluded-group" id="uteslutna-\d+">\s*<summary>(.*?)</summary>(.*?)</details>', text,
                        re.DOTALL)
    assert [summary for summary, _ in groups] == [
        "För få lediga platser: 1 hem",
        "Skydd: nära en person som barnet ska skyddas från: 1 hem",
    ]
    assert re.search(r"Familjen Full \(H-\w{6}, [^)]+\)</a>: 0 lediga platser, 1 behövs\.", groups[0][1])
    assert re.search(r"Familjen Huddinge \(H-\w{6}, [^)]+\)</a>: 0,6 km från en person som barnet ska skyddas från "
                     r"\(gräns 20,0 km\)\.", groups[1][1])
    assert "Förslag på uppdelning" not in text


async def test_a_decision_record_needs_a_home_and_a_motive(client, case):
    url = f"/matchning/{case['request']['id']}/underlag"

    nothing = await post_form(client, url, {"motive": ""})

    assert nothing.status_code == 422
    text = nothing.text
    assert 'href="#f-chosen_home_id">Föreslaget hem: Välj det hem som föreslås.' in text
    assert 'href="#f-motive">Motivering: Skriv varför hemmet föreslås.' in text
    assert re.search(r'<fieldset class="choices field--error" id="f-chosen_home_id" aria-describedby="f-chosen_home_id-error"', text)
    motive = re.search(r'<textarea id="f-motive"[^>]*>', text).group(0)
    assert 'aria-invalid="true"' in motive and "f-motive-error" in motive

    chosen = case["homes"]["Mormors hem"]
    no_motive = await post_form(client, url, {"chosen_home_id": chosen, "motive": "   "})
    assert no_motive.status_code == 422
    assert re.search(rf'<input type="radio" id="f-chosen_home_id-1" name="chosen_home_id" value="{chosen}" checked', no_motive.text)
    assert "Motivering: " in no_motive.text

    excluded = await post_form(client, url, {"chosen_home_id": case["homes"]["Familjen Huddinge"], "motive": "Nära."})
    assert excluded.status_code == 422
    assert "Det valda hemmet finns inte bland de möjliga hemmen." in excluded.text
    assert (await client.get(f"/api/placement-requests/{case['request']['id']}/decision-records")).json() == []


async def test_a_saved_decision_record_is_a_printable_page_with_the_choice_and_the_motive(client, case):
    motive = "Nätverket först: mormor är utredd och lämplig.\nSkolbyte planeras till vårterminen."
    saved = await post_form(client, f"/matchning/{case['request']['id']}/underlag",
                            {"chosen_home_id": case["homes"]["Mormors hem"], "motive": motive})

    assert saved.status_code == 303
    location = saved.headers["location"]
    assert re.fullmatch(r"/matchning/underlag/[0-9a-f-]{36}\?sparat=1", location)
    page = await client.get(location, headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert "Matchningsunderlaget är sparat." in text
    chosen = re.search(r'<section aria-labelledby="h-chosen" class="chosen">(.*?)</section>', text, re.DOTALL).group(1)
    assert re.search(r"<strong>Mormors hem \(H-\w{6}, Uppsala\)</strong>, nätverkshem:", chosen) and "plats 1 av 2, 64,6 av 100 poäng" in chosen
    assert motive in chosen
    assert f"<dt>Upprättat av</dt><dd>{client.user.name}</dd>" in text
    assert re.search(r"<dt>Datum och tid</dt><dd>\d{4}-\d\d-\d\d \d\d:\d\d</dd>", text)
    assert '<tr><th scope="row">Nätverk</th><td class="num">30 %</td></tr>' in text
    assert "Familjen Nära" in text and "Elsa kan gå kvar i Tensta skola (årskurs 5)" in text
    assert "<h3>För få lediga platser: 1 hem</h3>" in text and re.search(r"Familjen Huddinge \(H-\w{6}, [^)]+\): 0,6 km", text)
    # The request page now links to the record.
    request_page = (await client.get(f"/matchning/{case['request']['id']}", headers=HTML)).text
    assert f'href="{location.split("?")[0]}">Matchningsunderlag 1</a>' in request_page


async def test_withdrawing_a_request_through_the_form(client, case):
    url = f"/matchning/{case['request']['id']}/aterkalla"

    empty = await post_form(client, url, {"reason": "", "version": "1"})
    assert empty.status_code == 422 and "Skäl: Skriv varför förfrågan återkallas." in empty.text
    assert re.search(r'<details class="subform" open>', empty.text)

    done = await post_form(client, url, {"reason": "Barnet kan bo kvar hemma med stöd.", "version": "1"})
    assert done.status_code == 303
    page = (await client.get(done.headers["location"], headers=HTML)).text
    assert "Förfrågan är återkallad." in page and "Återkallad" in page
    assert "Spara matchningsunderlag</button>" not in page
    assert (await post_form(client, url, {"reason": "Igen", "version": "2"})).status_code == 409


# ---------------------------------------------------------------- the whole queue


async def test_the_queue_page_proposes_homes_for_every_open_request_and_books_nothing(client, case):
    page = await client.get("/matchning/ko", headers=HTML)
    assert page.status_code == 200
    assert "1 öppen förfrågan i kön." in page.text and "Föreslå fördelning av hela kön</button>" in page.text

    response = await post_form(client, "/matchning/ko", {})

    assert response.status_code == 200
    text = response.text
    assert "Förslaget är klart: 1 av 1 förfrågningar får ett hem." in text
    optimal = re.search(r'<caption id="cap-optimal">(.*?)</table>', text, re.DOTALL).group(1)
    greedy = re.search(r'<caption id="cap-greedy">(.*?)</table>', text, re.DOTALL).group(1)
    assert "Mormors hem" in optimal and "64,6" in optimal and "Elsa Nyström (12 år)" in optimal
    assert "Mormors hem" in greedy
    assert "Ja: ingen annan fördelning av de lediga platserna ger barnen bättre matchning sammantaget" in text
    assert "Metod: flödesoptimering över alla förfrågningar och lediga platser (min-cost flow)." in text
    for engineer_words in ("Bevisat optimal", "girig", "lösaren"):  # the secretary's words, not the engineer's
        assert engineer_words not in text
    assert "inget är bokat" in text and "Alla förfrågningar får ett hem i förslaget." in text
    assert (await client.get(f"/api/placement-requests/{case['request']['id']}")).json()["status"] == "open"

    fragment = await post_form(client, "/matchning/ko", {}, headers=HTMX)
    assert fragment.status_code == 200 and "<html" not in fragment.text and 'id="cap-optimal"' in fragment.text


async def test_an_empty_queue_gets_a_plain_message(client):
    response = await post_form(client, "/matchning/ko", {})

    assert response.status_code == 200
    assert "Det finns inga öppna förfrågningar att fördela." in response.text
    assert "0 öppna förfrågningar i kön." in response.text


# ---------------------------------------------------------------- access


async def test_the_budget_group_is_refused_and_sees_no_menu_item(client_as, case):
    budget = await client_as("budget_group")
    for url in ["/matchning", "/matchning/ko", f"/matchning/{case['request']['id']}"]:
        response = await budget.get(url, headers=HTML)
        assert response.status_code == 403, url
        assert ">Matchning</a>" not in response.text
    assert (await post_form(budget, "/matchning/ko", {})).status_code == 403


async def test_readers_without_write_rights_see_no_forms(client_as, case):
    family_care = await client_as("family_care")

    start = await family_care.get("/matchning", headers=HTML)
    request_page = await family_care.get(f"/matchning/{case['request']['id']}", headers=HTML)

    assert start.status_code == 200 and case["request"]["reference"] in start.text
    assert "Ny förfrågan" not in start.text and 'action="/matchning/ny"' not in start.text
    assert request_page.status_code == 200 and "Mormors hem" in request_page.text
    assert "Spara matchningsunderlag" not in request_page.text and "Återkalla förfrågan" not in request_page.text
    refused = await post_form(family_care, f"/matchning/{case['request']['id']}/underlag",
                              {"chosen_home_id": case["homes"]["Mormors hem"], "motive": "x"})
    assert refused.status_code == 403


async def test_an_unknown_request_or_record_is_a_404_page(client):
    assert (await client.get("/matchning/00000000-0000-4000-8000-000000000000", headers=HTML)).status_code == 404
    assert (await client.get("/matchning/underlag/00000000-0000-4000-8000-000000000000", headers=HTML)).status_code == 404
    assert (await client.get("/matchning/inte-ett-id", headers=HTML)).status_code == 404


async def test_siblings_no_home_can_take_together_get_a_split_proposal(client):
    from tests.factories import home_payload

    for name, lat in [("Familjen Ek", 59.40), ("Familjen Alm", 59.41)]:
        body = home_payload(name=name)
        body["capacity"]["max_sibling_group"] = 1
        body["address"]["latitude"] = lat
        assert (await client.post("/api/foster-homes", json=body)).status_code == 201
    siblings = [
        (await client.post("/api/children", json=child_payload(first_name=first, personal_number=number, allergies=[])))
        .json()["id"]
        for first, number in [("Elsa", personal_number("20140405", "124")), ("Ida", personal_number("20160606", "228"))]
    ]
    created = await client.post("/api/placement-requests", json={
        "child_ids": siblings, "kind": "long_term", "legal_basis": "sol", "wanted_start": "2026-12-01", "together": True})
    assert created.status_code == 201, created.text

    text = (await client.get(f"/matchning/{created.json()['id']}", headers=HTML)).text

    assert "Inget hem kan ta emot alla syskonen: förslag på uppdelning" in text
    proposal = re.search(r'<section class="split-proposal"[^>]*>(.*?)</section>', text, re.DOTALL).group(1)
    assert "Inget hem kan ta emot båda syskonen tillsammans. Förslag: Elsa till" in proposal
    assert "<li>Elsa: <a" in proposal and "<li>Ida: <a" in proposal
    assert "Inget hem uppfyller kraven för förfrågan." in text and "Syskonen</dt><dd>Ska bo tillsammans" in text
    assert "Spara matchningsunderlag</button>" not in text  # nothing to choose among


async def test_a_matched_request_stays_on_matchning_with_its_way_on_to_booking(client, case, client_as):
    """Once its decision record was saved, a request left the list of open ones and no page showed it."""
    request_id, reference = case["request"]["id"], case["request"]["reference"]
    saved = await post_form(client, f"/matchning/{request_id}/underlag",
                            {"chosen_home_id": case["homes"]["Mormors hem"], "motive": "Nätverket först."})
    record_page = await client.get(saved.headers["location"], headers=HTML)

    start = await client.get("/matchning", headers=HTML)

    matched = re.search(r'<section aria-labelledby="h-matched" id="matchade">(.*?)</section>', start.text, re.DOTALL).group(1)
    assert "1 matchad förfrågan" in matched and reference in matched
    assert f'href="/matchning/{request_id}/boka">Boka placering' in matched
    assert f'href="/matchning/{request_id}/boka">Boka placering enligt underlaget</a>' in record_page.text
    family_care = await client_as("family_care")  # reads requests, books nothing
    seen = await family_care.get("/matchning", headers=HTML)
    assert seen.status_code == 200 and reference in seen.text and "/boka" not in seen.text


async def test_the_child_for_a_new_request_is_found_by_name_personal_number_or_reference(client, case):
    """The picker scrolled through every child; a search narrows it."""
    elsa = (await client.get("/api/children", params={"q": "Elsa"})).json()["items"][0]

    by_name = await client.get("/matchning", params={"barn": "Nyström"}, headers=HTML)
    by_reference = await client.get("/matchning", params={"barn": elsa["reference"]}, headers=HTML)
    nobody = await client.get("/matchning", params={"barn": "Ingen Sådan"}, headers=HTML)

    for found in (by_name, by_reference):
        assert found.status_code == 200 and f'value="{elsa["id"]}"' in found.text
    assert f'value="{elsa["id"]}"' not in nobody.text and "Inget barn matchar ”Ingen Sådan”." in nobody.text


async def test_a_group_of_excluded_homes_opens_whole(client, case):
    from tests.factories import home_payload

    for index in range(12):
        payload = home_payload(pets=[])
        payload.update(name=f"Tonårshemmet {index + 1}")
        payload["capacity"].update(age_min=15, age_max=18)  # Elsa is 12
        assert (await client.post("/api/foster-homes", json=payload)).status_code == 201
    path = f"/matchning/{case['request']['id']}"

    text = (await client.get(path, headers=HTML)).text
    group = next(part for part in text.split('<details class="excluded-group"')[1:] if "Tonårshemmet" in part)
    number = re.match(r' id="uteslutna-(\d+)"', group).group(1)
    assert group.count("Tonårshemmet") == 10 and "och 2 hem till" not in group
    link = f'href="{path}?uteslutna={number}#uteslutna-{number}"'
    assert link in group and "Visa alla 12 hem som uteslöts av det här skälet" in group

    opened = (await client.get(f"{path}?uteslutna={number}", headers=HTML)).text
    whole = opened.split(f'<details class="excluded-group" id="uteslutna-{number}" open>')[1].split("</details>")[0]
    assert sorted(re.findall(r"Tonårshemmet (\d+)", whole), key=int) == [str(i) for i in range(1, 13)]
    assert "Visa alla" not in whole
    api = (await client.get(f"/api/placement-requests/{case['request']['id']}/matches",
                            params={"every_excluded": "true"})).json()
    assert sum("Tonårshemmet" in home["name"] for g in api["excluded"] for home in g["homes"]) == 12
