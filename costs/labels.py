"""Swedish labels of the costs' code values: the controller's categories and the budget's phasing."""

from __future__ import annotations

import enum

from costs.schemas import BudgetPhasing, CostCategory

COST_CATEGORY = {
    CostCategory.OWN_HOMES: "Familjehem i egen regi",
    CostCategory.KINSHIP_HOMES: "Nätverkshem",
    CostCategory.CONSULTANT_HOMES: "Konsulentstödda familjehem",
    CostCategory.EMERGENCY_HOMES: "Jourhem",
    CostCategory.HVB: "HVB",
    CostCategory.SIS: "SiS (särskilda ungdomshem)",
    CostCategory.SUPPORTED_HOUSING: "Stödboende",
    CostCategory.OTHER: "Övrigt",
}

BUDGET_PHASING = {
    BudgetPhasing.EVEN_BY_DAYS: "Jämnt efter dagar",
    BudgetPhasing.PER_MONTH: "Per månad",
}

BY_ENUM: dict[type[enum.Enum], dict] = {CostCategory: COST_CATEGORY, BudgetPhasing: BUDGET_PHASING}
