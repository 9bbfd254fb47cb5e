"""Indicators on a small hand-built case where every figure can be worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clock
from tests.factories import member_payload, organisation_number
from tests.placements.test_placements_api import booking, items_of, make_child, make_home

PERIOD = "2026-T3"  # September–December 2026; today (23 November) is the reference day


def row(body: dict, key: str) -> dict:
    return next(r for r in body["rows"] if r["key"] == key)


@pytest.fixture
async def case(client):
    """Anna (girl) in a kinship home from 1 Sep, visited once; Bea (girl) in an own home from 15 Sep, moved
    unplanned on 1 Nov; Carl (boy) in a consultant home from 1 Oct, with a care plan."""
    kinship = await make_home(client, kind="kinship", name="Mormors hem")
    own = await make_home(client, name="Familjen Ek")
    agency = (await client.post("/api/agencies", json={"name": "Familjevård AB",
                                                       "organisation_number": organisation_number()})).json()
    contract = await client.post(f"/api/agencies/{agency['id']}/contracts", json={
        "reference": "RA-2026", "valid_from": "2026-01-01", "prices": [{"level": "standard", "daily_price": "1650"}]})
    assert contract.status_code in (200, 201), contract.text
    consultant = await make_home(client, kind="consultant", name="Familjen Konsult",
                                 agency_id=agency["id"], contract_level="standard")
    anna = await make_child(client, 0, first_name="Anna")
    # Kin to Anna: her grandmother's home is registered as her network's home (no reason needed for it).
    grandmother = await client.post(f"/api/children/{anna['id']}/network",
                                    json=member_payload(name="Mormor Ek", kinship_home_id=kinship["id"]))
    assert grandmother.status_code == 201, grandmother.text
    bea = await make_child(client, 1, first_name="Bea")
    carl = await make_child(client, 2, first_name="Carl", gender="boy")
    placements = {}
    for name, child, home, start, extra in (
        ("anna", anna, kinship, "2026-09-01", {"not_kinship_reason": None}),
        ("bea", bea, own, "2026-09-15", {}),
        ("carl", carl, consultant, "2026-10-01", {}),
    ):
        response = await client.post("/api/placements", json=booking([child["id"]], home["id"], starts_on=start, **extra))
        assert response.status_code == 201, response.text
        placements[name] = response.json()[0]
    anna_items = await items_of(client, placements["anna"]["id"])
    for key, day in (("visit_family_home", "2026-10-05"), ("care_plan", "2026-09-01")):
        done = await client.post(f"/api/followups/{anna_items[key]['id']}/complete",
                                 json={"completed_on": day, "version": anna_items[key]["version"]})
        assert done.status_code == 200, done.text
    carl_items = await items_of(client, placements["carl"]["id"])
    await client.post(f"/api/followups/{carl_items['care_plan']['id']}/complete",
                      json={"completed_on": "2026-09-28", "version": carl_items["care_plan"]["version"]})
    ended = await client.post(f"/api/placements/{placements['bea']['id']}/end",
                              json={"ended_on": "2026-11-01", "reason": "unplanned_move", "version": placements["bea"]["version"]})
    assert ended.status_code == 200, ended.text
    assert placements["carl"]["daily_price"] == "1650.00"  # the agency's contract price in force at the start
    return placements


async def test_the_indicator_table_by_hand(client, case):
    response = await client.get("/api/indicators", params={"period": PERIOD})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["period_label"] == "Tertial 3 2026 (september–december)" and body["placements_counted"] == 3

    visits = row(body, "visits_per_child_year")
    # Girls: one visit over Anna's 84 and Bea's 47 care days up to and including 23 November.
    assert visits["girls"]["numerator"] == 1 and visits["girls"]["value"] == round(1 / ((84 + 47) / 365.25), 1)
    assert visits["boys"]["value"] == 0.0 and visits["target"] == 4.0
    kinship = row(body, "kinship_share")  # among children in care on the reference day: Anna and Carl
    assert (kinship["girls"]["value"], kinship["boys"]["value"], kinship["total"]["value"]) == (100.0, 0.0, 50.0)
    care_plans = row(body, "care_plans")
    assert care_plans["total"]["value"] == 100.0 and care_plans["total"]["denominator"] == 2
    agreements = row(body, "agreements_signed")
    assert agreements["total"]["value"] == 0.0
    unplanned = row(body, "unplanned_endings")
    assert unplanned["girls"]["value"] == 50.0 and unplanned["boys"]["value"] == 0.0
    assert round(unplanned["total"]["value"], 1) == 33.3
    length = row(body, "length_median")
    assert length["girls"]["value"] == 47.0 and length["boys"]["value"] is None
    own = row(body, "own_home_share")
    assert own["total"]["value"] == 50.0 and row(body, "consultant_home_share")["total"]["value"] == 50.0
    skolfam = row(body, "skolfam_offered")  # Anna and Carl are 12: the target group, not yet offered
    assert skolfam["total"]["denominator"] == 2 and skolfam["total"]["value"] == 0.0 and skolfam["target"] == 90.0


async def test_each_figure_opens_the_placements_behind_it(client, client_as, case):
    behind = await client.get("/api/indicators/kinship_share/placements", params={"period": PERIOD, "gender": "girl"})
    assert behind.status_code == 200, behind.text
    assert [p["id"] for p in behind.json()] == [case["anna"]["id"]]
    unplanned = await client.get("/api/indicators/unplanned_endings/placements", params={"period": PERIOD})
    assert len(unplanned.json()) == 3  # the figure is per 100 placements in care: all three count
    budget = await client_as("budget_group")
    assert (await budget.get("/api/indicators", params={"period": PERIOD})).status_code == 200  # counts only
    assert (await budget.get("/api/indicators/kinship_share/placements", params={"period": PERIOD})).status_code == 403


async def test_periods_are_validated(client):
    for period in ("2026-T4", "26", "2026-13", "2031"):
        response = await client.get("/api/indicators", params={"period": period})
        assert response.status_code == 422, period
        assert response.json()["errors"][0]["field"] == "period"
    assert (await client.get("/api/indicators", params={"period": "2026-05"})).json()["period_label"] == "Maj 2026"
    assert (await client.get("/api/indicators", params={"period": "2026"})).json()["period_kind"] == "year"
    unknown = await client.get("/api/indicators/nothing/placements", params={"period": "2026"})
    assert unknown.status_code == 422


async def test_reviews_never_done_count_for_every_date_the_schedule_gave(client):
    """A SoL placement from 1 Dec 2025 is reviewed every six months from the start: 1 Jun and 1 Dec each year.
    The rule keeps one open item, so a first review never done leaves no item for the later dates; the
    indicator counts the schedule's dates, not the items."""
    home = await make_home(client)
    child = await make_child(client)
    placed = await client.post("/api/placements", json=booking([child["id"]], home["id"], legal_basis="sol",
                                                               starts_on="2025-12-01"))
    assert placed.status_code == 201, placed.text
    placement = placed.json()[0]
    clock.set_today(dt.date(2028, 1, 15))

    async def reviews(period: str) -> dict:
        response = await client.get("/api/indicators", params={"period": period})
        assert response.status_code == 200, response.text
        return row(response.json(), "reviews_on_time")["total"]

    assert (await reviews("2026"))["denominator"] == 2 and (await reviews("2026"))["numerator"] == 0
    assert (await reviews("2027"))["denominator"] == 2 and (await reviews("2027"))["value"] == 0.0
    assert (await reviews("2026-T2"))["denominator"] == 1  # 1 June 2026 only
    behind = await client.get("/api/indicators/reviews_on_time/placements", params={"period": "2027"})
    assert [p["id"] for p in behind.json()] == [placement["id"]]

    # The first review done on time counts; the next item then carries the schedule's second date.
    review = (await items_of(client, placement["id"]))["review_sol"]
    assert review["original_due_on"] == "2026-06-01"
    done = await client.post(f"/api/followups/{review['id']}/complete",
                             json={"completed_on": "2026-05-25", "version": review["version"]})
    assert done.status_code == 200, done.text
    assert (await reviews("2026")) == {**(await reviews("2026")), "numerator": 1, "denominator": 2, "value": 50.0}
    assert (await reviews("2027"))["denominator"] == 2

    # Ended on 1 Jun 2027: that day's review and later ones are no longer due.
    ended = await client.post(f"/api/placements/{placement['id']}/end",
                              json={"ended_on": "2027-06-01", "reason": "planned_return_home", "version": placement["version"]})
    assert ended.status_code == 200, ended.text
    assert (await reviews("2027"))["denominator"] == 0
    assert (await reviews("2026"))["denominator"] == 2


