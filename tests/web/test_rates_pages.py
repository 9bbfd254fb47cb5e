"""The rate pages (Ekonomi, Arvoden): the dated rate card versions for every cost reader, a new version typed
in the Swedish way by those who keep the rates (refused at its field in a closed month or with a bad amount,
and nothing saved), an emergency home's retainer agreements on its page, and an institution's daily prices."""

from __future__ import annotations

from decimal import Decimal

from tests.conftest import csrf_of

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
