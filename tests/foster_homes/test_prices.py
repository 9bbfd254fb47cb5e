"""The one definition of what a place costs: an own home's fee by kind (its default level on the rate card) and
allowance by the child's age, a bought place at the agency's price in force on the day."""

import datetime as dt
import uuid
from decimal import Decimal

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from foster_homes import prices
from foster_homes.rate_cards import DEFAULT_RATE_CARDS
from foster_homes.schemas import ContractLevel, HomeKind, default_fee_level
from tests.foster_homes.test_agencies_institutions_api import contract_payload, create_agency

RATES = DEFAULT_RATE_CARDS[0]  # SKR's 2023 levels: prisbasbelopp 52 500


def test_the_fee_is_the_reinforced_level_only_in_a_reinforced_home():
    assert prices.card_fee(RATES, default_fee_level(HomeKind.REINFORCED)) == RATES.fee_raised_2 == Decimal("15040")
    for kind in (HomeKind.OWN, HomeKind.KINSHIP, HomeKind.EMERGENCY):
        assert prices.card_fee(RATES, default_fee_level(kind)) == RATES.fee_basic == Decimal("11237")


def test_the_allowance_rises_on_the_thirteenth_birthday():
    # 110 % and 125 % of 52 500 a year, a twelfth a month.
    assert prices.card_allowance(RATES, 0) == prices.card_allowance(RATES, 12) == Decimal("4812.50")
    assert prices.card_allowance(RATES, 13) == prices.card_allowance(RATES, 20) == Decimal("5468.75")


def test_the_vectorised_fee_is_the_same_rule():
    kinds = np.array([kind.value for kind in HomeKind])
    expected = [float(prices.card_fee(RATES, default_fee_level(kind))) for kind in HomeKind]
    assert prices.monthly_fees(kinds, RATES).tolist() == expected


def test_a_contract_is_in_force_from_its_first_to_its_last_day_inclusive():
    first, last = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assert not prices.in_force(first, last, dt.date(2025, 12, 31))
    assert prices.in_force(first, last, first) and prices.in_force(first, last, last)
    assert not prices.in_force(first, last, dt.date(2027, 1, 1))
    assert prices.in_force(first, None, dt.date(2199, 12, 31))  # open-ended


def test_the_vectorised_price_is_the_contract_in_force_and_nan_without_one():
    rows = [(0, dt.date(2026, 1, 1), dt.date(2026, 12, 31), 1450.0), (0, dt.date(2027, 1, 1), None, 1500.0),
            (1, dt.date(2026, 6, 1), dt.date(2026, 6, 30), 1890.5)]
    on = {day: prices.prices_in_force(day, 2, rows).tolist() for day in
          (dt.date(2025, 12, 31), dt.date(2026, 6, 30), dt.date(2026, 12, 31), dt.date(2027, 1, 1))}
    assert np.isnan(on[dt.date(2025, 12, 31)]).all()
    assert on[dt.date(2026, 6, 30)][:2] == [1450.0, 1890.5]
    assert on[dt.date(2026, 12, 31)][0] == 1450.0 and np.isnan(on[dt.date(2026, 12, 31)][1])
    assert on[dt.date(2027, 1, 1)][0] == 1500.0
    assert np.isnan(on[dt.date(2027, 1, 1)][2])  # the "no agency" slot never has a price


async def test_sql_gives_the_price_the_python_rule_gives(client, engine):
    agency = await create_agency(client)
    url = f"/api/agencies/{agency['id']}/contracts"
    assert (await client.post(url, json=contract_payload())).status_code == 201
    following = contract_payload(reference="RA-2027", valid_from="2027-01-01", valid_to=None,
                                 prices=[{"level": "standard", "daily_price": "1500.00"}])
    assert (await client.post(url, json=following)).status_code == 201
    rows = [(0, dt.date(2026, 1, 1), dt.date(2026, 12, 31), 1450.0), (0, dt.date(2027, 1, 1), None, 1500.0)]
    async with AsyncSession(engine) as session:
        for day in (dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2027, 1, 1)):
            found = await prices.agency_daily_price(session, uuid.UUID(agency["id"]), ContractLevel.STANDARD, day)
            expected = prices.prices_in_force(day, 1, rows)[0]
            assert (found is None) if np.isnan(expected) else (float(found) == expected), day
        reinforced = await prices.agency_daily_price(
            session, uuid.UUID(agency["id"]), ContractLevel.REINFORCED, dt.date(2027, 6, 1))
        assert reinforced is None  # the 2027 contract has no reinforced price


async def test_a_retainer_month_is_the_same_rule_in_python_and_in_sql(engine):
    from sqlalchemy import text

    cases = [(2, Decimal("8000.00"), Decimal("3000.00"), Decimal("31.42")), (1, Decimal("7333.33"), Decimal("0"),
                                                                             Decimal("10.21"))]
    async with AsyncSession(engine) as session:
        for places, fee, standby, percent in cases:
            row = (f"(SELECT {places} AS places, CAST({fee} AS numeric) AS fee_per_place_monthly, "
                   f"CAST({standby} AS numeric) AS standby_allowance_monthly)")
            in_sql = await session.scalar(text(f"SELECT {prices.retainer_month_sql('a', str(percent))} FROM {row} a"))
            assert in_sql == prices.retainer_month(places, fee, standby, percent)
    assert prices.retainer_month(2, Decimal(8000), Decimal(3000), Decimal("31.42")) == Decimal("24027.2000")
