"""The economy page (Ekonomi): the budget steering group lands on it when it signs in, its menu offers only
what it may open, and it reads budget against actual per category and month without a single name."""

from __future__ import annotations

from httpx import ASGITransport, AsyncClient

from tests.conftest import sign_in
from tests.costs.test_month_costs import book, child_born
from tests.placements.test_placements_api import make_home

HTML = {"Accept": "text/html"}


async def test_the_budget_group_lands_on_the_economy_page_and_sees_budget_against_actual(app, client, make_user):
    await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01")
    saved = await client.put("/api/budget/2026", json={"lines": [{"category": "own_homes", "annual": "365000"}]})
    assert saved.status_code == 200, saved.text
    member = await make_user("budget_group")

    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as browser:
        assert (await sign_in(browser, member.email)).status_code == 303
        start = await browser.get("/", headers=HTML)
        assert start.status_code == 303 and start.headers["location"] == "/ekonomi"
        page = await browser.get("/ekonomi", headers=HTML)

    assert page.status_code == 200
    text = page.text
    assert "<h1>Ekonomi 2026</h1>" in text
    assert '<th scope="row">Familjehem i egen regi</th><td class="num">365\u00a0000,00\u00a0kr</td>' in text
    # October's budget is 31 of 365 days; its actual the whole month in the own home (20 430,89 kr).
    assert '<th scope="row">Oktober</th><td class="num">31\u00a0000,00\u00a0kr</td>' in text
    assert "20\u00a0430,89\u00a0kr" in text
    assert 'href="/ekonomi"' in text and 'aria-current="page"' in text
    assert '<a href="/api/budget/2026/export.csv" download>' in text
    for hidden in ("Familjehem</a>", ">Barn</a>", ">Placeringar</a>", "Elsa", "Nyström", "Lindqvist"):
        assert hidden not in text, hidden


async def test_a_bad_year_is_a_clear_error_and_other_roles_are_refused(app, client, client_as, make_user):
    response = await client.get("/ekonomi", params={"ar": "tjugo"}, headers=HTML)
    assert response.status_code == 422 and "Ange ett år mellan 2000 och 2036." in response.text
    assert (await client.get("/ekonomi", params={"ar": "1999"}, headers=HTML)).status_code == 422
    social_worker = await make_user("social_worker")
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as browser:
        await sign_in(browser, social_worker.email)
        assert (await browser.get("/ekonomi", headers=HTML)).status_code == 403
        assert 'href="/ekonomi"' not in (await browser.get("/barn", headers=HTML)).text
