"""Book a placement in a real browser: from a matched request's page to the booking form (first with a missing
field), onto the new placement's page with its first visit and review overdue in the timeline, then Uppföljning,
where the visit is marked done and the next visit becomes due; the calendar address; axe-core on every page."""

from __future__ import annotations

import datetime as dt
import re
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

from playwright.async_api import Page, expect  # noqa: E402

from tests.browser.accessibility import check_page  # noqa: E402

from placements.followup_rules import add_months

VISIT = "Besök hos barnet i familjehemmet"
REVIEW = "Övervägande av vården enligt LVU"


def swedish_today() -> dt.date:
    # The server runs on the real clock, in Swedish time.
    return dt.datetime.now(ZoneInfo("Europe/Stockholm")).date()


def set_up_matched_request(base: str, headers: dict, worker_id: str, today: dt.date) -> dict:
    """An own home, a ten-year-old with the signed-in user as her social worker, a request and its decision record."""
    def post(path: str, body: dict) -> dict:
        response = httpx.post(f"{base}{path}", json=body, headers=headers, timeout=30)
        assert response.status_code == 201, response.text
        return response.json()

    home = home_payload(pets=[])
    home["name"] = "Familjen Lind"
    home_id = post("/api/foster-homes", home)["id"]
    born = today.replace(year=today.year - 10, day=min(today.day, 28))
    child = post("/api/children", child_payload(
        personal_number=personal_number(born.strftime("%Y%m%d"), "124"), allergies=[], responsible_worker_id=worker_id))
    request = post("/api/placement-requests", {
        "child_ids": [child["id"]], "kind": "long_term", "legal_basis": "lvu_2", "wanted_start": today.isoformat()})
    post(f"/api/placement-requests/{request['id']}/decision-records",
         {"chosen_home_id": home_id, "motive": "Nära skolan, erfaren familj."})
    return {"home_id": home_id, "child": child, "request": request}


