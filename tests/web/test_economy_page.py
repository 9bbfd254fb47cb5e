"""The economy page (Ekonomi): the budget steering group lands on it when it signs in, its menu offers only
what it may open, and it reads budget against actual per category and month without a single name."""

from __future__ import annotations

from httpx import ASGITransport, AsyncClient

from tests.conftest import sign_in
from tests.costs.test_month_costs import book, child_born
from tests.factories import child_payload, organisation_number, personal_number
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


# ---------------------------------------------------------------- the steering group's view, without a name

DISTINCT_FIRST, DISTINCT_LAST = "Zlatana", "Östergren-Qvisth"
DISTINCT_STREET = "Vindragarvägen 17"
DISTINCT_BIRTH = "20150607"
DISTINCT_NOTE = "Tandreglering hos doktor Wahlgren"


async def steering_case(client) -> dict:
    """A child with a distinctive name and address in an own home past its planned end, a long consultant home
    placement (a conversion candidate) and a placement coming in December."""
    from tests.costs.test_steering import _consultant_placement  # books back then, so it has lasted

    number = personal_number(DISTINCT_BIRTH, "123")
    child = await client.post("/api/children", json=child_payload(
        first_name=DISTINCT_FIRST, last_name=DISTINCT_LAST, personal_number=number, allergies=[],
        responsible_worker_id=str(client.user.id),
        address={**child_payload()["address"], "street": DISTINCT_STREET}))
    assert child.status_code == 201, child.text
    own = await book(client, child.json(), await make_home(client, name="Familjen Rönnbärsgård"), "2026-10-01",
                     planned_end="2026-11-13", extra_costs=[{"description": DISTINCT_NOTE, "amount": "2500",
                                                             "starts_on": "2026-10-15"}])
    agency = (await client.post("/api/agencies", json={"name": "Familjevård AB",
                                                       "organisation_number": organisation_number()})).json()
    await client.post(f"/api/agencies/{agency['id']}/contracts", json={
        "reference": "RA-1", "valid_from": "2025-01-01", "prices": [{"level": "standard", "daily_price": "1650"}]})
    consultant_home = await make_home(client, kind="consultant", name="Familjen Konsult", agency_id=agency["id"],
                                      contract_level="standard")
    long_stay = await _consultant_placement(client, consultant_home, "20150602", "2025-10-01", "2025-09-20")
    coming = await book(client, await child_born(client, "20150603"), await make_home(client, name="Familjen Tre"),
                        "2026-12-10")
    saved = await client.put("/api/budget/2026", json={"lines": [
        {"category": "own_homes", "annual": "365000"}, {"category": "consultant_homes", "annual": "500000"}]})
    assert saved.status_code == 200, saved.text
    return {"own": own, "long_stay": long_stay, "coming": coming, "number": number}


def never_shown(case: dict) -> list[str]:
    number = case["number"]
    return [DISTINCT_FIRST, DISTINCT_LAST, DISTINCT_STREET, number, number.replace("-", ""), number[2:],
            "Rönnbärsgård", "Konsult", "Elsa", "Nyström", "Hagalundsvägen", DISTINCT_NOTE, "Wahlgren",
            "Socialnämndens individutskott", "Ingen i nätverket"]  # names, numbers, addresses and free text


