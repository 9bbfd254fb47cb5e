"""The budget against the actual costs: phasing by days adds up to the year, actuals are the care days that
have passed (the tests' today is 23 November 2026), deviation is budget minus actual, and every total is the
sum of its months."""

from __future__ import annotations

import calendar
from decimal import Decimal

from costs.budget import phase_by_days
from tests.costs.test_month_costs import FEE, SOCIAL, YOUNGER, book, cents, child_born
from tests.placements.test_placements_api import make_home


def test_phasing_by_days_gives_each_month_its_days_and_adds_up_to_the_year():
    for year, annual in ((2026, Decimal("78100000.00")), (2024, Decimal("1000000.00")), (2025, Decimal("0.07"))):
        months = phase_by_days(annual, year)
        days = 366 if calendar.isleap(year) else 365
        assert sum(months) == annual and len(months) == 12
        for month, amount in enumerate(months[:11], start=1):
            assert amount == (annual * calendar.monthrange(year, month)[1] / days).quantize(Decimal("0.01"))


async def test_budget_against_the_days_that_have_passed(client):
    await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01")
    months = [str(100000 + month) for month in range(1, 13)]
    saved = await client.put("/api/budget/2026", json={"lines": [
        {"category": "own_homes", "phasing": "per_month", "months": months},
        {"category": "sis", "annual": "3650000"},
    ]})
    assert saved.status_code == 200, saved.text

    body = (await client.get("/api/budget/2026")).json()

    assert body["actual_until"] == "2026-11-23"
    own = next(c for c in body["categories"] if c["category"] == "own_homes")
    october, november, december = own["months"][9], own["months"][10], own["months"][11]
    assert (october["budget"], october["actual"]) == ("100010.00", "20430.89")  # the whole of October
    # 1-22 November have passed: 22 of 30 days.
    assert Decimal(november["actual"]) == Decimal("14982.65") == cents((FEE + YOUNGER) * 22 / 30 + FEE * 22 / 30 * SOCIAL)
    # Committed: the booked days ahead (23-30 November, all of December: no planned end).
    ahead = cents((FEE + YOUNGER) * 8 / 30 + FEE * 8 / 30 * SOCIAL)
    assert Decimal(november["committed"]) == ahead
    assert (december["actual"], december["committed"]) == ("0.00", "20430.89")
    # The forecast adds the inflow expected from history (the one placement begun since 1 October 2023).
    for month in own["months"]:
        assert Decimal(month["forecast"]) == sum(Decimal(month[part]) for part in ("actual", "committed", "inflow"))
        assert Decimal(month["deviation"]) == Decimal(month["budget"]) - Decimal(month["forecast"])
    assert Decimal(november["inflow"]) > 0 and Decimal(december["inflow"]) > Decimal(november["inflow"])
    assert october["committed"] == october["inflow"] == "0.00" and october["forecast"] == october["actual"]
    assert Decimal(own["actual"]) == Decimal("20430.89") + Decimal("14982.65")
    sis = next(c for c in body["categories"] if c["category"] == "sis")
    assert sis["budget"] == "3650000.00" and sis["months"][1]["budget"] == "280000.00"  # February: 28 of 365 days
    assert Decimal(body["budget"]) == sum(Decimal(c["budget"]) for c in body["categories"])
    assert Decimal(body["deviation"]) == Decimal(body["budget"]) - Decimal(body["forecast"])


async def test_the_forecast_counts_a_booked_placement_to_its_planned_end(client):
    await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01",
               planned_end="2026-12-16")
    await book(client, await child_born(client, "20150602"), await make_home(client, name="Familjen Två"), "2026-10-01",
               planned_end="2026-11-10")  # past its planned end, not ended: still in care, so it runs on

    months = (await client.get("/api/budget/2026")).json()["months"]

    first_december = cents((FEE + YOUNGER) * 15 / 31 + FEE * 15 / 31 * SOCIAL)  # 1-15 December
    assert Decimal(months[11]["committed"]) == first_december + Decimal("20430.89")