async def test_book_from_a_match_and_follow_up_the_first_visit(page: Page, live_server: str, api_headers, staff):
    today = swedish_today()
    case = set_up_matched_request(live_server, api_headers, str(staff.id), today)
    reference = case["request"]["reference"]
    # Started seven months ago: the first visit (after a month) and the first review (after six) are overdue.
    starts_on = add_months(today, -7)
    visit_due, review_due = add_months(starts_on, 1), add_months(starts_on, 6)

    # ---- the matched request offers the booking
    await page.goto(f"/matchning/{case['request']['id']}")
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Matchning {reference}")
    await check_page(page, "the matched request page")
    await page.get_by_role("link", name="Boka placering").click()

    # ---- the booking form, prefilled; first without who decided
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Boka placering {reference}")
    await expect(page.get_by_role("link", name="Familjen Lind")).to_be_visible()
    await expect(page.get_by_label("Lagrum")).to_have_value("lvu_2")
    await expect(page.get_by_label("Startdatum")).to_have_value(today.isoformat())
    await check_page(page, "the booking form")
    await page.get_by_label("Startdatum").fill(starts_on.isoformat())
    await page.get_by_label("Beslutsdatum").fill(add_months(starts_on, 0).isoformat())
    await page.get_by_label("Ansvarig socialsekreterare").select_option(str(staff.id))
    await page.get_by_role("button", name="Boka placeringen").click()
    summary = page.locator(".error-summary")
    await expect(summary).to_contain_text("Beslutat av: Skriv vem som fattade beslutet")
    await expect(summary).to_contain_text("Varför inte ett nätverkshem: Nätverket först")
    await expect(page.get_by_label("Beslutat av")).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_label("Startdatum")).to_have_value(starts_on.isoformat())
    await check_page(page, "the booking form with errors")

    await page.get_by_label("Beslutat av").fill("Socialnämndens individutskott")
    await page.get_by_label("Varför inte ett nätverkshem").fill("Mormor kan inte ta emot barnet just nu.")
    await page.get_by_role("button", name="Boka placeringen").click()

    # ---- the placement's page: facts, the first visit and the review overdue
    await expect(page).to_have_url(re.compile(r"/placeringar/[0-9a-f-]{36}\?bokad=1$"))
    placement_url = page.url.split("?")[0]
    await expect(page.get_by_role("status")).to_contain_text("Placeringen är bokad.")
    facts = page.locator("#fakta")
    await expect(facts.get_by_role("link", name="Familjen Lind")).to_be_visible()
    await expect(facts.get_by_role("link", name=reference)).to_be_visible()
    await expect(facts.get_by_role("link", name="Matchningsunderlaget för placeringen")).to_be_visible()
    timeline = page.locator("ol.timeline")
    await expect(timeline.locator("li").first).to_contain_text("Placeringen började")
    await expect(timeline.locator("li", has_text=VISIT)).to_contain_text(visit_due.isoformat())
    await expect(timeline.locator("li", has_text=VISIT)).to_contain_text("Försenad")
    await expect(timeline.locator("li", has_text=REVIEW)).to_contain_text(review_due.isoformat())
    open_items = page.locator("#uppfoljningar ol.followups")
    await expect(open_items.get_by_role("heading", name=VISIT)).to_be_visible()
    await expect(open_items.get_by_role("heading", name=REVIEW)).to_be_visible()
    await check_page(page, "the placement page")

    # ---- Uppföljning: both overdue, with how late they are
    await page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Uppföljning").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Uppföljning")
    await expect(page.get_by_role("link", name="Mina uppgifter")).to_have_attribute("aria-current", "page")
    # A table, the overdue rows first and marked.
    table = page.get_by_role("table", name=re.compile("^Uppföljningar"))
    visit = table.locator("tr.overdue", has_text=VISIT)
    await expect(visit).to_contain_text(f"Försenad {(today - visit_due).days} dagar")
    await expect(visit.get_by_role("link", name="Elsa Nyström")).to_have_attribute("href", re.compile(r"/placeringar/"))
    await expect(table.locator("tr.overdue", has_text=REVIEW)).to_contain_text(review_due.isoformat())
    await check_page(page, "Uppföljning")

    # ---- mark the visit done (a hundred days ago): the next visit is due three months after, so now overdue too
    done_on = today - dt.timedelta(days=100)
    next_due = add_months(done_on, 3)
    await visit.get_by_text("Markera som gjord").click()
    await visit.get_by_label("Datum då den gjordes").fill(done_on.isoformat())
    await visit.get_by_label("Barnet träffades enskilt").select_option("true")
    await visit.get_by_label("Anteckning").fill("Samtal enskilt med barnet.")
    await check_page(page, "Uppföljning with the completion form open")
    await visit.get_by_role("button", name="Spara som gjord").click()
    await expect(page.get_by_role("status").filter(has_text="markerad som gjord")).to_be_visible()
    next_visit = page.locator("#uppgifter tbody tr", has_text=VISIT)
    await expect(next_visit).to_have_count(1)
    await expect(next_visit).to_contain_text(f"skulle ha gjorts senast {next_due.isoformat()}")
    await expect(page).to_have_url(re.compile(r"/uppfoljning$"))
    await check_page(page, "Uppföljning after marking the visit done")

    # ---- the calendar address, shown once
    await page.get_by_role("button", name="Skapa kalenderadress").click()
    address = page.get_by_label("Kalenderadress")
    await expect(address).to_have_value(re.compile(r"/api/followups/calendar/cal_[\w-]+\.ics$"))
    await check_page(page, "Uppföljning with the calendar address")

    # ---- back on the placement's page: the visit done in the timeline, the next one open
    await page.goto(placement_url)
    await expect(timeline.locator("li.timeline-event--done", has_text=VISIT)).to_contain_text(f"Gjord {done_on.isoformat()}")
    await expect(timeline.locator("li.timeline-event--overdue", has_text=VISIT)).to_contain_text(next_due.isoformat())
    await check_page(page, "the placement page after the visit")


async def test_the_indicators_with_their_trend_chart(page: Page, live_server: str, api_headers, staff):
    set_up_matched_request(live_server, api_headers, str(staff.id), swedish_today())

    await page.goto("/")
    await page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Indikatorer").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Indikatorer")
    await expect(page.get_by_role("table", name=re.compile(r"^Indikatorer, tertial"))).to_contain_text("Besök per barn och år")
    await expect(page.get_by_role("img", name=re.compile(r"^Besök per barn och år, de senaste 6 tertialerna"))).to_be_visible()
    await check_page(page, "the indicators")
    # Months are in the picker too, and the table downloads.
    month = page.get_by_label("Period").locator("option", has_text=re.compile(r"^(?!Hela )[A-ZÅÄÖ][a-zåäö]+ \d{4}$"))
    await expect(month).to_have_count(12)
    await expect(page.get_by_role("link", name="Hämta som Excel (XLSX)")).to_have_attribute(
        "href", re.compile(r"/api/indicators/export\.xlsx\?period="))

    await page.get_by_label("Indikator i diagrammet").select_option("care_plans")
    await page.get_by_label("Period", exact=True).select_option(str(swedish_today().year))
    await page.get_by_role("button", name="Visa").click()
    await expect(page.get_by_role("table", name=re.compile(r"^Indikatorer, år"))).to_be_visible()
    await expect(page.get_by_role("img", name=re.compile(r"^Vårdplan finns"))).to_be_visible()
    await expect(page.get_by_role("table", name="Vårdplan finns per tertial")).to_be_visible()
    await check_page(page, "the indicators for a year")
