"""What a place costs: the one definition of an own home's monthly fee and expense allowance (the rate card,
DOMAIN.md §4) and of a bought place's daily price (the agency's contract in force on the day), in Decimal
for a booking and vectorised for the matching engine's expected cost. An institution's price is its own
(``Institution.daily_price``).

The rate card itself is the municipality's setting (``placements.schemas.PlacementRules``); this module takes
any object with its four amounts, so the register's price rule never depends on the placements above it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Protocol

import numpy as np
from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from foster_homes.models import AgencyContract, AgencyContractPrice
from foster_homes.schemas import ContractLevel, HomeKind

ALLOWANCE_RAISED_AT_AGE = 13
"""The expense allowance (omkostnadsersättning) rises on the child's 13th birthday (SKR's age bands 0-12, 13-20)."""


class RateCard(Protocol):
    own_home_monthly_fee: Decimal
    reinforced_monthly_fee: Decimal
    expense_allowance_0_12: Decimal
    expense_allowance_13_20: Decimal


def monthly_fee(kind: HomeKind | str, rates: RateCard) -> Decimal:
    """The fee (arvode) per child and month in an own home: the reinforced level in a reinforced home."""
    return rates.reinforced_monthly_fee if kind == HomeKind.REINFORCED else rates.own_home_monthly_fee


def expense_allowance(age: int, rates: RateCard) -> Decimal:
    """The monthly expense allowance for a child of this age."""
    return rates.expense_allowance_0_12 if age < ALLOWANCE_RAISED_AT_AGE else rates.expense_allowance_13_20


def monthly_fees(kinds: np.ndarray, rates: RateCard) -> np.ndarray:
    """:func:`monthly_fee` for every home of an array of kinds at once."""
    return np.where(kinds == HomeKind.REINFORCED.value, float(monthly_fee(HomeKind.REINFORCED, rates)),
                    float(monthly_fee(HomeKind.OWN, rates)))


# ---------------------------------------------------------------- bought places: the agency's price in force

def in_force(valid_from: dt.date, valid_to: dt.date | None, day: dt.date) -> bool:
    """Is a contract (its last day inclusive; open-ended without one) in force on ``day``?"""
    return valid_from <= day and (valid_to is None or day <= valid_to)


def in_force_sql(valid_from: ColumnElement[dt.date], valid_to: ColumnElement[dt.date], day: dt.date) -> ColumnElement[bool]:
    """:func:`in_force` as a SQL condition."""
    return and_(valid_from <= day, or_(valid_to.is_(None), valid_to >= day))


def prices_in_force(day: dt.date, groups: int, prices: list[tuple[int, dt.date, dt.date | None, float]]) -> np.ndarray:
    """Vectorised for the matching engine: the daily price in force on ``day`` per price group (an agency and
    level), from (group, valid_from, valid_to, daily price) rows; nan where no contract is in force, and in
    an extra last slot that answers "no agency" (-1). An agency's contracts never overlap (a constraint)."""
    price = np.full(groups + 1, np.nan)
    for group, valid_from, valid_to, daily_price in prices:
        if in_force(valid_from, valid_to, day):
            price[group] = daily_price
    return price


async def agency_daily_price(
    session: AsyncSession, agency_id: uuid.UUID, level: ContractLevel, day: dt.date
) -> Decimal | None:
    """The agency's daily price for a place at this level on ``day``: its contract in force then, if any."""
    return await session.scalar(
        select(AgencyContractPrice.daily_price).join(AgencyContract).where(
            AgencyContract.agency_id == agency_id, AgencyContractPrice.level == level,
            in_force_sql(AgencyContract.valid_from, AgencyContract.valid_to, day),
        )
    )
