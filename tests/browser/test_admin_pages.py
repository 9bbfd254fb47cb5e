"""The admin area in a real browser: create a user, create a token, review the log with live filters; axe-core on every page."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import CHROMIUM

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); it is not installed",
)

pytest.importorskip("playwright.async_api", reason="Playwright for Python is not installed (pip install -e .[dev])")

from playwright.async_api import Page, expect  # noqa: E402
from tests.browser.accessibility import check_page  # noqa: E402



@pytest.fixture
async def admin_page(signed_in_tab, make_user):
    """A browser tab signed in as an administrator."""
    admin = await make_user("admin", name="Ada Admin", email="ada.admin@kommun.example.se")
    return await signed_in_tab(admin)


async def test_admin_creates_a_user_and_a_token_and_reviews_the_log(admin_page: Page):
    page = admin_page

    # ---- the start page, reached from the main menu
    await page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Admin").click()
    await expect(page).to_have_url(re.compile(r"/admin$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Admin")
    await check_page(page, "the admin start page")

    # ---- users: a weak password first, then a good one
    await page.get_by_role("link", name="Användare").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Användare")
    await check_page(page, "the users list")
    form = page.locator("section", has=page.get_by_role("heading", name="Skapa användare"))
    await form.get_by_label("Namn").fill("Nora Nyström")
    await form.get_by_label("E-postadress").fill("nora.nystrom@kommun.example.se")
    await form.get_by_label("Enhet").fill("Familjevårdsteamet Väst")
    roles = form.get_by_role("group", name="Roller")
    await roles.get_by_label("Barnets socialsekreterare").check()
    await roles.get_by_label("Familjevårdsteam").check()
    await form.get_by_label("Lösenord").fill("kort")
    await form.get_by_role("button", name="Skapa användaren").click()

    summary = page.locator("#error-summary")
    await expect(summary).to_be_visible()
    await expect(summary).to_contain_text("Lösenord: Lösenordet måste ha minst 12 tecken.")
    password = page.get_by_label("Lösenord")
    await expect(password).to_have_attribute("aria-invalid", "true")
    await expect(password).to_have_value("")
    await expect(page.get_by_role("textbox", name="Namn", exact=True)).to_have_value("Nora Nyström")
    await expect(page.get_by_label("Familjevårdsteam")).to_be_checked()
    await check_page(page, "the create-user form with errors")

    await summary.get_by_role("link", name=re.compile("Lösenord")).click()
    await expect(password).to_be_focused()
    await password.fill("Tranor-dansar-vid-Hornborgasjön-3")
    await page.get_by_role("button", name="Skapa användaren").click()
    await expect(page.get_by_role("status")).to_contain_text("Nora Nyström (nora.nystrom@kommun.example.se) är skapad.")
    row = page.get_by_role("row", name=re.compile("Nora Nyström"))
    await expect(row).to_contain_text("Barnets socialsekreterare")
    await expect(row).to_contain_text("Aktiv")

    # ---- the new user's page
    await row.get_by_role("link", name="Nora Nyström").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Nora Nyström")
    await expect(page.get_by_label("Kontot är aktivt")).to_be_checked()
    await check_page(page, "a user's page")

    # ---- my API tokens: the new token is shown once, in its own box
    await page.get_by_role("link", name="Admin", exact=True).first.click()
    await page.get_by_role("link", name="Mina API-token").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Mina API-token")
    await page.get_by_label("Namn på token").fill("Import från verksamhetssystemet")
    await page.get_by_role("button", name="Skapa token").click()
    box = page.locator(".secret-box")
    await expect(box).to_contain_text("Den visas bara den här gången")
    await expect(page.get_by_label("Token", exact=True)).to_have_value(re.compile(r"^plc_"))
    await check_page(page, "the token page with a new token")
    await page.goto("/admin/token")
    await expect(page.locator(".secret-box")).to_have_count(0)
    await expect(page.get_by_role("button", name=re.compile("Återkalla Import från verksamhetssystemet")).first).to_be_visible()

    # ---- the log, filtered live
    await page.goto("/admin")
    await page.get_by_role("link", name="Logg (loggkontroll)").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Logg (loggkontroll)")
    rows = page.locator("table.log tbody tr")
    await expect(rows.first).to_be_visible()
    await check_page(page, "the log")

    await page.evaluate("window.placeraMarker = 'no reload'")
    await page.get_by_label("Händelse", exact=True).select_option(label="Inloggning")
    await expect(page).to_have_url(re.compile(r"/admin/logg\?action=sign_in$"))
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("Ada Admin")
    await expect(rows.first).to_contain_text("Inloggning")
    await expect(page.locator("#result-count")).to_have_text("1 händelse")
    await expect(page.get_by_role("link", name="Exportera CSV")).to_have_attribute("href", "/api/audit/export.csv?action=sign_in")

    await page.get_by_label("Användare", exact=True).select_option(label="Nora Nyström (nora.nystrom@kommun.example.se)")
    await expect(page.locator("#result-count")).to_have_text("Inga händelser matchar filtren.")
    await page.get_by_label("Användare", exact=True).select_option(label="Alla")
    await page.get_by_label("Händelse", exact=True).select_option(label="Skapande")
    await page.get_by_label("Objekttyp", exact=True).select_option(label="API-token")
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("token för ada.admin@kommun.example.se")
    assert await page.evaluate("window.placeraMarker") == "no reload", "the filter reloaded the whole page"
    await check_page(page, "the filtered log")
