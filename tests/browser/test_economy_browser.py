"""The budget steering group in a real browser: it signs in and lands on Ekonomi, sees the budget table and the
forecast chart, opens a placement by its reference (Varför detta belopp?), and downloads the XLSX, which opens
with openpyxl and adds up to the page's totals; axe-core on every page, and never a child's name."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.browser.conftest import CHROMIUM
from tests.factories import child_payload, home_payload, personal_number

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); it is not installed",
)

pytest.importorskip("playwright.async_api", reason="Playwright for Python is not installed (pip install -e .[dev])")

from openpyxl import load_workbook  # noqa: E402
from playwright.async_api import Page, expect  # noqa: E402

from tests.browser.accessibility import check_page  # noqa: E402

from placements.followup_rules import add_months  # noqa: E402

CHILD_FIRST, CHILD_LAST, STREET = "Zlatana", "Östergren-Qvisth", "Vindragarvägen 17"


def swedish_today() -> dt.date:
    # The server runs on the real clock, in Swedish time.
    return dt.datetime.now(ZoneInfo("Europe/Stockholm")).date()


def set_up_placement(base: str, headers: dict, worker_id: str, today: dt.date) -> dict:
    """An own home, a ten-year-old with a distinctive name and address placed there two months ago, and the
    year's budget."""
    def call(method: str, path: str, body: dict) -> dict:
        response = httpx.request(method, f"{base}{path}", json=body, headers=headers, timeout=30)
        assert response.status_code in (200, 201), response.text
        return response.json()

    home = home_payload(pets=[])
    home["name"] = "Familjen Rönnbärsgård"
    home_id = call("POST", "/api/foster-homes", home)["id"]
    born = today.replace(year=today.year - 10, day=min(today.day, 28))
    number = personal_number(born.strftime("%Y%m%d"), "124")
    child = call("POST", "/api/children", child_payload(
        first_name=CHILD_FIRST, last_name=CHILD_LAST, personal_number=number, allergies=[],
        responsible_worker_id=worker_id, address={**child_payload()["address"], "street": STREET}))
    starts_on = max(add_months(today, -2), dt.date(today.year, 1, 1))
    placement = call("POST", "/api/placements", {
        "child_ids": [child["id"]], "foster_home_id": home_id, "kind": "long_term", "legal_basis": "lvu_2",
        "decided_on": starts_on.isoformat(), "decided_by": "Socialnämndens individutskott",
        "starts_on": starts_on.isoformat(), "not_kinship_reason": "Ingen i nätverket kan ta emot barnet.",
        "network_examined": True, "responsible_worker_id": worker_id})[0]
    call("PUT", f"/api/budget/{today.year}", {"lines": [{"category": "own_homes", "annual": "365000"}]})
    return {"placement": placement, "number": number}


def kronor(text: str) -> Decimal:
    """``365 000,00 kr`` → 365000.00"""
    return Decimal(text.replace("\u00a0", "").replace(" ", "").removesuffix("kr").replace(",", "."))


async def test_the_budget_group_reads_ekonomi_opens_a_placement_and_downloads_the_xlsx(
        signed_in_tab, live_server: str, api_headers, staff, make_user):
    today = swedish_today()
    case = set_up_placement(live_server, api_headers, str(staff.id), today)
    reference = case["placement"]["reference"]
    member = await make_user("budget_group", name="Stina Styrgrupp")

    # ---- signing in lands on Ekonomi, whose menu offers only what the group may open
    page: Page = await signed_in_tab(member)
    await page.wait_for_url(f"{live_server}/ekonomi")
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Ekonomi {today.year}")
    menu = page.get_by_role("navigation", name="Huvudmeny")
    await expect(menu.get_by_role("link")).to_have_text(["Indikatorer", "Ekonomi", "Arvoden", "Admin"])
    categories = page.get_by_role("table", name=f"Per kategori, helår {today.year}")
    await expect(categories).to_be_visible()
    await expect(categories.get_by_role("row", name="Familjehem i egen regi")).to_contain_text("365\u00a0000,00\u00a0kr")
    chart = page.get_by_role("img", name=f"Ackumulerat utfall mot budget {today.year}, med prognosens intervall")
    await expect(chart).to_be_visible()
    await expect(page.get_by_role("table", name=f"Ackumulerat per månad {today.year}: budget, utfall och prognosens intervall")
                 ).to_be_visible()
    await check_page(page, "the Ekonomi page")
    totals = [kronor(text) for text in await categories.locator("tfoot td").all_inner_texts()]

    # ---- the lists, and a placement by its reference
    await page.get_by_role("link", name="Placeringar att följa").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Placeringar att följa {today.year}")
    await check_page(page, "the steering group's lists")
    await page.get_by_role("table", name=f"De dyraste pågående placeringarna {today.year}, största prognos först"
                           ).get_by_role("link", name=reference).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Placering {reference}")
    first_month = page.locator("details.why summary").first
    await first_month.click()
    await expect(page.locator("details.why").first.get_by_role("table")).to_be_visible()
    await check_page(page, "a placement's costs by reference")
    for hidden in (CHILD_FIRST, CHILD_LAST, STREET, case["number"], "Rönnbärsgård"):
        assert hidden not in await page.content()

    # ---- the XLSX download opens and adds up to the page's totals
    await page.goto("/ekonomi")
    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Budgettabellen och vårddygnen (XLSX)").click()
    download = await download_info.value
    assert download.suggested_filename == f"budget-{today.year}.xlsx"
    workbook = load_workbook(io.BytesIO(open(await download.path(), "rb").read()))
    sheet = workbook[f"Budget {today.year}"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["kategori", "månad", "budget", "utfall", "beslutat framåt", "förväntat inflöde", "prognos",
                      "avvikelse"]
    summa = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Summa")
    assert [Decimal(str(value)).quantize(Decimal("0.01")) for value in summa[2:]] == totals
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    every_cell = "\n".join(str(cell.value) for ws in workbook for row in ws.iter_rows() for cell in row)
    for hidden in (CHILD_FIRST, CHILD_LAST, STREET, case["number"], "Rönnbärsgård"):
        assert hidden not in every_cell

    # ---- the rate card versions (Arvoden), read only
    await page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Arvoden").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Arvoden")
    await expect(page.get_by_role("table", name="Arvodestabellens versioner, senaste först (belopp per barn och månad)")
                 ).to_be_visible()
    assert await page.get_by_role("heading", name="Ny version från och med").count() == 0
    await check_page(page, "the rate card versions")
