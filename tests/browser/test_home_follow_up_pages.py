"""The family-care secretary's day with a home, in a real browser, from the start page: the home has nobody
assigned, so the start page lists it; she assigns herself on the home's page; a child is booked there (the
booking page offers the family-care secretary, and left empty it is the home's); the home's page then shows
the child, linked to the placement, and the home's due support talk; a support talk logged there completes it,
and the placement names her. axe-core on every page."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.browser.conftest import CHROMIUM

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); it is not installed",
)

pytest.importorskip("playwright.async_api", reason="Playwright for Python is not installed (pip install -e .[dev])")

from playwright.async_api import Page, expect  # noqa: E402

from placements.followup_rules import add_months  # noqa: E402
from tests.browser.accessibility import check_page  # noqa: E402
from tests.browser.test_placement_pages import set_up_matched_request, swedish_today  # noqa: E402

SUPPORT_TALK = "Stödsamtal med familjehemmet"


async def test_assign_a_home_book_a_child_there_and_log_its_support_talk(page: Page, live_server, api_headers, staff):
    today = swedish_today()
    case = set_up_matched_request(live_server, api_headers, str(staff.id), today)

    # ---- the start page: a home nobody follows
    await page.goto("/")
    without_staff = page.locator("#utan-handlaggare")
    await without_staff.get_by_role("link", name="Familjen Lind").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Familjen Lind")
    staff_section = page.locator("#handlaggare")
    await expect(staff_section).to_contain_text("Ingen handläggare är tilldelad hemmet.")
    await check_page(page, "a home without staff")

    # ---- she assigns herself
    await staff_section.get_by_label("Tilldela familjehemssekreterare").select_option(str(staff.id))
    await staff_section.get_by_role("button", name="Tilldela").click()
    await expect(page.get_by_role("status")).to_contain_text("Handläggaren är tilldelad hemmet.")
    await expect(page.locator("#handlaggare li")).to_contain_text("Maja Matchning")
    await check_page(page, "the home with its family-care secretary")

    # ---- the booking page offers the family-care secretary; left empty, it is the home's
    await page.goto(f"/matchning/{case['request']['id']}/boka")
    booking = page.get_by_label("Familjehemssekreterare")
    await expect(booking).to_have_value("")
    await expect(booking.locator("option", has_text="Maja Matchning")).to_have_count(1)
    starts_on = add_months(today, -2)
    await page.get_by_label("Startdatum").fill(starts_on.isoformat())
    await page.get_by_label("Beslutsdatum").fill(starts_on.isoformat())
    await page.get_by_label("Beslutat av").fill("Socialnämndens individutskott")
    await page.get_by_label("Varför inte ett nätverkshem").fill("Ingen i nätverket kan ta emot barnet.")
    await page.get_by_role("button", name="Boka placeringen").click()
    await expect(page).to_have_url(re.compile(r"/placeringar/[0-9a-f-]{36}\?bokad=1$"))
    placement_url = page.url.split("?")[0]
    await expect(page.locator("#fakta")).to_contain_text("Maja Matchning")

    # ---- the home's page: the child, linked to the placement, and the support talk due
    await page.goto(f"/familjehem/{case['home_id']}")
    placed = page.locator("#placerade")
    await expect(placed.get_by_role("link", name="Elsa Nyström")).to_have_attribute(
        "href", placement_url.replace(live_server, ""))
    followups = page.locator("#uppfoljning")
    await expect(followups).to_contain_text(SUPPORT_TALK)
    await expect(followups).to_contain_text("Försenad")
    await check_page(page, "the home with a placed child and its follow-ups")

    # ---- a support talk logged on the home's page completes the one due
    contacts = page.locator("#stodkontakter")
    await contacts.get_by_label("Handläggare").fill("Maja Matchning")
    await contacts.get_by_label("Typ av kontakt").select_option("home_visit")
    await contacts.get_by_label("Anteckning").fill("Stödsamtal om skolstarten.")
    await contacts.get_by_role("button", name="Spara kontakten").click()
    await expect(contacts.get_by_text("Kontakten är sparad.")).to_be_visible()
    await page.reload()
    await expect(page.locator("#uppfoljning")).not_to_contain_text("Försenad")
    await expect(page.locator("#uppfoljning")).to_contain_text(SUPPORT_TALK)  # the next one, a month on

    async with httpx.AsyncClient(base_url=live_server, headers=api_headers, timeout=10) as api:
        listed = (await api.get("/api/followups", params={"scope": "all", "status": "done", "page_size": 50})).json()
    assert [item["title"] for item in listed["items"] if item["home_id"] == case["home_id"]] == [SUPPORT_TALK]
