"""Every input schema's text limit fits its column: a longer text would pass the schema and break the insert."""

import importlib
import pkgutil
import typing

from annotated_types import MaxLen
from sqlalchemy import String

from core.database import Base
from core.models_registry import import_all_models
from core.schemas import InputModel

# Schemas whose fields land in a table of another name than the one guessed from the field's own name.
TABLES = {
    "AddressIn": ["foster_homes", "children"], "HouseholdAdultIn": ["household_adults"],
    "HouseholdChildIn": ["household_children"], "TrainingIn": ["home_trainings"], "AssessmentIn": ["home_assessments"],
    "FosterHomeIn": ["foster_homes"], "FosterHomeCreate": ["foster_homes"], "FosterHomeUpdate": ["foster_homes"],
    "SupportContactIn": ["home_support_contacts"], "AgencyIn": ["agencies"], "ContractIn": ["agency_contracts"],
    "InstitutionIn": ["institutions"], "ChildIn": ["children"], "MemberLocationIn": ["network_members"],
    "NetworkMemberIn": ["network_members"], "ExtraCostIn": ["placement_extra_costs"], "PlacementIn": ["placements"],
    "FollowupRuleIn": ["followup_rules"], "UserCreate": ["users"], "UserUpdate": ["users"],
    "TokenCreate": ["api_tokens"], "SchoolIn": ["schools"],
}


def _max_lengths(annotation, metadata) -> list[int]:
    found = [item.max_length for item in metadata if isinstance(item, MaxLen)]
    found += [getattr(item, "max_length", None) for item in metadata if type(item).__name__ == "StringConstraints"]
    for arg in typing.get_args(annotation):
        if typing.get_origin(arg) is typing.Annotated:
            found += _max_lengths(typing.get_args(arg)[0], arg.__metadata__)
        else:
            found += _max_lengths(arg, [])
    return [length for length in found if length]


def _all_input_models():
    for package in ["accounts", "foster_homes", "placements", "schooling", "matching", "core"]:
        module = importlib.import_module(package)
        for info in pkgutil.iter_modules(module.__path__):
            importlib.import_module(f"{package}.{info.name}")
    seen, todo = set(), [InputModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return seen


def test_every_text_limit_fits_its_column():
    import_all_models()
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    too_long = []
    for model in _all_input_models():
        for table_name in TABLES.get(model.__name__, []):
            table = tables[table_name]
            for name, field in model.model_fields.items():
                column = table.columns.get(name)
                if column is None or not isinstance(column.type, String) or not column.type.length:
                    continue
                limits = _max_lengths(field.annotation, field.metadata)
                if limits and max(limits) > column.type.length:
                    too_long.append(f"{model.__name__}.{name}: {limits} > {table_name}.{name} {column.type.length}")
    assert not too_long, "\n".join(sorted(too_long))
