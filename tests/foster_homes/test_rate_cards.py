"""The dated rate cards: the defaults a municipality starts from, a new version from a date (never in a month
that has begun), who may keep them, and what a card pays, in Python and in SQL alike."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from sqlalchemy import text

from foster_homes import prices
from foster_homes.rate_cards import DEFAULT_RATE_CARDS
from foster_homes.schemas import FeeLevel, RateCardIn

NEW_CARD = {"valid_from": "2027-01-01", "price_base_amount": "60000", "fee_basic": "11700", "fee_raised_1": "13700",
            "fee_raised_2": "15700", "fee_raised_3": "17900"}


async def test_the_defaults_are_dated_versions_each_ending_where_the_next_begins(client):
    cards = (await client.get("/api/rate-cards")).json()

    assert [(c["valid_from"], c["valid_to"]) for c in cards] == [
        ("2023-01-01", "2023-12-31"), ("2024-01-01", "2024-12-31"), ("2025-01-01", "2025-12-31"), ("2026-01-01", None)]
    assert (cards[0]["fee_basic"], cards[1]["fee_basic"]) == ("11237.00", "11417.00")  # SKR 2023, then +1.6 %
    # 110 % and 125 % of the prisbasbelopp a year, a twelfth a month: 57 300 → 5 252.50 and 5 968.75.
    assert (cards[1]["allowance_younger"], cards[1]["allowance_older"]) == ("5252.50", "5968.75")
    assert (cards[2]["allowance_younger"], cards[2]["allowance_older"]) == ("5390.00", "6125.00")
    assert (cards[3]["senior_from_age"], cards[3]["social_fee_percent"]) == (67, "31.42")


async def test_a_new_version_from_a_coming_month_is_logged(client_as, client):
    admin = await client_as("admin")

    created = await admin.post("/api/rate-cards", json={**NEW_CARD, "allowance_younger_monthly": "5500"})

    assert created.status_code == 201, created.text
    assert created.json()["allowance_younger"] == "5500.00" and created.json()["allowance_older"] == "6250.00"
    cards = (await client.get("/api/rate-cards")).json()
    assert (cards[-2]["valid_to"], cards[-1]["valid_from"]) == ("2026-12-31", "2027-01-01")
    log = (await admin.get("/api/audit", params={"object_type": "rate_card"})).json()["items"]
    assert [entry["action"] for entry in log] == ["create"]


async def test_a_begun_month_is_never_repriced_and_bad_cards_are_refused(client_as):
    admin = await client_as("admin")

    begun = await admin.post("/api/rate-cards", json={**NEW_CARD, "valid_from": "2026-10-01"})
    assert begun.status_code == 422 and begun.json()["errors"][0]["field"] == "valid_from"
    falling = await admin.post("/api/rate-cards", json={**NEW_CARD, "fee_raised_2": "12000"})
    assert falling.status_code == 422 and falling.json()["errors"][0]["field"] == "fee_raised_2"
    assert (await admin.post("/api/rate-cards", json=NEW_CARD)).status_code == 201
    twice = await admin.post("/api/rate-cards", json=NEW_CARD)
    assert twice.status_code == 409 and "2027-01-01" in twice.json()["detail"]
    negative = await admin.post("/api/rate-cards", json={**NEW_CARD, "valid_from": "2027-02-01", "fee_basic": "-1"})
    assert negative.status_code == 422


async def test_who_may_read_and_keep_the_rates(client_as):
    budget, social_worker, secretary = (await client_as("budget_group"), await client_as("social_worker"),
                                        await client_as("placement_secretary"))
    assert (await budget.get("/api/rate-cards")).status_code == 200
    assert (await budget.post("/api/rate-cards", json=NEW_CARD)).status_code == 403
    assert (await social_worker.get("/api/rate-cards")).status_code == 403
    assert (await secretary.post("/api/rate-cards", json=NEW_CARD)).status_code == 201


async def test_what_a_card_pays_is_the_same_in_python_and_in_sql(engine):
    cards = [*DEFAULT_RATE_CARDS, RateCardIn(**NEW_CARD, allowance_older_monthly=Decimal("6543.21"))]
    cases = list(itertools.product(range(len(cards)), list(FeeLevel), (0, 12, 13, 20), (None, 1940, 1957, 1958, 1959)))
    columns = ", ".join(f"{name}" for name in RateCardIn.model_fields if name != "note")
    rows = ", ".join(
        "(" + ", ".join([str(n), f"'{level}'", str(age), "CAST(NULL AS int)" if born is None else str(born),
                         f"DATE '{2024 + i % 3}-06-01'"]
                        + [f"CAST({_sql(getattr(cards[i], name))} AS {_type(name)})" for name in RateCardIn.model_fields
                           if name != "note"])
        + ")"
        for n, (i, level, age, born) in enumerate(cases))
    statement = (
        f"SELECT {prices.card_fee_sql('rc', 'level')}, {prices.card_allowance_sql('rc', 'age')}, "
        f"{prices.social_fee_percent_sql('rc', 'born', 'day')} "
        f"FROM (VALUES {rows}) AS rc(n, level, age, born, day, {columns}) ORDER BY n"
    )
    async with engine.connect() as connection:
        answers = (await connection.execute(text(statement))).all()

    expected = [(prices.card_fee(cards[i], level), prices.card_allowance(cards[i], age),
                 prices.social_fee_percent(cards[i], born, dt.date(2024 + i % 3, 6, 1))) for i, level, age, born in cases]
    assert [tuple(Decimal(value) for value in row) for row in answers] == expected


def _sql(value) -> str:
    if value is None:
        return "NULL"
    return f"'{value.isoformat()}'" if isinstance(value, dt.date) else str(value)


def _type(name: str) -> str:
    if name == "valid_from":
        return "date"
    return "int" if name in ("allowance_older_from_age", "senior_from_age") else "numeric"
