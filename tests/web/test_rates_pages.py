"""The rate pages (Ekonomi, Arvoden): the dated rate card versions for every cost reader, a new version typed
in the Swedish way by those who keep the rates (refused at its field in a closed month or with a bad amount,
and nothing saved), an emergency home's retainer agreements on its page, and an institution's daily prices."""

from __future__ import annotations

from decimal import Decimal

from tests.conftest import csrf_of
from tests.costs.test_retainers import emergency_home
from tests.foster_homes.test_agencies_institutions_api import institution_payload
from tests.placements.test_placements_api import make_home

HTML = {"Accept": "text/html"}


def new_card(page: str, **fields) -> dict:
    return {"csrf_token": csrf_of(page), "valid_from": "2027-01-01", "price_base_amount": "60 500",
            "fee_basic": "11 900,50", "fee_raised_1": "13 800", "fee_raised_2": "15 900", "fee_raised_3": "18 100",
            "allowance_older_from_age": "13", "allowance_younger_percent": "110", "allowance_older_percent": "125",
            "allowance_younger_monthly": "", "allowance_older_monthly": "5 900,25", "social_fee_percent": "31,42",
            "senior_social_fee_percent": "10,21", "senior_from_age": "67", "note": "Nämndens beslut", **fields}


async def test_the_versions_are_listed_newest_first(client):
    page = await client.get("/ekonomi/arvoden", headers=HTML)

    assert page.status_code == 200, page.text
    text = page.text
    assert text.index("2026-01-01") < text.index("2025-01-01") < text.index("2023-01-01")
    assert "11\u00a0417,00\u00a0kr" in text and "59\u00a0200,00\u00a0kr" in text  # fee and prisbasbelopp
    assert "5\u00a0426,67\u00a0kr" in text  # 110 % of 59 200 / 12, as prices.card_allowance computes it
    assert "31,42\u00a0%" in text and "10,21\u00a0% från 67 år" in text
    assert "Ny version från och med" in text and 'value="11417,00"' in text  # prefilled from the latest
    assert '<a href="/ekonomi/arvoden"' in text  # the menu


async def test_a_new_version_typed_the_swedish_way_is_saved_and_shown(client, client_as):
    page = await client.get("/ekonomi/arvoden", headers=HTML)

    saved = await client.post("/ekonomi/arvoden", data=new_card(page.text), headers=HTML)

    assert saved.status_code == 303, saved.text
    card = (await client.get("/api/rate-cards")).json()[-1]
    assert card["valid_from"] == "2027-01-01" and Decimal(card["fee_basic"]) == Decimal("11900.50")
    assert Decimal(card["allowance_older"]) == Decimal("5900.25") and card["note"] == "Nämndens beslut"
    shown = await client.get(saved.headers["location"], headers=HTML)
    assert "Den nya versionen av arvodestabellen är sparad." in shown.text
    assert "11\u00a0900,50\u00a0kr" in shown.text and "(fast belopp)" in shown.text
    assert shown.text.index("2027-01-01") < shown.text.index("2026-01-01")
    admin = await client_as("admin")
    log = (await admin.get("/api/audit", params={"object_type": "rate_card", "action": "create"})).json()["items"]
    assert [entry["object_id"] for entry in log] == [card["id"]]


async def test_a_closed_month_or_a_bad_amount_is_shown_at_its_field_and_nothing_is_saved(client):
    page = await client.get("/ekonomi/arvoden", headers=HTML)
    before = len((await client.get("/api/rate-cards")).json())

    closed = await client.post("/ekonomi/arvoden", data=new_card(page.text, valid_from="2026-10-01"), headers=HTML)
    bad = await client.post("/ekonomi/arvoden", data=new_card(page.text, fee_raised_2="mycket"), headers=HTML)
    taken = await client.post("/ekonomi/arvoden", data=new_card(page.text, valid_from="2026-12-01"), headers=HTML)
    twice = await client.post("/ekonomi/arvoden", data=new_card(page.text, valid_from="2026-12-01"), headers=HTML)

    assert closed.status_code == 422 and 'id="f-valid_from-error"' in closed.text
    assert "passerade månader ändras inte" in closed.text
    assert bad.status_code == 422 and 'id="f-fee_raised_2-error"' in bad.text and 'value="mycket"' in bad.text
    assert taken.status_code == 303
    assert twice.status_code == 409 and 'id="f-valid_from-error"' in twice.text
    assert len((await client.get("/api/rate-cards")).json()) == before + 1


