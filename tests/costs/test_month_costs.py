"""What a placement-month costs, worked out by hand against the 2026 rate card the migration seeds
(prisbasbelopp 59 200; basic fee 11 417; expense allowance 110 % and 125 % of the prisbasbelopp a year,
5 426.67 and 6 166.67 a month from the 13th birthday; social fees 31.42 %, 10.21 % for a foster parent born
in 1958 or before). October and December 2026 have 31 days, November 30.

Each expected total is the exact sum of its segments rounded once to the öre."""

from __future__ import annotations

from decimal import Decimal

from tests.factories import child_payload, home_payload, organisation_number, personal_number
from tests.placements.test_placements_api import booking, make_home

FEE, YOUNGER, OLDER = Decimal("11417"), Decimal("5426.67"), Decimal("6166.67")
SOCIAL, SENIOR = Decimal("0.3142"), Decimal("0.1021")


async def child_born(client, birth: str, serial: str = "123") -> dict:
    response = await client.post("/api/children", json=child_payload(
        personal_number=personal_number(birth, serial), allergies=[], responsible_worker_id=str(client.user.id)))
    assert response.status_code == 201, response.text
    return response.json()


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"))


async def book(client, child: dict, home: dict, starts_on: str, **fields) -> dict:
    response = await client.post("/api/placements", json=booking(
        [child["id"]], home["id"], starts_on=starts_on, decided_on="2026-09-01", **fields))
    assert response.status_code == 201, response.text
    return response.json()[0]


async def costs(client, period: str, placement: dict | None = None) -> list[dict]:
    params = {"period": period, "page_size": 5000, **({"placement_id": placement["id"]} if placement else {})}
    response = await client.get("/api/costs", params=params)
    assert response.status_code == 200, response.text
    assert response.json()["total"] == len(response.json()["items"])
    return response.json()["items"]


async def month_total(client, placement: dict, month: str) -> Decimal:
    lines = await costs(client, month, placement)
    assert len(lines) == 1, lines
    return Decimal(lines[0]["total"])


async def test_a_full_month_in_an_own_home(client):
    placement = await book(client, await child_born(client, "20150601"),
                           await make_home(client), "2026-10-01")

    [line] = await costs(client, "2026-10", placement)

    # 11 417 + 5 426.67 + 11 417 × 31.42 % = 20 430.8914
    assert Decimal(line["total"]) == Decimal("20430.89") == cents(FEE + YOUNGER + FEE * SOCIAL)
    assert line["care_days"] == 31 and line["category"] == "own_homes" and line["reference"] == placement["reference"]
    assert (line["fee"], line["expense_allowance"], line["social_fees"]) == ("11417.00", "5426.67", "3587.22")


async def test_a_part_month_pays_the_days_in_care(client):
    placement = await book(client, await child_born(client, "20150601"),
                           await make_home(client), "2026-10-11")

    # 11 to 31 October: 21 of 31 days of each monthly amount.
    assert await month_total(client, placement, "2026-10") == Decimal("13840.28") == cents(
        (FEE + YOUNGER) * 21 / 31 + FEE * 21 / 31 * SOCIAL)


async def test_the_allowance_rises_on_the_13th_birthday_mid_month(client):
    placement = await book(client, await child_born(client, "20131016"),
                           await make_home(client), "2026-10-01")

    # 1-15 October at the younger allowance, 16-31 at the older one; the fee is the whole month's.
    assert await month_total(client, placement, "2026-10") == Decimal("20812.83") == cents(
        FEE + YOUNGER * 15 / 31 + OLDER * 16 / 31 + FEE * SOCIAL)
    explained = (await client.get(f"/api/costs/{placement['id']}/2026-10")).json()
    assert [(s["starts_on"], s["ends_on"], s["child_age"], s["expense_allowance_monthly"])
            for s in explained["segments"]] == [("2026-10-01", "2026-10-15", 12, "5426.67"),
                                                ("2026-10-16", "2026-10-31", 13, "6166.67")]
    assert all(s["rate_card_from"] == "2026-01-01" for s in explained["segments"])