async def test_a_units_figures_are_its_budget_and_its_social_workers_placements(client):
    await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01")
    await client.put("/api/budget/2026", json={"lines": [
        {"category": "own_homes", "unit": "Enhet placering", "annual": "500000"},
        {"category": "own_homes", "unit": "Enhet Väst", "annual": "700000"}]})

    ours = (await client.get("/api/budget/2026", params={"unit": "Enhet placering"})).json()
    theirs = (await client.get("/api/budget/2026", params={"unit": "Enhet Väst"})).json()
    everyone = (await client.get("/api/budget/2026")).json()

    assert (ours["budget"], theirs["budget"], everyone["budget"]) == ("500000.00", "700000.00", "1200000.00")
    assert ours["actual"] == everyone["actual"] != "0.00" and theirs["actual"] == "0.00"


async def test_bad_budgets_are_refused_and_write_nothing(client, client_as):
    for body in ({"lines": [{"category": "own_homes", "phasing": "per_month", "months": ["1"] * 11}]},
                 {"lines": [{"category": "own_homes", "annual": "1"}, {"category": "own_homes", "annual": "2"}]},
                 {"lines": [{"category": "own_homes"}]},
                 {"lines": [{"category": "yacht", "annual": "1"}]},
                 {"lines": [{"category": "own_homes", "annual": "-5"}]},
                 {"lines": []}):
        response = await client.put("/api/budget/2026", json=body)
        assert response.status_code == 422, (body, response.text)
    assert (await client.put("/api/budget/1999", json={"lines": [{"category": "sis", "annual": "1"}]})).status_code == 422
    assert (await client.get("/api/budget/2026")).json()["budget"] == "0.00"
    budget_group = await client_as("budget_group")
    assert (await budget_group.put("/api/budget/2026", json={"lines": [{"category": "sis", "annual": "1"}]})).status_code == 403
    assert (await budget_group.get("/api/budget/2026")).status_code == 200


async def test_a_new_budget_replaces_the_year_and_is_logged(client, client_as):
    await client.put("/api/budget/2026", json={"lines": [{"category": "sis", "annual": "1000"}]})
    await client.put("/api/budget/2026", json={"lines": [{"category": "hvb", "annual": "2000"}]})

    body = (await client.get("/api/budget/2026")).json()

    assert [(c["category"], c["budget"]) for c in body["categories"]] == [("hvb", "2000.00")]
    admin = await client_as("admin")
    log = (await admin.get("/api/audit", params={"object_type": "budget", "action": "update"})).json()["items"]
    assert [entry["changes"]["total"] for entry in log] == [["1000.00", "2000.00"], ["0.00", "1000.00"]]


async def test_the_follow_up_exports_as_swedish_csv_that_adds_up(client, client_as):
    await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01")
    await client.put("/api/budget/2026", json={"lines": [{"category": "own_homes", "annual": "365000"}]})
    budget_group = await client_as("budget_group")

    response = await budget_group.get("/api/budget/2026/export.csv")

    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'filename="budget-2026.csv"' in response.headers["content-disposition"]
    assert response.content.startswith("\ufeff".encode())  # Excel reads the Swedish letters right
    lines = response.text.lstrip("\ufeff").splitlines()
    assert lines[0] == "kategori;månad;budget;utfall;beslutat framåt;förväntat inflöde;prognos;avvikelse"
    assert "Familjehem i egen regi;2026-10;31000,00;20430,89;0,00;0,00;20430,89;10569,11" in lines
    assert lines[-2].startswith("Familjehem i egen regi;2026;365000,00;") and lines[-1].startswith("Summa;2026;365000,00;")
    assert len(lines) == 1 + 12 + 1 + 1
    admin = await client_as("admin")
    log = (await admin.get("/api/audit", params={"object_type": "budget", "action": "export"})).json()["items"]
    assert len(log) == 1