async def test_the_budget_group_reads_the_versions_but_cannot_add_one(client, client_as):
    page = await client.get("/ekonomi/arvoden", headers=HTML)
    budget_group = await client_as("budget_group")

    read = await budget_group.get("/ekonomi/arvoden", headers=HTML)
    refused = await budget_group.post("/ekonomi/arvoden", data=new_card(page.text), headers=HTML)

    assert read.status_code == 200 and "2026-01-01" in read.text and "Ny version från och med" not in read.text
    assert '<a href="/ekonomi/arvoden"' in read.text
    assert refused.status_code == 403
    assert len((await client.get("/api/rate-cards")).json()) == 4
    social_worker = await client_as("social_worker")
    assert (await social_worker.get("/ekonomi/arvoden", headers=HTML)).status_code == 403


# ---------------------------------------------------------------- an emergency home's retainer agreements

async def test_the_retainer_section_is_on_emergency_homes_only_and_agreements_are_added_and_ended(client, client_as):
    emergency, ordinary = await emergency_home(client), await make_home(client)
    path = f"/familjehem/{emergency['id']}"

    assert "Uppdragsavtal" not in (await client.get(f"/familjehem/{ordinary['id']}", headers=HTML)).text
    page = await client.get(path, headers=HTML)
    assert page.status_code == 200 and "Uppdragsavtal" in page.text and "Hemmet har inget uppdragsavtal." in page.text
    form = {"csrf_token": csrf_of(page.text), "valid_from": "2026-12-01", "places": "2",
            "fee_per_place_monthly": "8 000,50", "standby_allowance_monthly": "3 000", "note": ""}
    closed = await client.post(f"{path}/uppdragsavtal", data={**form, "valid_from": "2026-09-01"}, headers=HTML)
    bad = await client.post(f"{path}/uppdragsavtal", data={**form, "fee_per_place_monthly": "åtta"}, headers=HTML)
    not_emergency = await client.post(f"/familjehem/{ordinary['id']}/uppdragsavtal", data=form, headers=HTML)
    assert closed.status_code == 422 and 'id="f-valid_from-error"' in closed.text
    assert bad.status_code == 422 and 'id="f-fee_per_place_monthly-error"' in bad.text
    assert not_emergency.status_code == 422 and "Uppdragsavtal gäller jourhem." in not_emergency.text
    assert (await client.get(f"/api/foster-homes/{emergency['id']}/retainers")).json() == []

    saved = await client.post(f"{path}/uppdragsavtal", data=form, headers=HTML)

    assert saved.status_code == 303, saved.text
    [agreement] = (await client.get(f"/api/foster-homes/{emergency['id']}/retainers")).json()
    assert Decimal(agreement["fee_per_place_monthly"]) == Decimal("8000.50") and agreement["valid_to"] is None
    shown = await client.get(saved.headers["location"], headers=HTML)
    assert "Uppdragsavtalet är sparat." in shown.text and "8\u00a0000,50\u00a0kr" in shown.text
    end = f"{path}/uppdragsavtal/{agreement['id']}/avsluta"
    too_early = await client.post(end, data={"csrf_token": csrf_of(shown.text), "valid_to": "2026-09-30"}, headers=HTML)
    assert too_early.status_code == 422 and f'id="ra-{agreement["id"]}-valid_to-error"' in too_early.text

    ended = await client.post(end, data={"csrf_token": csrf_of(shown.text), "valid_to": "2027-03-31"}, headers=HTML)

    assert ended.status_code == 303
    [agreement] = (await client.get(f"/api/foster-homes/{emergency['id']}/retainers")).json()
    assert agreement["valid_to"] == "2027-03-31"
    assert "Uppdragsavtalet är avslutat." in (await client.get(ended.headers["location"], headers=HTML)).text
    family_care = await client_as("family_care")
    read = await family_care.get(path, headers=HTML)
    assert "2027-03-31" in read.text and "Nytt uppdragsavtal" not in read.text
    assert (await family_care.post(f"{path}/uppdragsavtal", data=form, headers=HTML)).status_code == 403