async def test_an_end_set_ahead_has_not_happened_yet_and_a_booking_ahead_is_not_in_care(client):
    home = await make_home(client, places=3)
    leaving, coming = await make_child(client, 0), await make_child(client, 1, first_name="Sara")
    placed = (await client.post("/api/placements", json=booking([leaving["id"]], home["id"], starts_on="2026-10-01"))).json()[0]
    ended = await client.post(f"/api/placements/{placed['id']}/end",
                              json={"ended_on": "2026-12-20", "reason": "unplanned_move", "version": placed["version"]})
    assert ended.status_code == 200, ended.text
    assert (await client.post("/api/placements", json=booking([coming["id"]], home["id"], starts_on="2026-12-10"))).status_code == 201

    body = (await client.get("/api/indicators", params={"period": PERIOD})).json()

    assert row(body, "length_median")["total"]["value"] is None  # the end on 20 December is still ahead
    unplanned = row(body, "unplanned_endings")["total"]
    assert (unplanned["numerator"], unplanned["denominator"]) == (0, 1)  # Sara's stay has not begun


async def test_the_table_exports_as_swedish_csv_and_xlsx_with_small_cells_hidden_alike(client, client_as, case):
    import io

    from openpyxl import load_workbook

    csv = await client.get("/api/indicators/export.csv", params={"period": PERIOD})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("indikator;enhet;mål;flickor värde;flickor täljare;flickor nämnare")
    own = next(line for line in lines if line.startswith("Andel i familjehem i egen regi"))
    # Semicolons and a decimal comma, as Swedish Excel reads them; counts as whole numbers.
    assert own == "Andel i familjehem i egen regi (av familjehemsplaceringar);%;;100,00;1;1;0,00;0;1;50,00;1;2"
    book = load_workbook(io.BytesIO((await client.get("/api/indicators/export.xlsx", params={"period": PERIOD})).content))
    sheet = book.active
    assert sheet.title == f"Indikatorer {PERIOD}" and sheet.max_row == len(lines)
    # The budget group gets the same table as on its page: fewer than three children show nothing.
    budget = await client_as("budget_group")
    hidden = (await budget.get("/api/indicators/export.csv", params={"period": PERIOD})).content.decode("utf-8-sig")
    shown = (await budget.get("/api/indicators", params={"period": PERIOD})).json()
    small = [row["title"] for row in shown["rows"] if row["girls"]["suppressed"]]
    assert small and all(f"{title};" in hidden for title in small)
    girls_cells = {line.split(";")[0]: line.split(";")[3] for line in hidden.splitlines()[1:]}
    assert all(girls_cells[title] == "" for title in small)
