"""Register a child in a real browser, with needs, a network (a grandmother who could be a network home and a
father the child must be protected from), an edit of the grandmother, a sibling and a school; see the drawing;
axe-core on every page, also at 200 % zoom."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.browser.conftest import CHROMIUM
from tests.factories import personal_number

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); it is not installed",
)

pytest.importorskip("playwright.async_api", reason="Playwright for Python is not installed (pip install -e .[dev])")

from playwright.async_api import Page, expect
from tests.browser.accessibility import check_page  # noqa: E402



async def test_register_a_child_with_needs_network_and_school(page: Page, live_server: str, api_headers):
    # The school register has no page yet: the school comes in over the API.
    school = {"name": "Tensta skola", "kind": "primary_f9", "municipality": "Stockholm", "latitude": 59.394, "longitude": 17.902}
    async with httpx.AsyncClient(base_url=live_server, headers=api_headers, timeout=10) as api:
        for body in [school, {**school, "name": "Rinkebyskolan", "latitude": 59.388, "longitude": 17.928}]:
            response = await api.post("/api/schools", json=body)
            assert response.status_code == 201, response.text

    # ---- from the menu to the empty list, and on to the form
    await page.goto("/")
    await page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Barn").click()
    await expect(page).to_have_url(re.compile(r"/barn$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Barn")
    await expect(page.locator("#result-count")).to_have_text("Inga barn matchar filtren.")
    await page.get_by_role("link", name="Registrera nytt barn").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Registrera nytt barn")
    await check_page(page, "the empty registration form")

    # ---- the form, first with a personal number whose check digit is wrong
    good = personal_number("20140405", "124")
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
    await page.get_by_label("Förnamn").fill("Elsa")
    await page.get_by_label("Efternamn").fill("Nyström")
    await page.get_by_label("Personnummer").fill(wrong)
    await page.get_by_label("Kön").select_option("girl")
    await page.get_by_label("Gatuadress").fill("Hagalundsvägen 3")
    await page.get_by_label("Postnummer").fill("163 44")
    await page.get_by_label(re.compile(r"^Ort\b")).fill("Spånga")
    await page.get_by_label(re.compile(r"^Kommun\b")).fill("Stockholm")
    await page.get_by_label("Latitud").fill("59,3850")
    await page.get_by_label("Longitud").fill("17,9200")
    await page.get_by_label(re.compile(r"^Språk\b")).fill("svenska, arabiska")
    health = page.get_by_role("group", name="Hälsa", exact=True)
    await health.get_by_label("Nivå").select_option("substantial")
    emotional = page.get_by_role("group", name="Känslo- och beteendemässig utveckling")
    await emotional.get_by_label("Nivå").select_option("critical")
    await emotional.get_by_label("Beskrivning").fill("Oro och sömnsvårigheter")
    await page.get_by_role("button", name="Registrera barnet").click()

    summary = page.locator(".error-summary")
    await expect(summary).to_be_visible()
    await expect(summary).to_contain_text("Personnummer: Personnumret är ogiltigt")
    number = page.get_by_label("Personnummer")
    await expect(number).to_have_attribute("aria-invalid", "true")
    await expect(number).to_have_value(wrong)
    await expect(page.locator("#f-personal_number-error")).to_contain_text("kontrollsiffran")
    await expect(page.get_by_label("Latitud")).to_have_value("59,3850")
    await expect(emotional.get_by_label("Nivå")).to_have_value("critical")
    await check_page(page, "the registration form with errors")

    await number.fill(good)
    await page.get_by_role("button", name="Registrera barnet").click()
    await expect(page).to_have_url(re.compile(r"/barn/[0-9a-f-]{36}\?sparat=1$"))
    child_url = page.url.split("?")[0]
    await expect(page.get_by_role("heading", level=1)).to_have_text("Elsa Nyström")
    await expect(page.get_by_text("Uppgifterna är sparade.")).to_be_visible()
    needs = page.locator("#behov")
    await expect(needs.get_by_role("row", name=re.compile("^Känslo- och beteendemässig utveckling Mycket stort"))).to_be_visible()
    await expect(needs.get_by_role("cell", name="Oro och sömnsvårigheter")).to_be_visible()

    # ---- the network: the grandmother, willing to be a network home
    await page.get_by_role("link", name="Lägg till person i nätverket").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Lägg till person i nätverket")
    await check_page(page, "the network member form")
    await page.get_by_label(re.compile(r"^Namn\b")).fill("Birgitta Nyström")
    await page.get_by_label("Relation till barnet").select_option("grandparent")
    await page.get_by_label("Mycket viktig").check()
    await page.get_by_label("Planerat umgänge").select_option("weekly")
    await page.get_by_label(re.compile(r"^Kommun\b")).fill("Sollentuna")
    await page.get_by_label("Latitud").fill("59,4280")
    await page.get_by_label("Longitud").fill("17,9510")
    await page.get_by_label("Personen vill bli nätverkshem för barnet").check()
    await page.get_by_role("button", name="Lägg till personen").click()
    await expect(page).to_have_url(re.compile(r"/barn/[0-9a-f-]{36}\?sparat=network#natverk$"))
    await expect(page.get_by_text("Personen är tillagd i nätverket.")).to_be_visible()

    # ---- and the father the child must be protected from: the reason is required
    await page.get_by_role("link", name="Lägg till person i nätverket").click()
    await page.get_by_label(re.compile(r"^Namn\b")).fill("Kalle Nyström")
    await page.get_by_label("Relation till barnet").select_option("father")
    await page.get_by_label("Viss betydelse").check()
    await page.get_by_label(re.compile(r"^Kommun\b")).fill("Järfälla")
    await page.get_by_label("Latitud").fill("59,42")
    await page.get_by_label("Longitud").fill("17,83")
    await page.get_by_label("Barnet ska skyddas från personen").check()
    await page.get_by_role("button", name="Lägg till personen").click()
    reason = page.get_by_label("Skäl till skyddet")
    await expect(page.locator("#f-protected_reason-error")).to_contain_text("Ange skälet till att barnet ska skyddas")
    await expect(reason).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_label(re.compile(r"^Namn\b"))).to_have_value("Kalle Nyström")
    await check_page(page, "the network member form with errors")
    await reason.fill("Kontaktförbud.")
    await page.get_by_role("button", name="Lägg till personen").click()
    await expect(page.get_by_text("Personen är tillagd i nätverket.")).to_be_visible()

    # ---- the drawing and its text alternative
    drawing = page.get_by_role("img", name="Nätverkskarta för Elsa Nyström")
    await expect(drawing).to_be_visible()
    await expect(drawing.locator("desc")).to_contain_text("Möjliga nätverkshem: Birgitta Nyström")
    await expect(drawing.locator("desc")).to_contain_text("skyddas från: Kalle Nyström")
    await expect(drawing.locator(".nw-kinship .nw-name")).to_have_text("Birgitta Nyström")
    await expect(drawing.locator(".nw-protected .nw-name")).to_have_text("Kalle Nyström")
    await expect(drawing.locator(".nw-protected-label")).to_have_text("skydd")
    members = page.get_by_role("table", name="Personer i nätverket")
    await expect(members.get_by_role("row", name=re.compile("^Birgitta Nyström.*Möjligt nätverkshem"))).to_be_visible()
    await expect(members.get_by_role("row", name=re.compile("^Kalle Nyström.*Skydd: Kontaktförbud."))).to_be_visible()

    # ---- edit the grandmother: monthly contact now, and a note
    await members.get_by_role("link", name="Ändra Birgitta Nyström").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Ändra Birgitta Nyström i nätverket")
    await expect(page.get_by_label("Planerat umgänge")).to_have_value("weekly")
    await expect(page.get_by_label("Latitud")).to_have_value("59.428")
    await expect(page.get_by_role("button", name="Ja, ta bort Birgitta Nyström ur nätverket")).to_be_hidden()  # folded away
    await check_page(page, "the network member edit form")
    await page.get_by_label("Planerat umgänge").select_option("monthly")
    await page.get_by_label("Anteckning").fill("Hämtar Elsa på fredagar.")
    await page.get_by_role("button", name="Spara ändringarna").click()
    await expect(page).to_have_url(re.compile(r"\?sparat=member#natverk$"))
    await expect(page.get_by_text("Ändringarna av personen är sparade.")).to_be_visible()
    await expect(members.get_by_role("row", name=re.compile("^Birgitta Nyström Hämtar Elsa på fredagar.*Varje månad"))).to_be_visible()

    # ---- link the brother (registered over the API) as a half-sibling, through htmx without reloading the page
    brother = {"first_name": "Oskar", "last_name": "Nyström", "personal_number": personal_number("20170101", "235"),
               "gender": "boy"}
    async with httpx.AsyncClient(base_url=live_server, headers=api_headers, timeout=10) as api:
        response = await api.post("/api/children", json=brother)
        assert response.status_code == 201, response.text
    await page.reload()
    await page.evaluate("window.placeraMarker = 'same page'")
    siblings = page.locator("#syskon")
    await expect(siblings.get_by_text("Inga syskon registrerade.")).to_be_visible()
    sibling_choice = siblings.get_by_role("combobox", name="Syskon", exact=True)
    await siblings.get_by_label("Sök barn på namn eller personnummer").press_sequentially("Oskar", delay=30)
    await expect(sibling_choice.locator("option")).to_have_count(2)
    await siblings.get_by_role("button", name="Koppla syskonet").click()
    await expect(siblings.locator("#f-child_id-error")).to_contain_text("Välj vilket barn som är syskon.")
    await expect(sibling_choice).to_have_attribute("aria-invalid", "true")
    await sibling_choice.select_option(label="Oskar Nyström (20170101-****)")
    await siblings.get_by_label("Halvsyskon").check()
    await siblings.get_by_role("button", name="Koppla syskonet").click()
    await expect(siblings.get_by_text("Syskonet är kopplat till barnet.")).to_be_visible()
    await expect(siblings.get_by_role("listitem").filter(has_text="Oskar Nyström")).to_contain_text("halvsyskon")
    await expect(siblings.get_by_role("button", name="Ta bort syskonkopplingen till Oskar Nyström")).to_be_visible()
    assert await page.evaluate("window.placeraMarker") == "same page", "linking the sibling reloaded the page"
    await check_page(page, "the child's page with a sibling linked")

    # ---- the school, found by a live search and saved through htmx without reloading the page
    await page.evaluate("window.placeraMarker = 'same page'")
    school_section = page.locator("#skola")
    choice = school_section.get_by_role("combobox", name="Skola", exact=True)
    await expect(choice.locator("option")).to_have_count(3)
    await school_section.get_by_label("Sök skola på namn").press_sequentially("Tensta", delay=30)
    await expect(choice.locator("option")).to_have_count(2)
    await choice.select_option(label="Tensta skola (Stockholm)")
    await school_section.get_by_label("Årskurs").select_option(label="Årskurs 6")
    await school_section.get_by_label("Startdatum").fill("2026-08-17")
    await school_section.get_by_role("button", name="Spara skolgången").click()
    await expect(school_section.get_by_text("Skolgången är sparad.")).to_be_visible()
    await expect(school_section.get_by_role("definition").first).to_contain_text("Tensta skola")
    await expect(school_section.get_by_role("cell", name="Pågår")).to_be_visible()
    assert await page.evaluate("window.placeraMarker") == "same page", "saving the school reloaded the page"
    await check_page(page, "the child's page with network and school")

    # ---- the need history
    await page.get_by_role("link", name="Visa alla bedömningar (behovshistorik)").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Behovshistorik för Elsa Nyström")
    await expect(page.get_by_role("row", name=re.compile("Hälsa Stort"))).to_be_visible()
    await check_page(page, "the need history")

    # ---- the list, filtered live
    await page.goto("/barn")
    rows = page.locator("table.children tbody tr")
    await expect(rows).to_have_count(2)  # Elsa and her brother
    await expect(rows.first).to_contain_text("20140405-****")
    await expect(rows.first).to_contain_text("Känslo- och beteendemässig utveckling (mycket stort)")
    await check_page(page, "the list of children")
    await page.evaluate("window.placeraMarker = 'no reload'")
    await page.get_by_label("Skyddade personuppgifter").select_option("true")
    await expect(page.locator("#result-count")).to_have_text("Inga barn matchar filtren.")
    await page.get_by_label("Skyddade personuppgifter").select_option("")
    await page.get_by_label("Behovsområde (BBIC)").select_option("emotional_behavioural")
    await expect(rows).to_have_count(1)
    await expect(page).to_have_url(re.compile(r"need_domain=emotional_behavioural"))
    assert await page.evaluate("window.placeraMarker") == "no reload", "the filter reloaded the whole page"
    await rows.first.get_by_role("link", name="Elsa Nyström").click()
    await expect(page).to_have_url(child_url)