# ---------------------------------------------------------------- an institution's daily prices

async def test_an_institution_price_is_added_from_an_open_month(client, client_as):
    created = await client.post("/api/institutions", json=institution_payload(name="HVB Tallbacken", daily_price="3200"))
    assert created.status_code == 201, created.text
    institution = created.json()
    listed = await client.get("/ekonomi/arvoden", headers=HTML)
    path = f"/ekonomi/arvoden/institutioner/{institution['id']}"
    assert f'href="{path}"' in listed.text and "3\u00a0200,00\u00a0kr" in listed.text
    page = await client.get(path, headers=HTML)
    assert page.status_code == 200 and "Nytt dygnspris" in page.text
    closed = await client.post(path, data={"csrf_token": csrf_of(page.text), "valid_from": "2026-10-01",
                                           "daily_price": "3 400"}, headers=HTML)
    assert closed.status_code == 422 and 'id="f-valid_from-error"' in closed.text

    saved = await client.post(path, data={"csrf_token": csrf_of(page.text), "valid_from": "2027-01-01",
                                          "daily_price": "3 450,50"}, headers=HTML)

    assert saved.status_code == 303, saved.text
    prices = (await client.get(f"/api/institutions/{institution['id']}/prices")).json()
    assert [(p["valid_from"], Decimal(p["daily_price"])) for p in prices] == [
        ("1900-01-01", Decimal("3200")), ("2027-01-01", Decimal("3450.50"))]
    shown = await client.get(saved.headers["location"], headers=HTML)
    assert "Dygnspriset är sparat." in shown.text and "3\u00a0450,50\u00a0kr" in shown.text
    budget_group = await client_as("budget_group")
    read = await budget_group.get(path, headers=HTML)
    assert read.status_code == 200 and "3\u00a0450,50\u00a0kr" in read.text and "Nytt dygnspris" not in read.text
    assert (await budget_group.post(path, data={"valid_from": "2027-02-01", "daily_price": "1"},
                                    headers=HTML)).status_code == 403
    # The admin keeps the rates, an institution's dated price among them, without editing the institution.
    admin = await client_as("admin")
    form = await admin.get(path, headers=HTML)
    assert "Nytt dygnspris" in form.text
    assert (await admin.post(path, data={"csrf_token": csrf_of(form.text), "valid_from": "2027-02-01",
                                         "daily_price": "3 500"}, headers=HTML)).status_code == 303


async def test_a_protected_emergency_home_keeps_its_agreements_to_the_staff_assigned(client, client_as):
    home = await emergency_home(client, protected_identity=True)
    admin = await client_as("admin")  # keeps the rates, but is not assigned to the home

    page = await admin.get(f"/familjehem/{home['id']}", headers=HTML)
    refused = await admin.post(f"/familjehem/{home['id']}/uppdragsavtal", data={
        "csrf_token": csrf_of(page.text), "valid_from": "2026-12-01", "places": "1", "fee_per_place_monthly": "8000"},
        headers=HTML)

    assert page.status_code == 200 and "Uppdragsavtal" in page.text and "Nytt uppdragsavtal" not in page.text
    assert refused.status_code == 403
    assert "Nytt uppdragsavtal" in (await client.get(f"/familjehem/{home['id']}", headers=HTML)).text
