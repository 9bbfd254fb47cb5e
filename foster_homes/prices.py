"""What a place costs: the one definition of what a dated rate card pays (an own, kinship, reinforced or
emergency home's fee by level, the expense allowance by the child's age, the employer's social fees on the
fee; DOMAIN.md §4) and of a bought place's daily price (the agency's contract in force on the day), in
Decimal for a booking and an explanation, as SQL for the costs' day-by-day computation, and vectorised for
the matching engine's expected cost. An institution's price is its dated version in force on the day.
The cards themselves are kept by rate_cards.py."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from foster_homes.models import AgencyContract, AgencyContractPrice, InstitutionPrice
from foster_homes.schemas import ContractLevel, FeeLevel, HomeKind, default_fee_level

def monthly_fees(kinds: np.ndarray, card) -> np.ndarray:
    """:func:`card_fee` at each home's default level (default_fee_level) for an array of home kinds at once."""
    return np.where(kinds == HomeKind.REINFORCED.value, float(card_fee(card, default_fee_level(HomeKind.REINFORCED))),
                    float(card_fee(card, default_fee_level(HomeKind.OWN))))


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


# ---------------------------------------------------------------- an institution's dated daily price

async def institution_daily_price(session: AsyncSession, institution_id: uuid.UUID, day: dt.date) -> Decimal | None:
    """The institution's daily price on ``day``: the latest version from that day or before."""
    return await session.scalar(
        select(InstitutionPrice.daily_price).where(InstitutionPrice.institution_id == institution_id,
                                                   InstitutionPrice.valid_from <= day)
        .order_by(InstitutionPrice.valid_from.desc()).limit(1))


INSTITUTION_PRICE_RANGES = """
    SELECT ip.institution_id, ip.valid_from, ip.daily_price,
        lead(ip.valid_from) OVER (PARTITION BY ip.institution_id ORDER BY ip.valid_from) AS next_from
    FROM institution_prices ip"""
"""institution_daily_price as ranges to join on in SQL: a version holds from valid_from up to next_from."""


# ---------------------------------------------------------------- the dated rate card (DOMAIN.md §4)
# One definition each of what a rate card pays, in Decimal (a booking, an explanation) and as SQL over the
# rate_cards row ``rc`` (the costs' day-by-day computation); a test holds the two to the same answers.

def card_fee(card, level: FeeLevel) -> Decimal:
    """The fee (arvode) per child and month at this level."""
    return {FeeLevel.BASIC: card.fee_basic, FeeLevel.RAISED_1: card.fee_raised_1,
            FeeLevel.RAISED_2: card.fee_raised_2, FeeLevel.RAISED_3: card.fee_raised_3}[FeeLevel(level)]


def card_fee_sql(card: str, level: str) -> str:
    return (f"(CASE {level} WHEN 'basic' THEN {card}.fee_basic WHEN 'raised_1' THEN {card}.fee_raised_1 "
            f"WHEN 'raised_2' THEN {card}.fee_raised_2 ELSE {card}.fee_raised_3 END)")


def card_allowance(card, age: int) -> Decimal:
    """The monthly expense allowance for a child of this age: the band's amount, or its share of the year's
    prisbasbelopp divided by 12, to the öre."""
    older = age >= card.allowance_older_from_age
    amount = card.allowance_older_monthly if older else card.allowance_younger_monthly
    if amount is not None:
        return amount
    percent = card.allowance_older_percent if older else card.allowance_younger_percent
    return (Decimal(percent) * card.price_base_amount / Decimal(1200)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def card_allowance_sql(card: str, age: str) -> str:
    # numeric round() in PostgreSQL rounds half away from zero, as ROUND_HALF_UP does for amounts >= 0.
    return (f"(CASE WHEN {age} >= {card}.allowance_older_from_age "
            f"THEN coalesce({card}.allowance_older_monthly, round({card}.allowance_older_percent * {card}.price_base_amount / 1200, 2)) "
            f"ELSE coalesce({card}.allowance_younger_monthly, round({card}.allowance_younger_percent * {card}.price_base_amount / 1200, 2)) END)")


def social_fee_percent(card, parent_birth_year: int | None, day: dt.date) -> Decimal:
    """Employer's social fees on the fee, in percent: the senior rate for a foster parent who had turned the
    card's age before the year began (born in year − age − 1 or earlier: for 2026 and 67, in 1958 or
    before), otherwise the general rate, also when the parent is unknown."""
    senior = parent_birth_year is not None and parent_birth_year <= day.year - card.senior_from_age - 1
    return card.senior_social_fee_percent if senior else card.social_fee_percent


def social_fee_percent_sql(card: str, parent_birth_year: str, day: str) -> str:
    return (f"(CASE WHEN {parent_birth_year} IS NOT NULL AND {parent_birth_year} "
            f"<= extract(year FROM {day})::int - {card}.senior_from_age - 1 "
            f"THEN {card}.senior_social_fee_percent ELSE {card}.social_fee_percent END)")


# ---------------------------------------------------------------- an emergency home's retainer agreement

def retainer_month(places: int, fee_per_place: Decimal, standby: Decimal, social_percent: Decimal) -> Decimal:
    """A whole month of a retainer agreement (uppdragsavtal), unrounded: the fee for the places kept ready
    with the employer's social fees on it, and the standby allowance (no social fees: it pays the home's
    costs, like the expense allowance). A part month is this × days ÷ days in the month."""
    fee = places * fee_per_place
    return fee + fee * social_percent / 100 + standby


def retainer_month_sql(agreement: str, social_percent: str) -> str:
    """:func:`retainer_month` as SQL over a retainer_agreements row."""
    return (f"({agreement}.places * {agreement}.fee_per_place_monthly * (100 + {social_percent}) / 100 "
            f"+ {agreement}.standby_allowance_monthly)")
