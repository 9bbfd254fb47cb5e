"""Fakturakontroll in a real browser: an administrative assistant signs in, opens Fakturakontroll from the menu,
uploads an agency's invoice for last month and sees the wrong lines first and highlighted, downloads the result as
XLSX (the same file posted again) and prints the page without the menu or the form; axe-core on every state."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.browser.conftest import CHROMIUM
from tests.factories import child_payload, home_payload, organisation_number, personal_number

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); it is not installed",
)

pytest.importorskip("playwright.async_api", reason="Playwright for Python is not installed (pip install -e .[dev])")

from openpyxl import load_workbook  # noqa: E402
from playwright.async_api import Page, expect  # noqa: E402

from tests.browser.accessibility import check_page  # noqa: E402

AGENCY = "Familjevård i Mitten AB"
PRICE = 1600
CHILD_FIRST = "Zlatana"


def last_month() -> tuple[dt.date, dt.date]:
    # The server runs on the real clock, in Swedish time.
    today = dt.datetime.now(ZoneInfo("Europe/Stockholm")).date()
    last_day = today.replace(day=1) - dt.timedelta(days=1)
    return last_day.replace(day=1), last_day


def set_up_sheet(base: str, headers: dict, worker_id: str) -> dict:
    """An agency at 1 600 kr a day, its consultant home and three children placed there before last month."""
    def call(method: str, path: str, body: dict) -> dict:
        response = httpx.request(method, f"{base}{path}", json=body, headers=headers, timeout=30)
        assert response.status_code in (200, 201), response.text
        return response.json()

    first, _ = last_month()
    agency = call("POST", "/api/agencies", {"name": AGENCY, "organisation_number": organisation_number("556123456")})
    call("POST", f"/api/agencies/{agency['id']}/contracts", {
        "reference": "RA-M", "valid_from": f"{first.year - 1}-01-01",
        "prices": [{"level": "standard", "daily_price": str(PRICE)}]})
    home = home_payload(pets=[], kind="consultant", agency_id=agency["id"], contract_level="standard")
    home["name"], home["capacity"]["places"] = "Familjen Mittengård", 4
    home_id = call("POST", "/api/foster-homes", home)["id"]
    starts_on = (first - dt.timedelta(days=40)).isoformat()
    placements = []
    for serial in ("124", "132", "140"):
        child = call("POST", "/api/children", child_payload(
            first_name=CHILD_FIRST, personal_number=personal_number("20150601", serial), allergies=[],
            responsible_worker_id=worker_id))
        placements.append(call("POST", "/api/placements", {
            "child_ids": [child["id"]], "foster_home_id": home_id, "kind": "long_term", "legal_basis": "lvu_2",
            "decided_on": starts_on, "decided_by": "Socialnämndens individutskott", "starts_on": starts_on,
            "not_kinship_reason": "Ingen i nätverket kan ta emot barnet.", "network_examined": True,
            "responsible_worker_id": worker_id})[0])
    return {"references": [p["reference"] for p in placements]}


async def test_an_administrative_assistant_finds_the_wrong_lines_of_an_invoice(
        signed_in_tab, live_server: str, api_headers, staff, make_user, tmp_path):
    right, too_many_days, too_dear = set_up_sheet(live_server, api_headers, str(staff.id))["references"]
    first, last = last_month()
    days = (last - first).days + 1
    month = first.strftime("%Y-%m")
    invoice = tmp_path / "faktura-mitten.csv"
    invoice.write_text("\ufeff" + "\r\n".join([
        "Leverantör;Fakturanummer;Placering;Period;Dagar;Belopp",
        f"{AGENCY};2001;{right};{month};{days};{days * PRICE},00",
        f"{AGENCY};2001;{too_many_days};{month};{days + 2};{(days + 2) * PRICE},00",
        f"{AGENCY};2001;{too_dear};{month};{days};{days * PRICE + 900},00",
    ]) + "\r\n", encoding="utf-8")
    assistant = await make_user("administrative_assistant", name="Asta Assistent")

    page: Page = await signed_in_tab(assistant)
    menu = page.get_by_role("navigation", name="Huvudmeny")
    await expect(menu.get_by_role("link")).to_have_text(["Indikatorer", "Ekonomi", "Arvoden", "Fakturakontroll", "Admin"])
    await menu.get_by_role("link", name="Fakturakontroll").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Fakturakontroll")
    await check_page(page, "the invoice check's form")

    await page.get_by_label("Fakturafil").set_input_files(str(invoice))
    await page.get_by_role("button", name="Kontrollera fakturan").click()
    await expect(page.get_by_role("heading", name=f"Resultat: {AGENCY}")).to_be_visible()
    await expect(page.get_by_text("2 av 3 rader har fel.")).to_be_visible()
    lines = page.get_by_role("table", name="Fakturans rader, fel först")
    rows = lines.locator("tbody tr")
    await expect(rows).to_have_count(3)
    await expect(rows.nth(0)).to_contain_text(too_many_days)
    await expect(rows.nth(0)).to_contain_text("fel antal dagar")
    await expect(rows.nth(0)).to_contain_text("+2")
    await expect(rows.nth(1)).to_contain_text(too_dear)
    await expect(rows.nth(1)).to_contain_text("fel pris")
    await expect(rows.nth(1)).to_contain_text("+900,00\u00a0kr")
    await expect(rows.nth(2)).to_contain_text("OK")
    for wrong in (0, 1):
        await expect(rows.nth(wrong)).to_have_class("row--wrong")
    summary = page.get_by_role("table", name="Antal rader per status")
    await expect(summary.get_by_role("row", name="fel pris")).to_contain_text("1")
    assert CHILD_FIRST not in await page.content()
    await check_page(page, "the invoice check's result")

    # The download posts the same file again, and the page stays as it is.
    async with page.expect_download() as download_info:
        await page.get_by_role("button", name="Ladda ner resultatet (XLSX)").click()
    download = await download_info.value
    assert download.suggested_filename == "fakturakontroll.xlsx"
    workbook = load_workbook(io.BytesIO(open(await download.path(), "rb").read()))
    statuses = [row[6] for row in workbook["Fakturakontroll"].iter_rows(min_row=2, values_only=True)]
    assert statuses == ["fel antal dagar", "fel pris", "OK", None]  # and the sum
    await expect(page.get_by_role("heading", name=f"Resultat: {AGENCY}")).to_be_visible()

    # On paper: the result, without the menu and the form.
    await page.emulate_media(media="print")
    await expect(page.get_by_role("navigation", name="Huvudmeny")).to_be_hidden()
    await expect(page.get_by_label("Fakturafil")).to_be_hidden()
    await expect(page.get_by_role("button", name="Ladda ner resultatet (XLSX)")).to_be_hidden()
    await expect(lines).to_be_visible()
