"""Arvoden in a real browser: a placement secretary opens it from the menu, types a new rate card version with a
bad amount (the error at its field), corrects it and sees the version saved; then adds a retainer agreement on
an emergency home's page. axe-core on every state."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.browser.conftest import CHROMIUM
from tests.factories import home_payload

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); it is not installed",
)

pytest.importorskip("playwright.async_api", reason="Playwright for Python is not installed (pip install -e .[dev])")

from playwright.async_api import Page, expect  # noqa: E402

from tests.browser.accessibility import check_page  # noqa: E402


def next_month_start() -> dt.date:
    today = dt.datetime.now(ZoneInfo("Europe/Stockholm")).date()  # the server runs on the real clock
    return (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


async def test_a_rate_keeper_adds_a_version_and_a_retainer_agreement(signed_in_tab, live_server: str, api_headers, staff):
    page: Page = await signed_in_tab(staff)
    await page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Arvoden").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Arvoden")
    await check_page(page, "the rate card versions with the form")

    starts = next_month_start()
    await page.get_by_label("Gäller från och med").fill(starts.isoformat())
    await page.get_by_label("Förhöjt 2 (kr)").fill("mycket")
    await page.get_by_role("button", name="Spara den nya versionen").click()
    await expect(page.locator("#f-fee_raised_2-error")).to_be_visible()
    await check_page(page, "the rate card form with an error")

    await page.get_by_label("Förhöjt 2 (kr)").fill("15 900,50")
    await page.get_by_role("button", name="Spara den nya versionen").click()
    await expect(page.get_by_role("status")).to_have_text("Den nya versionen av arvodestabellen är sparad.")
    first_row = page.get_by_role("table", name="Arvodestabellens versioner, senaste först (belopp per barn och månad)"
                                 ).locator("tbody tr").first
    await expect(first_row).to_contain_text(starts.isoformat())
    await expect(first_row).to_contain_text("15\u00a0900,50\u00a0kr")

    payload = home_payload(kind="emergency", pets=[], name="Jourhemmet Lärk")
    payload["capacity"]["placement_kinds"] = ["emergency"]
    home = httpx.post(f"{live_server}/api/foster-homes", json=payload, headers=api_headers, timeout=30)
    assert home.status_code == 201, home.text
    await page.goto(f"/familjehem/{home.json()['id']}")
    await expect(page.get_by_role("heading", name="Uppdragsavtal", exact=True)).to_be_visible()
    await page.get_by_label("Arvode per plats och månad (kr)").fill("8 000")
    await page.get_by_role("button", name="Spara uppdragsavtalet").click()
    await expect(page.get_by_role("status")).to_have_text("Uppdragsavtalet är sparat.")
    await expect(page.get_by_role("region", name="Tabell: uppdragsavtal")).to_contain_text("8\u00a0000,00\u00a0kr")
    await check_page(page, "an emergency home's page with its retainer agreement")
