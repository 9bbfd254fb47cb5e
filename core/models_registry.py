"""Import every domain's tables so Base.metadata is complete (for Alembic and test set-up).

Core must not depend on the domains, so the modules are named here as strings, not imported at the top.
"""

import importlib

MODEL_MODULES = [
    "core.audit",
    "core.rules",
    "accounts.models",
    "foster_homes.models",
    "children.models",
    "placements.models",
    "costs.models",
    "schooling.models",
]


def import_all_models() -> None:
    for module in MODEL_MODULES:
        importlib.import_module(module)