async def test_the_budget_group_is_not_told_a_childs_birthday_by_the_cuts(client, client_as):
    """Segments are cut at birthdays: with their dates and the child's age, an explanation would tell the
    birth date. A reader who may not see the child gets the days at the same rates as one, undated."""
    twelfth = await book(client, await child_born(client, "20141016"), await make_home(client), "2026-10-01")
    thirteenth = await book(client, await child_born(client, "20131016", "456"),
                            await make_home(client, name="Familjen Två"), "2026-10-01")
    budget_group = await client_as("budget_group")

    plain = (await budget_group.get(f"/api/costs/{twelfth['id']}/2026-10")).json()
    rising = (await budget_group.get(f"/api/costs/{thirteenth['id']}/2026-10")).json()

    [whole] = plain["segments"]  # the 12th birthday changes no rate: one segment, not two
    assert (whole["starts_on"], whole["ends_on"], whole["child_age"], whole["days"]) == (None, None, None, 31)
    assert [(s["days"], s["starts_on"], s["child_age"]) for s in rising["segments"]] == [(15, None, None), (16, None, None)]
    assert sum(Decimal(s["amount"]) for s in plain["segments"]) == Decimal(
        (await client.get(f"/api/costs/{twelfth['id']}/2026-10")).json()["segments"][0]["amount"]) + Decimal(
        (await client.get(f"/api/costs/{twelfth['id']}/2026-10")).json()["segments"][1]["amount"])
    assert "20141016" not in str(plain) and "2026-10-16" not in str(plain) + str(rising)


async def test_a_new_rate_card_mid_month_prices_the_days_after_it(client, client_as):
    placement = await book(client, await child_born(client, "20150601"),
                           await make_home(client), "2026-10-01")
    admin = await client_as("admin")
    card = await admin.post("/api/rate-cards", json={
        "valid_from": "2026-12-15", "price_base_amount": "59200", "fee_basic": "12000", "fee_raised_1": "13342",
        "fee_raised_2": "15281", "fee_raised_3": "17531"})
    assert card.status_code == 201, card.text

    # 1-14 December at 11 417, 15-31 at 12 000; the allowance is the same on both cards.
    fee = FEE * 14 / 31 + Decimal(12000) * 17 / 31
    assert await month_total(client, placement, "2026-12") == Decimal("20851.05") == cents(fee + YOUNGER + fee * SOCIAL)
    assert await month_total(client, placement, "2026-11") == cents(FEE + YOUNGER + FEE * SOCIAL)  # unchanged


async def test_a_move_pays_the_moving_day_once_to_the_receiving_home(client):
    child = await child_born(client, "20150601")
    first = await book(client, child, await make_home(client), "2026-10-01")
    second = await book(client, child, await make_home(client, name="Familjen Ny"), "2026-10-20",
                        previous_placement_id=first["id"], previous_end_reason="planned_move", version=first["version"])

    lines = {line["reference"]: line for line in await costs(client, "2026-10")}

    assert (lines[first["reference"]]["care_days"], lines[second["reference"]]["care_days"]) == (19, 12)
    assert Decimal(lines[first["reference"]]["total"]) == cents((FEE + YOUNGER) * 19 / 31 + FEE * 19 / 31 * SOCIAL)
    assert Decimal(lines[second["reference"]]["total"]) == cents((FEE + YOUNGER) * 12 / 31 + FEE * 12 / 31 * SOCIAL)


async def test_social_fees_follow_the_foster_parents_age(client):
    senior_home = home_payload()["household_adults"]
    senior_home[0]["personal_number"] = personal_number("19581231", "456")  # had turned 67 before 2026
    older = await make_home(client, household_adults=senior_home, name="Familjen Äldre")
    younger_adults = home_payload()["household_adults"]
    younger_adults[0]["personal_number"] = personal_number("19590101", "456")  # turns 67 in 2026: not yet
    younger = await make_home(client, household_adults=younger_adults, name="Familjen Yngre")
    first = await book(client, await child_born(client, "20150601"), older, "2026-11-01")
    second = await book(client, await child_born(client, "20150602"), younger, "2026-11-01")

    assert await month_total(client, first, "2026-11") == Decimal("18009.35") == cents(FEE + YOUNGER + FEE * SENIOR)
    assert await month_total(client, second, "2026-11") == Decimal("20430.89") == cents(FEE + YOUNGER + FEE * SOCIAL)


async def test_a_consultant_home_pays_the_contract_price_in_force_each_day(client):
    agency = (await client.post("/api/agencies", json={"name": "Familjevård AB",
                                                       "organisation_number": organisation_number()})).json()
    for reference, valid_from, valid_to, price in (("RA-1", "2026-01-01", "2026-11-15", "1650"),
                                                    ("RA-2", "2026-11-16", None, "1700")):
        contract = await client.post(f"/api/agencies/{agency['id']}/contracts", json={
            "reference": reference, "valid_from": valid_from, "valid_to": valid_to,
            "prices": [{"level": "standard", "daily_price": price}]})
        assert contract.status_code in (200, 201), contract.text
    home = await make_home(client, kind="consultant", agency_id=agency["id"], contract_level="standard")
    placement = await book(client, await child_born(client, "20150601"),
                           home, "2026-10-01")

    [line] = await costs(client, "2026-11", placement)

    assert line["category"] == "consultant_homes" and line["fee"] == "0.00"
    assert Decimal(line["total"]) == Decimal(15 * 1650 + 15 * 1700)