async def test_the_economy_page_shows_the_tables_the_chart_and_its_table_without_a_name(app, client, make_user):
    case = await steering_case(client)
    member = await make_user("budget_group")

    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as browser:
        assert (await sign_in(browser, member.email)).status_code == 303
        page = await browser.get("/ekonomi", headers=HTML)
        lists = await browser.get("/ekonomi/placeringar", headers=HTML)
        details = [await browser.get(f"/ekonomi/placeringar/{case[key]['reference']}", headers=HTML)
                   for key in ("own", "long_stay", "coming")]
        exports = [await browser.get(path) for path in (
            "/api/budget/2026/export.csv", "/api/budget/2026/export.xlsx", "/api/budget/2026/care-days.csv",
            "/api/steering/2026/forecast.csv", "/api/steering/2026/forecast.csv?table=months",
            "/api/steering/2026/forecast.xlsx",
            *(f"/api/steering/{name}.{extension}" for name in ("2026/most-expensive", "past-planned-end", "2026/coming",
                                                                "conversion-candidates") for extension in ("csv", "xlsx")))]
        api = [await browser.get(path) for path in (
            "/api/budget/2026", "/api/budget/2026/forecast", "/api/steering/2026/most-expensive",
            "/api/steering/past-planned-end", "/api/steering/2026/coming", "/api/steering/conversion-candidates")]

    assert page.status_code == 200, page.text
    text = page.text
    for heading in ("Budget, utfall och prognos", "Vårddygn och kostnad per vårddygn", "Helårsprognos"):
        assert heading in text
    for column in ("Beslutat framåt", "Förväntat inflöde", "Prognos", "Avvikelse", "Kostnad per vårddygn"):
        assert f'<th scope="col" class="num">{column}</th>' in text
    assert "N33100" in text and "N33101" in text
    # One child a category: the children and the cost per care day are small cells, a dash with the rule beneath.
    assert '<td class="num">–<span class="visually-hidden"> (färre än 3 barn, visas inte)</span></td>' in text
    assert "färre än 3 barn" in text
    # The chart: server-drawn SVG with its band and lines, and the same figures as a table.
    assert '<svg viewBox="0 0 640 300" role="img" aria-labelledby="forecast-title forecast-desc"' in text
    assert 'class="forecast-band"' in text and "forecast-series--budget" in text and "forecast-series--expected" in text
    assert "Ackumulerat per månad 2026: budget, utfall och prognosens intervall" in text
    assert "Chans till ny placering före årets slut" in text and "Så görs prognosen" in text
    assert '<a href="/api/budget/2026/export.xlsx" download>' in text

    assert lists.status_code == 200, lists.text
    for key in ("own", "long_stay", "coming"):
        reference = case[key]["reference"]
        assert f'<a href="/ekonomi/placeringar/{reference}?ar=2026">{reference}</a>' in lists.text
    assert "Kandidater för egen regi" in lists.text and "De tio dyraste står för" in lists.text
    assert "/api/steering/conversion-candidates.xlsx" in lists.text

    for detail in details:
        assert detail.status_code == 200, detail.text
        assert "Varför detta belopp?" in detail.text
    assert "Oktober 2026: 22\u00a0930,89\u00a0kr" in details[0].text  # with the extra cost of 2 500 kr
    assert "Tilläggskostnader i månaden: 2\u00a0500,00\u00a0kr." in details[0].text
    assert "31 av 31" in details[0].text  # October's days at the same rates
    assert "1\u00a0650,00\u00a0kr" in details[1].text  # the consultant home's day price

    for response in exports + api:
        assert response.status_code == 200, (response.url, response.text)
    for response in [page, lists, *details, *exports, *api]:
        body = xlsx_text(response.content) if response.content.startswith(b"PK") else response.text
        for hidden in never_shown(case):
            assert hidden not in body, (str(response.url), hidden)


def xlsx_text(content: bytes) -> str:
    """Every cell of a workbook as text, to look for what must not be in it."""
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    return "\n".join(str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row)


async def test_a_protected_childs_placement_is_refused_by_reference_and_unknown_ones_are_404(app, client, make_user):
    from tests.factories import child_payload as payload

    home = await make_home(client)
    child = (await client.post("/api/children", json=payload(
        personal_number=personal_number("20150601", "123"), allergies=[], protected_identity=True,
        responsible_worker_id=str(client.user.id)))).json()
    placement = await book(client, child, home, "2026-10-01")
    member = await make_user("budget_group")

    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as browser:
        await sign_in(browser, member.email)
        refused = await browser.get(f"/ekonomi/placeringar/{placement['reference']}", headers=HTML)
        unknown = await browser.get("/ekonomi/placeringar/P-ZZZZZZ", headers=HTML)
        lists = await browser.get("/ekonomi/placeringar", headers=HTML)

    assert refused.status_code == 403 and "20\u00a0430,89" not in refused.text
    assert unknown.status_code == 404
    assert placement["reference"] not in lists.text


async def test_other_roles_are_refused_the_steering_pages(app, make_user):
    for role in ("social_worker", "family_care"):
        user = await make_user(role)
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as browser:
            await sign_in(browser, user.email)
            for path in ("/ekonomi/placeringar", "/ekonomi/placeringar/P-ZZZZZZ"):
                assert (await browser.get(path, headers=HTML)).status_code == 403, (role, path)


# ---------------------------------------------------------------- the chart, from a constructed forecast

def constructed_forecast():
    """Three months: January and February have passed, March is ahead (figures in whole kronor)."""
    import datetime as dt
    from decimal import Decimal

    from costs.schemas import ForecastMonth, YearForecast

    def money(value: int) -> Decimal:
        return Decimal(value).quantize(Decimal("0.01"))

    months = [
        ForecastMonth(month=dt.date(2026, 1, 1), budget=money(1_000_000), actual=money(900_000),
                      expected=money(900_000), p10=money(900_000), p50=money(900_000), p90=money(900_000)),
        ForecastMonth(month=dt.date(2026, 2, 1), budget=money(2_000_000), actual=money(2_100_000),
                      expected=money(2_100_000), p10=money(2_100_000), p50=money(2_100_000), p90=money(2_100_000)),
        ForecastMonth(month=dt.date(2026, 3, 1), budget=money(3_000_000), actual=None,
                      expected=money(3_300_000), p10=money(3_000_000), p50=money(3_250_000), p90=money(3_800_000)),
    ]
    return YearForecast(year=2026, unit=None, as_of=dt.date(2026, 3, 1), history_from=dt.date(2023, 3, 1),
                        simulations=2000, budget=money(3_000_000), actual=money(2_100_000), committed=money(900_000),
                        inflow_expected=money(300_000), expected=money(3_300_000), p10=money(3_000_000),
                        p50=money(3_250_000), p90=money(3_800_000), categories=[], months=months, method="")


