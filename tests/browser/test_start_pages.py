"""Where each user starts (Att göra, the address / after sign-in), in a real browser: the placement secretary and
family-care secretary sees requests by state, placements starting soon, free homes, homes under assessment and
homes without staff; the child's social worker an overdue follow-up, which leads to the placement; the admin
the accounts and the log; the budget group and the administrative assistant land on their one place of work.
Each line is a link to where the work is done; axe-core on every start page."""

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
from tests.browser.test_placement_pages import set_up_matched_request, swedish_today  # noqa: E402


def _post(base: str, headers: dict, path: str, body: dict, expected: int = 201) -> dict:
    response = httpx.post(f"{base}{path}", json=body, headers=headers, timeout=30)
    assert response.status_code == expected, response.text
    return response.json()


async def test_the_secretary_starts_on_requests_free_homes_and_homes_to_follow(page: Page, live_server, api_headers,
                                                                               staff):
    today = swedish_today()
    matched = set_up_matched_request(live_server, api_headers, str(staff.id), today)
    born = today.replace(year=today.year - 8, day=min(today.day, 28))
    other = _post(live_server, api_headers, "/api/children", child_payload(
        first_name="Ture", personal_number=personal_number(born.strftime("%Y%m%d"), "358"), allergies=[],
        responsible_worker_id=str(staff.id)))
    waiting = _post(live_server, api_headers, "/api/placement-requests", {
        "child_ids": [other["id"]], "kind": "emergency", "legal_basis": "sol", "wanted_start": today.isoformat(),
        "urgency": 3})
    assessed = home_payload(pets=[])
    assessed.update(name="Familjen Ek", status="under_assessment")
    assessed_id = _post(live_server, api_headers, "/api/foster-homes", assessed)["id"]
    _post(live_server, api_headers, "/api/foster-homes", {**home_payload(pets=[]), "name": "Familjen Al"})
    for home_id in (matched["home_id"], assessed_id):  # Familjen Al is the one no secretary follows
        _post(live_server, api_headers, f"/api/foster-homes/{home_id}/assignments", {"user_id": str(staff.id)},
              expected=200)

    await page.goto("/")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Att göra")
    await expect(page.get_by_role("heading", level=2, name="Placeringssekreterare")).to_be_visible()
    await expect(page.get_by_role("heading", level=2, name="Familjehemssekreterare")).to_be_visible()
    open_requests = page.locator("#oppna")
    await expect(open_requests).to_contain_text(f"{waiting['reference']}: Ture")
    await expect(open_requests).to_contain_text("Akut")
    await expect(page.locator("#matchade")).to_contain_text(matched["request"]["reference"])
    free = page.locator("#lediga")
    await expect(free.get_by_role("link", name="Familjen Lind")).to_be_visible()
    await expect(free).not_to_contain_text("Familjen Ek")  # under assessment: no place to offer
    await expect(page.locator("#utredning").get_by_role("link", name="Familjen Ek")).to_be_visible()
    await expect(page.locator("#utredning")).to_contain_text("under utredning sedan")  # and how long
    without_staff = page.locator("#utan-handlaggare")
    await expect(without_staff.get_by_role("link", name="Familjen Al")).to_be_visible()
    await expect(without_staff).not_to_contain_text("Familjen Lind")
    await expect(page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Att göra")).to_have_attribute(
        "aria-current", "page")
    await check_page(page, "the secretary's start page")

    # ---- each line leads to where the work is done
    await page.locator("#matchade").get_by_role("link", name=re.compile(matched["request"]["reference"])).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Matchning {matched['request']['reference']}")
    await page.goto("/")
    await page.locator("#utredning").get_by_role("link", name="Familjen Ek").click()
    await expect(page).to_have_url(re.compile(rf"/familjehem/{assessed_id}$"))