async def test_extra_costs_once_and_monthly(client):
    placement = await book(client, await child_born(client, "20150601"),
                           await make_home(client), "2026-10-01", extra_costs=[
                               {"description": "Cykel", "amount": "2000", "recurrence": "once", "starts_on": "2026-10-05"},
                               {"description": "Fritidsaktivitet", "amount": "1000", "recurrence": "monthly",
                                "starts_on": "2026-10-16"}])

    [line] = await costs(client, "2026-10", placement)

    assert Decimal(line["extra_costs"]) == cents(Decimal(2000) + Decimal(1000) * 16 / 31) == Decimal("2516.13")
    assert Decimal(line["total"]) == cents(FEE + YOUNGER + FEE * SOCIAL + Decimal(2000) + Decimal(1000) * 16 / 31)


async def test_a_period_costs_the_sum_of_its_months(client):
    """Over a year with a birthday, a move, a part month and an extra cost, the year's lines, a tertial's and
    each month's agree: every total is the sum of its placement-months."""
    child = await child_born(client, "20130716")
    first = await book(client, child, await make_home(client), "2026-01-10")
    await book(client, child, await make_home(client, name="Familjen Ny", kind="reinforced"), "2026-08-20",
               previous_placement_id=first["id"], previous_end_reason="planned_move", version=first["version"])
    await book(client, await child_born(client, "20120229"),
               await make_home(client, name="Familjen Tre"), "2026-02-15",
               extra_costs=[{"description": "Tandvård", "amount": "1234.56", "recurrence": "monthly",
                             "starts_on": "2026-03-03", "ends_on": "2026-09-17"}])

    year = await costs(client, "2026")
    months = [line for month in range(1, 13) for line in await costs(client, f"2026-{month:02d}")]
    tertial = await costs(client, "2026-T2")

    key = lambda line: (line["placement_id"], line["month"])  # noqa: E731
    assert sorted(year, key=key) == sorted(months, key=key)
    assert sum(Decimal(line["total"]) for line in tertial) == sum(
        Decimal(line["total"]) for line in months if "2026-05" <= line["month"][:7] <= "2026-08")
    assert sum(line["care_days"] for line in year) == (365 - 9) + (365 - 45)  # from 10 Jan and from 15 Feb


async def test_the_budget_group_reads_costs_by_reference_never_a_name(client, client_as):
    placement = await book(client, await child_born(client, "20150601"),
                           await make_home(client), "2026-10-01")
    budget = await client_as("budget_group")

    response = await budget.get("/api/costs", params={"period": "2026-10"})

    assert response.status_code == 200
    assert [line["reference"] for line in response.json()["items"]] == [placement["reference"]]
    assert "Elsa" not in response.text and "Lindqvist" not in response.text and "20150601" not in response.text
    social_worker = await client_as("social_worker")
    assert (await social_worker.get("/api/costs", params={"period": "2026-10"})).status_code == 403


async def test_bad_periods_are_clear_errors(client):
    for period in ("2026-13", "tjugo", "1999", "2026-T4"):
        response = await client.get("/api/costs", params={"period": period})
        assert response.status_code == 422, (period, response.text)
    placement = await book(client, await child_born(client, "20150601"),
                           await make_home(client), "2026-10-01")
    assert (await client.get(f"/api/costs/{placement['id']}/2026")).status_code == 422


async def test_the_lines_come_a_page_at_a_time(client):
    home = await make_home(client, places=3)
    for serial in ("123", "124", "125"):
        await book(client, await child_born(client, "20150601", serial), home, "2026-10-01")

    first = (await client.get("/api/costs", params={"period": "2026-10", "page_size": 2})).json()
    second = (await client.get("/api/costs", params={"period": "2026-10", "page_size": 2, "page": 2})).json()

    assert (first["total"], len(first["items"]), second["total"], len(second["items"])) == (3, 2, 3, 1)
    assert not {line["reference"] for line in first["items"]} & {line["reference"] for line in second["items"]}
    assert (await client.get("/api/costs", params={"period": "2026-10", "page_size": 5001})).status_code == 422


async def test_a_half_ore_rounds_away_from_zero_although_the_month_is_split(client):
    """7-31 October (25 days), 13 on the 22nd: the exact total is 16 715.235 kr, so 16 715.24. Dividing each
    segment by the month's days on its own would cut the quotients off and give 16 715.23."""
    placement = await book(client, await child_born(client, "20131022"), await make_home(client), "2026-10-07")

    exact = (FEE * 25 + YOUNGER * 15 + OLDER * 10 + FEE * 25 * SOCIAL) / 31
    assert await month_total(client, placement, "2026-10") == Decimal("16715.24")
    assert str(exact)[:10] == "16715.2350"