def test_the_forecast_chart_is_drawn_from_a_year_forecast_with_a_table_of_the_same_figures():
    from web.pages.economy_chart import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, forecast_chart

    chart = forecast_chart(constructed_forecast())

    # The y axis runs to a round 5 million above the largest figure (P90 in March, 3.8 million).
    assert [label for _, label in chart.y_ticks] == ["0\u00a0mnkr", "1,25\u00a0mnkr", "2,5\u00a0mnkr",
                                                     "3,75\u00a0mnkr", "5\u00a0mnkr"]
    assert chart.y_ticks[0][0] == HEIGHT - BOTTOM and chart.y_ticks[-1][0] == TOP
    assert chart.x == [LEFT, LEFT + (WIDTH - RIGHT - LEFT) / 2, WIDTH - RIGHT]
    series = {s.key: s for s in chart.series}
    assert list(series) == ["budget", "actual", "expected", "p50"]
    # The actual stops where the months ahead begin; the others run the whole year.
    plot = (HEIGHT - BOTTOM) - TOP

    def y(amount: int) -> float:
        return round((HEIGHT - BOTTOM) - amount / 5_000_000 * plot, 1)

    assert series["actual"].points == f"{chart.x[0]},{y(900_000)} {chart.x[1]},{y(2_100_000)}"
    assert len(series["actual"].dots) == 2 and series["budget"].dash and series["actual"].dash is None
    assert series["expected"].points.split()[-1] == f"{chart.x[2]},{y(3_300_000)}"
    # The band: P90 left to right, then P10 back.
    band = chart.band.split()
    assert band[2] == f"{chart.x[2]},{y(3_800_000)}" and band[3] == f"{chart.x[2]},{y(3_000_000)}"
    assert band[-1] == f"{chart.x[0]},{y(900_000)}" and len(band) == 6
    # The table alternative: the same figures, a dash where there is no actual yet.
    assert chart.rows[2] == {"month": "Mars", "budget": "3\u00a0000\u00a0000,00\u00a0kr", "actual": "–",
                             "expected": "3\u00a0300\u00a0000,00\u00a0kr", "p10": "3\u00a0000\u00a0000,00\u00a0kr",
                             "p50": "3\u00a0250\u00a0000,00\u00a0kr", "p90": "3\u00a0800\u00a0000,00\u00a0kr"}
    assert chart.months == ["jan", "feb", "mar"]
    assert "8 av 10 utfall mellan 3\u00a0000\u00a0000,00\u00a0kr och 3\u00a0800\u00a0000,00\u00a0kr" in chart.description


def test_a_small_year_is_drawn_in_thousands_and_a_forecast_without_figures_draws_nothing():
    from decimal import Decimal

    from web.pages.economy_chart import forecast_chart

    small = constructed_forecast()
    for month in small.months:
        for part in ("budget", "expected", "p10", "p50", "p90"):
            setattr(month, part, getattr(month, part) / 100)
        month.actual = month.actual / 100 if month.actual is not None else None
    assert forecast_chart(small).y_ticks[-1][1] == "50\u00a0tkr"
    assert forecast_chart(small.model_copy(update={"months": []})) is None
    nothing = [month.model_copy(update={part: Decimal("0.00") for part in ("budget", "actual", "expected", "p10", "p50",
                                                                           "p90")}) for month in small.months]
    assert forecast_chart(small.model_copy(update={"months": nothing})) is None


async def test_the_forecast_page_shows_the_bridge_kept_forecasts_and_the_backtest(client, client_as):
    from tests.conftest import csrf_of
    from tests.costs.test_month_costs import book, child_born
    from tests.placements.test_placements_api import make_home

    await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01")
    page = await client.get("/ekonomi/prognos", headers={"Accept": "text/html"})
    assert page.status_code == 200, page.text
    assert "Från förra månadens prognos till dagens" in page.text and "Nya placeringar" in page.text
    assert "Hur väl metoden hade träffat 2025" in page.text and "agerat" in page.text
    assert "Ingen prognos är sparad för 2026" in page.text

    kept = await client.post("/ekonomi/prognos", data={"year": "2026", "csrf_token": csrf_of(page.text)},
                             headers={"Accept": "text/html"})
    assert kept.status_code == 303 and kept.headers["location"].endswith("?ar=2026&sparat=1")
    again = await client.get("/ekonomi/prognos?ar=2026&sparat=1", headers={"Accept": "text/html"})
    assert "Dagens prognos är sparad." in again.text and "2026-11-23" in again.text and "året pågår" in again.text

    budget_group = await client_as("budget_group")
    shown = await budget_group.get("/ekonomi/prognos", headers={"Accept": "text/html"})
    assert shown.status_code == 200 and "Spara dagens prognos" not in shown.text
    refused = await budget_group.post("/ekonomi/prognos", data={"year": "2026"}, headers={"Accept": "text/html"})
    assert refused.status_code == 403
    bad = await client.get("/ekonomi/prognos?ar=tjugo", headers={"Accept": "text/html"})
    assert bad.status_code == 422
