"""The one definition of what an own home costs a month: fee by the home's kind, allowance by the child's age."""

from decimal import Decimal

import numpy as np

from foster_homes import prices
from foster_homes.schemas import HomeKind
from placements.schemas import PlacementRules

RATES = PlacementRules()


def test_the_fee_is_the_reinforced_level_only_in_a_reinforced_home():
    assert prices.monthly_fee(HomeKind.REINFORCED, RATES) == RATES.reinforced_monthly_fee == Decimal("15040")
    for kind in (HomeKind.OWN, HomeKind.KINSHIP, HomeKind.EMERGENCY):
        assert prices.monthly_fee(kind, RATES) == RATES.own_home_monthly_fee == Decimal("11237")


def test_the_allowance_rises_on_the_thirteenth_birthday():
    assert prices.expense_allowance(0, RATES) == prices.expense_allowance(12, RATES) == Decimal("5256")
    assert prices.expense_allowance(13, RATES) == prices.expense_allowance(20, RATES) == Decimal("5950")


def test_the_vectorised_fee_is_the_same_rule():
    kinds = np.array([kind.value for kind in HomeKind])
    expected = [float(prices.monthly_fee(kind, RATES)) for kind in HomeKind]
    assert prices.monthly_fees(kinds, RATES).tolist() == expected
