"""The steering group's list of the most expensive ongoing placements (today is 23 November 2026)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core import clock

from tests.costs.test_month_costs import FEE, SOCIAL, YOUNGER, book, cents, child_born
from tests.factories import organisation_number
from tests.placements.test_placements_api import booking, make_home


async def test_the_most_expensive_ongoing_placements_and_the_top_tens_share(client, client_as):
    own = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01")
    agency = (await client.post("/api/agencies", json={"name": "Familjevård AB",
                                                       "organisation_number": organisation_number()})).json()
    await client.post(f"/api/agencies/{agency['id']}/contracts", json={
        "reference": "RA-1", "valid_from": "2026-01-01", "prices": [{"level": "standard", "daily_price": "1650"}]})
    consultant_home = await make_home(client, kind="consultant", name="Familjen Konsult", agency_id=agency["id"],
                                      contract_level="standard")
    bought = await book(client, await child_born(client, "20150602"), consultant_home, "2026-11-01",
                        planned_end="2026-12-11")
    ended = await book(client, await child_born(client, "20150603"), await make_home(client, name="Familjen Tre"),
                       "2026-10-01")
    assert (await client.post(f"/api/placements/{ended['id']}/end", json={
        "ended_on": "2026-11-01", "reason": "planned_return_home", "version": ended["version"]})).status_code == 200

    body = (await (await client_as("budget_group")).get("/api/steering/2026/most-expensive")).json()

    # The bought place: 1-22 November so far (22 days), then 23 November to 10 December (18 days) ahead.
    # The own home: October and 1-22 November so far; the rest of November and all of December ahead.
    assert [p["reference"] for p in body["placements"]] == [bought["reference"], own["reference"]]
    first, second = body["placements"]
    assert (first["cost_so_far"], first["forecast_to_year_end"]) == ("36300.00", "66000.00")
    assert first["category"] == "consultant_homes" and first["planned_end"] == "2026-12-11"
    so_far = Decimal("20430.89") + Decimal("14982.65")
    ahead = cents((FEE + YOUNGER) * 8 / 30 + FEE * 8 / 30 * SOCIAL) + Decimal("20430.89")
    assert (Decimal(second["cost_so_far"]), Decimal(second["forecast_to_year_end"])) == (so_far, so_far + ahead)
    assert body["top_ten_share"] == "100.0"
    for hidden in ("Elsa", "Nyström", "Lindqvist", "Konsult"):
        assert hidden not in str(body)
    assert (await (await client_as("social_worker")).get("/api/steering/2026/most-expensive")).status_code == 403


async def test_placements_past_their_planned_end_and_those_coming(client, client_as):
    overrun = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01",
                         planned_end="2026-11-13")
    await book(client, await child_born(client, "20150602"), await make_home(client, name="Familjen Två"), "2026-10-01",
               planned_end="2027-03-01")  # not yet at its planned end
    decided = await book(client, await child_born(client, "20150603"), await make_home(client, name="Familjen Tre"),
                         "2026-12-10")
    budget_group = await client_as("budget_group")

    past = (await budget_group.get("/api/steering/past-planned-end")).json()
    ahead = (await budget_group.get("/api/steering/2026/coming")).json()

    # 13-22 November have passed since the planned end: 10 of 30 days.
    assert [(p["reference"], p["days_past_planned_end"]) for p in past] == [(overrun["reference"], 10)]
    assert Decimal(past[0]["cost"]) == cents((FEE + YOUNGER) * 10 / 30 + FEE * 10 / 30 * SOCIAL)
    # 10-31 December: 22 of 31 days.
    assert [(c["reference"], c["starts_on"]) for c in ahead] == [(decided["reference"], "2026-12-10")]
    assert Decimal(ahead[0]["cost"]) == cents((FEE + YOUNGER) * 22 / 31 + FEE * 22 / 31 * SOCIAL)


async def _consultant_placement(client, home: dict, birth: str, starts_on: str, decided_on: str, **fields) -> dict:
    """A placement booked back then (a start may lie at most a year back), so that it has lasted until today."""
    child = await child_born(client, birth)
    today = clock.today()
    clock.set_today(dt.date.fromisoformat(starts_on))
    try:
        response = await client.post("/api/placements", json=booking(
            [child["id"]], home["id"], starts_on=starts_on, decided_on=decided_on, **fields))
    finally:
        clock.set_today(today)
    assert response.status_code == 201, response.text
    return response.json()[0]


async def test_conversion_candidates_are_long_consultant_placements_with_the_yearly_saving(client, client_as):
    agency = (await client.post("/api/agencies", json={"name": "Familjevård AB",
                                                       "organisation_number": organisation_number()})).json()
    await client.post(f"/api/agencies/{agency['id']}/contracts", json={
        "reference": "RA-1", "valid_from": "2024-01-01", "prices": [{"level": "standard", "daily_price": "1650"}]})
    consultant_home = await make_home(client, kind="consultant", name="Familjen Konsult", agency_id=agency["id"],
                                      contract_level="standard", places=4)
    eleven = await _consultant_placement(client, consultant_home, "20150602", "2025-10-01", "2025-09-20")
    # A price given at booking holds instead of the contract's; a fourteen-year-old gets the older allowance.
    fourteen = await _consultant_placement(client, consultant_home, "20120301", "2024-01-15", "2024-01-10",
                                           daily_price="2000")
    await _consultant_placement(client, consultant_home, "20150603", "2026-01-02", "2025-12-20")  # under 12 months
    await book(client, await child_born(client, "20150604"), await make_home(client), "2026-10-01")  # an own home

    response = await (await client_as("budget_group")).get("/api/steering/conversion-candidates")

    assert response.status_code == 200, response.text
    body = response.json()
    # An own home at the 2026 card: 11 417 + the allowance + 11 417 × 31.42 % (3 587.22), twelve times.
    younger_year = 12 * (FEE + YOUNGER + Decimal("3587.22"))  # 245 170.68
    older_year = 12 * (FEE + Decimal("6166.67") + Decimal("3587.22"))  # 254 050.68
    assert [(p["reference"], p["months_in_care"]) for p in body["placements"]] == [
        (fourteen["reference"], 34), (eleven["reference"], 13)]
    first, second = body["placements"]
    assert (first["daily_price"], first["consultant_yearly"]) == ("2000.00", "730000.00")
    assert Decimal(first["own_home_yearly"]) == older_year == Decimal("254050.68")
    assert Decimal(first["yearly_saving"]) == Decimal("730000.00") - older_year == Decimal("475949.32")
    assert (second["daily_price"], second["consultant_yearly"]) == ("1650.00", "602250.00")
    assert Decimal(second["yearly_saving"]) == Decimal("602250.00") - younger_year == Decimal("357079.32")
    assert (second["own_fee_monthly"], second["own_allowance_monthly"], second["own_social_fees_monthly"]) == (
        "11417.00", "5426.67", "3587.22")
    assert Decimal(body["yearly_saving"]) == Decimal("475949.32") + Decimal("357079.32")
    assert body["rate_card_from"] == "2026-01-01" and "12 månader" in body["rule"]
    for hidden in ("Elsa", "Nyström", "Konsult", "Hagalundsvägen", "20150602"):
        assert hidden not in response.text
    admin = await client_as("admin")
    log = (await admin.get("/api/audit", params={"object_type": "placement_cost", "action": "read"})).json()["items"]
    assert any(entry["detail"] == "kandidater för egen regi" for entry in log)
    assert (await (await client_as("social_worker")).get("/api/steering/conversion-candidates")).status_code == 403


async def test_the_lists_export_as_swedish_csv_and_xlsx_and_each_export_is_logged(client, client_as):
    import io

    from openpyxl import load_workbook

    overrun = await book(client, await child_born(client, "20150601"), await make_home(client), "2026-10-01",
                         planned_end="2026-11-13")
    budget_group = await client_as("budget_group")

    csv = await budget_group.get("/api/steering/past-planned-end.csv")
    xlsx = await budget_group.get("/api/steering/past-planned-end.xlsx")
    expensive = await budget_group.get("/api/steering/2026/most-expensive.xlsx")

    assert csv.status_code == 200 and csv.content.startswith("\ufeff".encode())
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0] == "placering;kategori;start;planerat slut;dagar efter planerat slut;kostnad sedan planerat slut"
    cost = cents((FEE + YOUNGER) * 10 / 30 + FEE * 10 / 30 * SOCIAL)
    assert lines[1] == f"{overrun['reference']};Familjehem i egen regi;2026-10-01;2026-11-13;10;{str(cost).replace('.', ',')}"
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]][:2] == [overrun["reference"], "Familjehem i egen regi"]
    assert sheet["E2"].value == 10 and Decimal(str(sheet["F2"].value)) == cost and sheet.freeze_panes == "A2"
    assert sheet["C2"].is_date and sheet["A1"].font.bold
    top = load_workbook(io.BytesIO(expensive.content)).active
    assert top["A2"].value == overrun["reference"] and "tio dyraste" in top["A3"].value and top["F3"].value == 100
    admin = await client_as("admin")
    log = (await admin.get("/api/audit", params={"object_type": "placement_cost", "action": "export"})).json()["items"]
    assert len(log) == 3 and all(entry["object_ids"] == [overrun["id"]] for entry in log)


def test_a_spreadsheet_cell_that_looks_like_a_formula_stays_text_in_xlsx_and_csv():
    import datetime as dt
    import io

    from openpyxl import load_workbook

    from core.spreadsheet import Sheet, csv_text, xlsx_bytes

    sheet = Sheet("Prov: a/b", ["text", "belopp", "antal", "dag"], [
        ["=SUM(B2:B5)", Decimal("12345.60"), 3, dt.date(2026, 11, 23)],
        ["+46", None, 0, None], ["-1", Decimal("-5.00"), 1, None], ["@SUM(A1)", Decimal("0.10"), 2, None]])

    workbook = load_workbook(io.BytesIO(xlsx_bytes([sheet])))
    cells = workbook["Prov  a b"]
    assert [cells[f"A{row}"].value for row in range(2, 6)] == ["=SUM(B2:B5)", "+46", "-1", "@SUM(A1)"]
    assert all(cells[f"A{row}"].data_type == "s" and cells[f"A{row}"].quotePrefix for row in range(2, 6))
    assert cells["B2"].value == 12345.6 and cells["B2"].number_format == "#,##0.00" and cells["C2"].value == 3
    assert cells["D2"].is_date and cells["D2"].number_format == "yyyy-mm-dd" and cells["B3"].value is None
    assert cells["A1"].font.bold and cells.freeze_panes == "A2"
    assert csv_text(sheet).splitlines() == [
        "text;belopp;antal;dag", "'=SUM(B2:B5);12345,60;3;2026-11-23", "'+46;;0;",
        "'-1;-5,00;1;", "'@SUM(A1);0,10;2;"]
