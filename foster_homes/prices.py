"""What a place costs: the one definition of an own home's monthly fee and expense allowance (the rate card,
DOMAIN.md §4), in Decimal for a booking and vectorised for the matching engine's expected cost.

The rate card itself is the municipality's setting (``placements.schemas.PlacementRules``); this module takes
any object with its four amounts, so the register's price rule never depends on the placements above it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

import numpy as np

from foster_homes.schemas import HomeKind

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
