"""Uppföljning as a worklist, in a real browser: a table, the overdue first, filtered live by search, type,
subject, horizon and "only overdue" (the address follows the filters), a page at a time, and a print view
without forms; axe-core on each state."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.browser.conftest import CHROMIUM
from tests.factories import child_payload, home_payload, personal_number

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); it is not installed",
)

pytest.importorskip("playwright.async_api", reason="Playwright for Python is not installed (pip install -e .[dev])")

from playwright.async_api import Page, expect  # noqa: E402

from placements.followup_rules import add_months  # noqa: E402
from tests.browser.accessibility import check_page  # noqa: E402
from tests.browser.test_placement_pages import swedish_today  # noqa: E402

VISIT = "Besök hos barnet i familjehemmet"
CHILDREN = ("Elsa", "Ture", "Vera", "Olle", "Siri", "Nils", "Maja", "Alva")


def _post(base: str, headers: dict, path: str, body: dict) -> dict | list:
    response = httpx.post(f"{base}{path}", json=body, headers=headers, timeout=30)
    assert response.status_code == 201, response.text
    return response.json()


async def test_the_worklist_filters_pages_and_prints(page: Page, live_server, api_headers, staff):
    today = swedish_today()
    starts_on = add_months(today, -2)  # the first visit (after a month) is overdue; later ones are ahead
    for index, name in enumerate(CHILDREN):
        home = home_payload(pets=[])
        home["name"] = f"Familjen {name}sson"
        home_id = _post(live_server, api_headers, "/api/foster-homes", home)["id"]
        born = today.replace(year=today.year - 9, day=min(today.day, 28))
        child = _post(live_server, api_headers, "/api/children", child_payload(
            first_name=name, personal_number=personal_number(born.strftime("%Y%m%d"), f"{300 + index}"),
            allergies=[], responsible_worker_id=str(staff.id)))
        _post(live_server, api_headers, "/api/placements", {
            "child_ids": [child["id"]], "foster_home_id": home_id, "kind": "long_term", "legal_basis": "lvu_2",
            "starts_on": starts_on.isoformat(), "decided_on": starts_on.isoformat(),
            "decided_by": "Socialnämndens individutskott", "responsible_worker_id": str(staff.id),
            "not_kinship_reason": "Ingen i nätverket kan ta emot barnet.", "network_examined": True})

    await page.goto("/uppfoljning?horisont=90")
    table = page.get_by_role("table", name=re.compile("^Uppföljningar"))
    rows = table.locator("tbody tr")
    count = page.locator("#result-count")
    await expect(count).to_contain_text("att göra till och med")
    total = int(re.match(r"\d+", await count.inner_text()).group())
    assert total > 50, total  # more than one page
    await expect(rows).to_have_count(50)
    await expect(rows.first).to_have_class(re.compile("overdue"))
    await expect(page.get_by_role("navigation", name="Sidor")).to_contain_text("Sida 1 av 2")
    await check_page(page, "Uppföljning, 90 days ahead, the first page")
    await page.get_by_role("link", name="Nästa sida").click()
    await expect(rows).to_have_count(total - 50)

    # ---- filtered live: the address follows
    await page.goto("/uppfoljning?horisont=90")
    await page.get_by_label("Sök barn, placering eller hem").press_sequentially("Ture", delay=30)
    await expect(page).to_have_url(re.compile(r"q=Ture"))
    await expect(rows.filter(has_text="Ture")).to_have_count(await rows.count())
    await expect(rows.filter(has_text="Elsa")).to_have_count(0)
    await page.get_by_label("Sök barn, placering eller hem").fill("")
    await page.get_by_label("Sök barn, placering eller hem").press("Enter")
    await page.get_by_label("Typ av uppföljning").select_option(label=VISIT)
    await expect(page).to_have_url(re.compile(r"rule=visit_family_home"))
    await expect(rows.filter(has_text=VISIT)).to_have_count(len(CHILDREN))  # each child's first visit, overdue
    await page.get_by_label("Bara försenade").check()
    await expect(count).to_contain_text(f"{len(CHILDREN)} uppgifter som är försenade")
    await check_page(page, "Uppföljning filtered to overdue visits")

    # ---- a chosen horizon: today only leaves the overdue
    await page.get_by_label("Bara försenade").uncheck()
    await page.get_by_label("Eller till och med datum").fill(today.isoformat())
    await page.get_by_label("Eller till och med datum").press("Enter")
    await expect(count).to_contain_text(f"till och med {today.isoformat()}")
    await expect(rows.locator(":scope:not(.overdue)")).to_have_count(0)

    # ---- the print view: every item of the filter, no forms
    await page.goto("/uppfoljning?horisont=90")
    await page.get_by_role("link", name="Utskriftsvänlig lista").click()
    await expect(page).to_have_url(re.compile(r"utskrift=1"))
    await expect(rows).to_have_count(total)
    await expect(page.get_by_text("Markera som gjord")).to_have_count(0)
    await check_page(page, "Uppföljning, print view")
