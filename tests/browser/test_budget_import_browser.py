"""The budget imported from a spreadsheet in a real browser: the placement secretary opens the budget page, uploads
a CSV with a wrong line and sees that line and column named at the file field (nothing saved), then an XLSX that
is right and sees its lines as the year's budget; axe-core on every state."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.browser.conftest import CHROMIUM

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); it is not installed",
)

pytest.importorskip("playwright.async_api", reason="Playwright for Python is not installed (pip install -e .[dev])")

from openpyxl import Workbook  # noqa: E402
from playwright.async_api import Page, expect  # noqa: E402

from tests.browser.accessibility import check_page  # noqa: E402


async def test_the_secretary_imports_the_budget_and_is_told_which_line_is_wrong(signed_in_tab, staff, tmp_path):
    year = dt.datetime.now(ZoneInfo("Europe/Stockholm")).year  # the server runs on the real clock
    wrong = tmp_path / "budget-fel.csv"
    wrong.write_text("\ufeffKategori;Enhet;Årsbelopp\r\nHVB;;1 000 000\r\nYachter;;5\r\n", encoding="utf-8")
    right = tmp_path / "budget.xlsx"
    workbook = Workbook()
    for row in (["Kategori", "Enhet", "Årsbelopp"], ["Familjehem i egen regi", "Enhet Väst", 3650000],
                ["SiS", None, "1 234 567,50"]):
        workbook.active.append(row)
    workbook.save(right)

    page: Page = await signed_in_tab(staff)
    await page.goto(f"/ekonomi/budget?ar={year}")
    await expect(page.get_by_role("heading", name="Importera från kalkylblad (XLSX eller CSV)")).to_be_visible()
    await check_page(page, "the budget page with its import form")

    await page.get_by_label("Budgetfil").set_input_files(str(wrong))
    await page.get_by_role("button", name=f"Importera budgeten för {year}").click()
    summary = page.get_by_role("alert")
    await expect(summary).to_contain_text("Filen kan inte läsas in")
    await expect(summary).to_contain_text("Rad 3, kolumnen ”Kategori”: ”Yachter” är ingen kategori")
    await expect(page.get_by_text(f"Ingen budget är lagd för {year}.")).to_be_visible()
    await check_page(page, "the import's errors")

    await page.get_by_label("Budgetfil").set_input_files(str(right))
    await page.get_by_role("button", name=f"Importera budgeten för {year}").click()
    await expect(page.get_by_role("status")).to_contain_text("importerad från kalkylbladet och sparad: 2 rader")
    lines = page.get_by_role("table", name=f"Budget {year} per kategori och enhet")
    await expect(lines).to_contain_text("Enhet Väst")
    await expect(lines).to_contain_text("4\u00a0884\u00a0567,50")
    await check_page(page, "the imported budget")
