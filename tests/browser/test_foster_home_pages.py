"""Register a home in a real browser, find it again with the live filters, and check every page with axe-core."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.browser.conftest import CHROMIUM
from tests.factories import home_payload, personal_number

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); it is not installed",
)

pytest.importorskip("playwright.async_api", reason="Playwright for Python is not installed (pip install -e .[dev])")

from playwright.async_api import Page, expect  # noqa: E402
from tests.browser.accessibility import assert_accessible  # noqa: E402



def wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


async def test_register_a_home_then_find_it_with_live_filters(page: Page, live_server: str, api_headers):
    # Another home in the register, so the filters have something to leave out.
    other = home_payload(name="Jourhemmet Berg", kind="emergency", status="applicant", assessments=[])
    response = httpx.post(f"{live_server}/api/foster-homes", json=other, headers=api_headers, timeout=10)
    assert response.status_code == 201, response.text

    # ---- the form: first with a personal number whose check digit is wrong
    await page.goto("/familjehem/ny")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Registrera nytt familjehem")
    await assert_accessible(page, "the empty registration form")

    good_number = personal_number("19850704", "234")
    await page.get_by_label("Hemmets namn").fill("Familjen Andersson")
    await page.get_by_label("Typ av hem").select_option("own")
    await page.get_by_label("Gatuadress").fill("Björkvägen 4")
    await page.get_by_label("Postnummer").fill("16345")
    await page.get_by_label(re.compile(r"^Ort\b")).fill("Spånga")
    await page.get_by_label(re.compile(r"^Kommun\b")).fill("Stockholm")
    await page.get_by_label("Latitud").fill("59,3851")
    await page.get_by_label("Longitud").fill("17,9012")
    await page.get_by_label("Antal platser").fill("2")
    adult = page.get_by_role("group", name="Vuxen 1")
    await adult.get_by_label("Namn").fill("Maria Andersson")
    await adult.get_by_label("Personnummer").fill(wrong_check_digit(good_number))
    await adult.get_by_label("Språk").fill("svenska, somaliska")
    await page.get_by_label("Identitet", exact=True).select_option("substantial")
    await page.get_by_label("Trauma").check()
    await page.get_by_role("button", name="Registrera familjehemmet").click()

    summary = page.locator("#error-summary")
    await expect(summary).to_be_visible()
    await expect(summary).to_contain_text("Vuxen 1: personnummer")
    number_field = page.locator("#f-household_adults-0-personal_number")
    await expect(page.locator("#f-household_adults-0-personal_number-error")).to_contain_text("kontrollsiffran")
    await expect(number_field).to_have_attribute("aria-invalid", "true")
    await expect(number_field).to_have_value(wrong_check_digit(good_number))
    # Everything else typed is still there.
    await expect(page.get_by_label("Hemmets namn")).to_have_value("Familjen Andersson")
    await expect(page.get_by_label("Latitud")).to_have_value("59,3851")
    await expect(page.get_by_label("Identitet", exact=True)).to_have_value("substantial")
    await expect(page.get_by_label("Trauma")).to_be_checked()
    await assert_accessible(page, "the form with errors")

    # ---- corrected: saved, and we land on the home's page
    await number_field.fill(good_number)
    await page.get_by_role("button", name="Registrera familjehemmet").click()
    await expect(page).to_have_url(re.compile(r"/familjehem/[0-9a-f-]{36}\?sparat=1$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Familjen Andersson")
    await expect(page.get_by_text("Uppgifterna är sparade.")).to_be_visible()
    await expect(page.get_by_text(good_number)).to_be_visible()
    await assert_accessible(page, "the new home's page")

    # ---- a support contact through htmx: errors inline, then saved, the page never reloads
    await page.evaluate("window.placeraMarker = 'same page'")
    contacts = page.locator("#stodkontakter")
    await contacts.get_by_label("Handläggare").fill("Sara Holm")
    await contacts.get_by_role("button", name="Spara kontakten").click()
    await expect(contacts.locator("#f-kind-error")).to_contain_text("Uppgiften saknas")
    await expect(contacts.get_by_label("Handläggare")).to_have_value("Sara Holm")
    await contacts.get_by_label("Typ av kontakt").select_option("home_visit")
    await contacts.get_by_label("Anteckning").fill("Första hembesöket.")
    await contacts.get_by_role("button", name="Spara kontakten").click()
    await expect(contacts.get_by_text("Kontakten är sparad.")).to_be_visible()
    await expect(contacts.get_by_role("cell", name="Första hembesöket.")).to_be_visible()
    assert await page.evaluate("window.placeraMarker") == "same page"
    await assert_accessible(page, "the home's page after adding a contact")

    # ---- the list, filtered live
    await page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Familjehem").click()
    await expect(page).to_have_url(re.compile(r"/familjehem$"))
    rows = page.locator("table.homes tbody tr")
    await expect(rows).to_have_count(2)
    await assert_accessible(page, "the register list")

    await page.evaluate("window.placeraMarker = 'no reload'")
    await page.get_by_label("Jourhem").check()
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("Jourhemmet Berg")
    await expect(page).to_have_url(re.compile(r"kind=emergency"))
    await page.get_by_label("Jourhem").uncheck()
    await expect(rows).to_have_count(2)

    await page.get_by_label("Sök på namn, ort eller person").press_sequentially("Anders", delay=30)
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("Familjen Andersson")
    await expect(page.locator("#result-count")).to_have_text("1 familjehem")
    await expect(page).to_have_url(re.compile(r"/familjehem\?q=Anders$"))
    assert await page.evaluate("window.placeraMarker") == "no reload", "the filter reloaded the whole page"
    await assert_accessible(page, "the filtered register list")

    # ---- and from the list to the home
    await rows.first.get_by_role("link", name="Familjen Andersson").click()
    await expect(page).to_have_url(re.compile(r"/familjehem/[0-9a-f-]{36}$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Familjen Andersson")
    await expect(page.get_by_role("cell", name="Första hembesöket.")).to_be_visible()
