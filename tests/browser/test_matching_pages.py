"""Match a child in a real browser: open the request from Matchning, see the grandmother's kinship home ranked first,
save the decision record through the form (first without a motive) and land on the printable record; the queue;
axe-core on every page, also at 200 % zoom."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest

from tests.browser.conftest import CHROMIUM
from tests.factories import (
    child_payload,
    home_payload,
    member_payload,
    personal_number,
    school_payload,
)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); it is not installed",
)

pytest.importorskip("playwright.async_api", reason="Playwright for Python is not installed (pip install -e .[dev])")

from playwright.async_api import Page, expect  # noqa: E402
from tests.browser.accessibility import check_page  # noqa: E402

# Where to keep screenshots of the pages for a person to look at; unset, none are taken.
SHOTS = os.environ.get("PLACERA_SHOTS")

GRANDMOTHER = personal_number("19580302", "246")
FATHER = personal_number("19820101", "111")


async def screenshot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(Path(SHOTS) / f"matching_{name}.png"), full_page=True)


def at(payload: dict, lat: float, lon: float, municipality: str) -> dict:
    payload["address"].update(latitude=lat, longitude=lon, municipality=municipality, city=municipality)
    return payload


def set_up_case(base: str, headers: dict) -> dict:
    """The case of tests/matching/test_matching_api.py over the API: Elsa (12), her grandmother's kinship home in
    Uppsala, a father she is protected from in Huddinge, her school in Tensta, and an acute request."""
    def post(path: str, body: dict) -> dict:
        response = httpx.post(f"{base}{path}", json=body, headers=headers, timeout=30)
        assert response.status_code == 201, response.text
        return response.json()

    homes = {
        "Mormors hem": at(home_payload(kind="kinship", household_adults=[
            {"name": "Birgitta Nyström", "personal_number": GRANDMOTHER}]), 59.8586, 17.6389, "Uppsala"),
        "Familjen Nära": at(home_payload(), 59.44, 17.85, "Sundbyberg"),
        "Familjen Huddinge": at(home_payload(), 59.2400, 17.9900, "Huddinge"),
        "Familjen Full": at(home_payload(household_children=[
            {"birth_year": 2015, "relation": "placed", "placed_from": "2025-01-01"},
            {"birth_year": 2016, "relation": "placed", "placed_from": "2025-01-01"}]), 59.41, 17.92, "Stockholm"),
    }
    ids = {}
    for name, payload in homes.items():
        payload["name"] = name
        ids[name] = post("/api/foster-homes", payload)["id"]
    child = post("/api/children", child_payload(allergies=[]))
    post(f"/api/children/{child['id']}/network", member_payload(
        personal_number=GRANDMOTHER, location={"municipality": "Uppsala", "latitude": 59.8586, "longitude": 17.6389}))
    post(f"/api/children/{child['id']}/network", member_payload(
        name="Jonas Berg", relation="father", importance=1, contact_frequency="none", personal_number=FATHER,
        willing_kinship_home=False, protected_from=True, protected_reason="Våld mot barnet.",
        location={"municipality": "Huddinge", "latitude": 59.2360, "longitude": 17.9820}))
    school = post("/api/schools", school_payload())
    post(f"/api/children/{child['id']}/enrolments", {"school_id": school["id"], "grade": 4, "started_on": "2025-08-18"})
    request = post("/api/placement-requests", {
        "child_ids": [child["id"]], "kind": "long_term", "legal_basis": "lvu_2", "wanted_start": "2026-12-01",
        "urgency": 3, "protection_needs": True})
    return {"homes": ids, "child": child, "request": request}


async def test_match_a_child_and_save_the_decision_record(page: Page, live_server: str, api_headers):
    case = set_up_case(live_server, api_headers)
    reference = case["request"]["reference"]

    # ---- from the menu to the open requests, and on to the request
    await page.goto("/")
    await page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Matchning").click()
    await expect(page).to_have_url(re.compile(r"/matchning$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Matchning")
    row = page.get_by_role("row", name=re.compile(reference))
    await expect(row).to_contain_text("Elsa Nyström (12 år)")
    await expect(row).to_contain_text("Akut")
    await check_page(page, "the start page")

    await row.get_by_role("link", name=f"Matcha {reference}").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Matchning {reference}")

    # ---- the kinship home first, with its badge and reasons; the excluded homes by reason
    homes = page.locator("ol.candidates > li")
    await expect(homes).to_have_count(2)
    first = homes.nth(0)
    # A home is named with its reference and town, so namesakes can be told apart.
    await expect(first.get_by_role("heading", level=3)).to_have_text(re.compile(r"^1\. Mormors hem \(H-\w{6}, Uppsala\)$"))
    await expect(first.locator(".badge--kinship")).to_have_text("Nätverkshem")
    await expect(first).to_contain_text("Nätverkshem: Birgitta Nyström (mor- eller farförälder) bor i hemmet.")
    await expect(first.get_by_role("meter", name="Nätverk")).to_have_attribute("value", "1.0")
    await expect(homes.nth(1).get_by_role("heading", level=3)).to_have_text(re.compile(r"^2\. Familjen Nära \("))
    await expect(page.get_by_text(re.compile(r"Närmast: Familjen Nära \(H-\w{6}, Sundbyberg\), 7,3 km"))).to_be_visible()
    protection = page.locator("details.excluded-group", has_text="Skydd")
    await expect(protection.locator("summary")).to_have_text("Skydd: nära en person som barnet ska skyddas från: 1 hem")
    await expect(protection.get_by_role("link", name="Familjen Huddinge")).to_be_hidden()
    await protection.locator("summary").click()
    await expect(protection.get_by_role("link", name="Familjen Huddinge")).to_be_visible()
    await check_page(page, "the request page")
    await screenshot(page, "request")

    # ---- the decision record: first without a motive, then with one
    form = page.locator("#underlag")
    await form.get_by_label(re.compile(r"^1\. Mormors hem")).check()
    await form.get_by_role("button", name="Spara matchningsunderlag").click()
    summary = page.locator("#underlag .error-summary")
    await expect(summary).to_contain_text("Motivering: Skriv varför hemmet föreslås.")
    motive = page.get_by_label("Motivering")
    await expect(motive).to_have_attribute("aria-invalid", "true")
    await expect(page.locator("#f-motive-error")).to_contain_text("Skriv varför hemmet föreslås.")
    await expect(page.locator("#underlag").get_by_label(re.compile(r"^1\. Mormors hem"))).to_be_checked()
    await check_page(page, "the request page with errors in the decision form")

    await motive.fill("Nätverket först: mormor är utredd och lämplig. Skolbyte planeras till vårterminen.")
    await page.locator("#underlag").get_by_role("button", name="Spara matchningsunderlag").click()

    # ---- the printable record
    await expect(page).to_have_url(re.compile(r"/matchning/underlag/[0-9a-f-]{36}\?sparat=1$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Matchningsunderlag {reference}")
    chosen = page.locator("section.chosen")
    await expect(chosen).to_contain_text("Mormors hem")
    await expect(chosen).to_contain_text("Nätverket först: mormor är utredd och lämplig.")
    await expect(page.locator("#main dl.facts").first).to_contain_text("Upprättat avMaja Matchning")
    await expect(page.get_by_role("row", name=re.compile(r"^Nätverk 30 %"))).to_be_visible()
    await expect(page.get_by_role("heading", name="Skydd: nära en person som barnet ska skyddas från: 1 hem")).to_be_visible()
    await check_page(page, "the decision record")
    await screenshot(page, "record")
    # Printed, the record is the content alone.
    await page.emulate_media(media="print")
    await expect(page.locator(".site-header")).to_be_hidden()
    await expect(page.locator("section.chosen")).to_be_visible()
    await page.emulate_media(media="screen")


async def test_propose_homes_for_the_whole_queue(page: Page, live_server: str, api_headers):
    set_up_case(live_server, api_headers)

    await page.goto("/matchning")
    await page.get_by_role("link", name="Fördela hela kön").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Fördela hela kön")
    await check_page(page, "the queue page")

    await page.get_by_role("button", name="Föreslå fördelning av hela kön").click()
    await expect(page.get_by_role("status").filter(has_text="Förslaget är klart")).to_have_text(
        "Förslaget är klart: 1 av 1 förfrågningar får ett hem.")
    optimal = page.get_by_role("table", name="Förslaget: hela kön på en gång")
    await expect(optimal.get_by_role("link", name="Mormors hem")).to_be_visible()
    await expect(page.get_by_role("table", name="Jämförelse: en förfrågan i taget")).to_contain_text("Mormors hem")
    await expect(page.get_by_text("inget är bokat", exact=False)).to_be_visible()
    await expect(page).to_have_url(re.compile(r"/matchning/ko$"))
    await check_page(page, "the queue proposal")
    await screenshot(page, "queue")