async def test_the_social_worker_starts_on_an_overdue_follow_up(signed_in_tab, make_user, live_server, api_headers):
    worker = await make_user("social_worker", name="Sara Socialsekreterare", email="sara.soc@kommun.example.se")
    today = swedish_today()
    case = set_up_matched_request(live_server, api_headers, str(worker.id), today)
    starts_on = add_months(today, -3)  # the first visit (after a month) is overdue
    placement_id = _post(live_server, api_headers, "/api/placements", {
        "child_ids": [case["child"]["id"]], "foster_home_id": case["home_id"], "kind": "long_term",
        "legal_basis": "lvu_2", "starts_on": starts_on.isoformat(), "decided_on": starts_on.isoformat(),
        "decided_by": "Socialnämndens individutskott", "responsible_worker_id": str(worker.id),
        "not_kinship_reason": "Ingen i nätverket kan ta emot barnet.", "network_examined": True})[0]["id"]

    page = await signed_in_tab(worker)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Att göra")
    overdue = page.locator("#barn-forsenade")
    visit = overdue.get_by_role("link", name=re.compile("Besök hos barnet i familjehemmet"))
    await expect(visit).to_be_visible()
    await expect(overdue).to_contain_text("Försenad")
    await expect(page.locator("#mina-forfragningar")).to_contain_text("Du har inga öppna eller matchade förfrågningar.")
    await check_page(page, "the social worker's start page")
    await visit.click()
    await expect(page).to_have_url(re.compile(rf"/placeringar/{placement_id}$"))

    # ---- the overdue visit done, on the placement's page; back on the start page it is no longer overdue
    item = page.locator("li.followup", has=page.get_by_role("heading", name="Besök hos barnet i familjehemmet"))
    await item.get_by_text("Markera som gjord").click()
    await item.get_by_label("Datum då den gjordes").fill(today.isoformat())
    await item.get_by_label("Anteckning").fill("Samtal enskilt med barnet i familjehemmet.")
    await item.get_by_role("button", name="Spara som gjord").click()
    await expect(page.get_by_role("status").filter(has_text="markerad som gjord")).to_be_visible()
    await check_page(page, "the placement after the visit")
    await page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Att göra").click()
    await expect(page.locator("#barn-forsenade")).not_to_contain_text("Besök hos barnet i familjehemmet")


async def test_the_admin_starts_on_the_accounts_and_the_log(signed_in_tab, make_user):
    admin = await make_user("admin", name="Ada Admin", email="ada.admin@kommun.example.se")
    page = await signed_in_tab(admin)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Att göra")
    accounts = page.locator("#konton")
    await expect(accounts.get_by_role("link", name="Låsta efter för många felaktiga inloggningar")).to_be_visible()
    await check_page(page, "the admin's start page")
    await accounts.get_by_role("link", name="Granska loggen").click()
    await expect(page).to_have_url(re.compile(r"/admin/logg$"))


async def test_the_assistant_lands_on_the_invoice_check(signed_in_tab, make_user):
    assistant = await make_user("administrative_assistant", name="Asta Assistent", email="asta@kommun.example.se")
    page = await signed_in_tab(assistant)
    await expect(page).to_have_url(re.compile(r"/ekonomi/fakturakontroll$"))


async def test_the_secretary_walks_a_request_from_the_start_page_to_the_placement(page: Page, live_server, api_headers):
    """The Done-when walk: start page → the request → its ranking → the decision record → booking → placement."""
    from tests.browser.test_matching_pages import set_up_case

    case = set_up_case(live_server, api_headers)
    reference = case["request"]["reference"]

    await page.goto("/")
    await page.locator("#oppna").get_by_role("link", name=re.compile(reference)).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Matchning {reference}")
    form = page.locator("#underlag")
    await form.get_by_label(re.compile(r"^1\. Mormors hem")).check()
    await form.get_by_label("Motivering").fill("Nätverket först: mormor är utredd och lämplig.")
    await form.get_by_role("button", name="Spara matchningsunderlag").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Matchningsunderlag {reference}")
    await check_page(page, "the record, on the way to booking")

    await page.get_by_role("link", name="Boka placering enligt underlaget").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Boka placering {reference}")
    await page.get_by_label("Beslutat av").fill("Socialnämndens individutskott")
    await page.get_by_role("button", name="Boka placeringen").click()
    await expect(page).to_have_url(re.compile(r"/placeringar/[0-9a-f-]{36}\?bokad=1$"))
    await expect(page.get_by_role("status")).to_contain_text("Placeringen är bokad.")
    await check_page(page, "the placement, booked from the start page")

    # ---- back at the start page: the request is neither open nor waiting to be booked
    await page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Att göra").click()
    await expect(page.locator("#oppna")).not_to_contain_text(reference)
    await expect(page.locator("#matchade")).not_to_contain_text(reference)
    await expect(page.locator("#borjar")).to_contain_text("Elsa Nyström")  # it starts today
