"""The Swedish labels of code values: every enum member has one, the pages' ``label()`` finds it, one table each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from children import labels as children_labels
from children.network import RELATION_SV
from children.schemas import (
    ChildSort,
    ContactFrequency,
    Gender,
    KinshipAssessment,
    NeedLevel,
    NetworkConclusion,
    Relation,
)
from core import labels as core_labels
from costs import labels as costs_labels
from costs.schemas import BudgetPhasing, CostCategory
from core.audit import AuditAction
from core.permissions import Role
from core.schemas import BbicDomain
from foster_homes import labels as foster_homes_labels
from foster_homes.schemas import (
    AssessmentOutcome,
    ContractLevel,
    ExperienceLevel,
    FeeLevel,
    GenderPreference,
    HomeKind,
    HomeSort,
    HomeStatus,
    HouseholdChildRelation,
    InstitutionKind,
    Pet,
    PlacementKind,
    SupportContactKind,
)
from matching.engine import DOMAIN_SV
from placements import labels as placements_labels
from placements.schemas import (
    EndReason,
    ExtraLineKind,
    FollowupStatus,
    LegalBasis,
    PlacementSetting,
    RequestKind,
    RequestStatus,
    Urgency,
)
from schooling import labels as schooling_labels
from schooling.schemas import ContinuityVerdict, SchoolKind
from web.pages import labels

# Every enum the pages have labelled, by the name the pages and templates read its table under.
LABELLED = {
    "HOME_KIND": HomeKind,
    "HOME_STATUS": HomeStatus,
    "PLACEMENT_KIND": PlacementKind,
    "GENDER_PREFERENCE": GenderPreference,
    "BBIC_DOMAIN": BbicDomain,
    "EXPERIENCE_LEVEL": ExperienceLevel,
    "HOUSEHOLD_CHILD_RELATION": HouseholdChildRelation,
    "PET": Pet,
    "ASSESSMENT_OUTCOME": AssessmentOutcome,
    "SUPPORT_CONTACT_KIND": SupportContactKind,
    "CONTRACT_LEVEL": ContractLevel,
    "FEE_LEVEL": FeeLevel,
    "HOME_SORT": HomeSort,
    "ROLE": Role,
    "AUDIT_ACTION": AuditAction,
    "GENDER": Gender,
    "NEED_LEVEL": NeedLevel,
    "RELATION": Relation,
    "CONTACT_FREQUENCY": ContactFrequency,
    "KINSHIP_ASSESSMENT": KinshipAssessment,
    "NETWORK_CONCLUSION": NetworkConclusion,
    "SCHOOL_KIND": SchoolKind,
    "CONTINUITY_VERDICT": ContinuityVerdict,
    "CHILD_SORT": ChildSort,
    "REQUEST_KIND": RequestKind,
    "LEGAL_BASIS": LegalBasis,
    "URGENCY": Urgency,
    "REQUEST_STATUS": RequestStatus,
    "END_REASON": EndReason,
    "EXTRA_LINE_KIND": ExtraLineKind,
    "PLACEMENT_SETTING": PlacementSetting,
    "FOLLOWUP_STATUS": FollowupStatus,
    "INSTITUTION_KIND": InstitutionKind,
    "COST_CATEGORY": CostCategory,
    "BUDGET_PHASING": BudgetPhasing,
}

DOMAIN_LABELS = (core_labels, foster_homes_labels, children_labels, schooling_labels, placements_labels, costs_labels)


@pytest.mark.parametrize("name", LABELLED)
def test_every_member_has_a_swedish_label_and_label_returns_it(name):
    enum_type, table = LABELLED[name], getattr(labels, name)
    assert labels.BY_ENUM[enum_type] is table
    for member in enum_type:
        text = table.get(member)
        assert isinstance(text, str) and text.strip(), f"{enum_type.__name__}.{member.name} has no label"
        assert labels.label(member) == text
    assert set(table) == set(enum_type), f"{name} labels a value that is not a member of {enum_type.__name__}"


def test_label_of_nothing_is_empty():
    assert labels.label(None) == ""


def test_the_pages_know_every_enum_a_domain_labels():
    assert set(labels.BY_ENUM) == set(LABELLED.values())
    for module in DOMAIN_LABELS:
        for enum_type, table in module.BY_ENUM.items():
            assert labels.BY_ENUM[enum_type] is table, f"{module.__name__} labels {enum_type.__name__} on its own"


def test_the_pages_re_export_the_domains_tables_rather_than_copy_them():
    owners = {
        "core": ("ROLE", "AUDIT_ACTION", "BBIC_DOMAIN", "AUDIT_OBJECT_TYPE"),
        "foster_homes": ("HOME_KIND", "HOME_STATUS", "PLACEMENT_KIND", "GENDER_PREFERENCE", "EXPERIENCE_LEVEL",
                         "HOUSEHOLD_CHILD_RELATION", "PET", "ASSESSMENT_OUTCOME", "SUPPORT_CONTACT_KIND",
                         "CONTRACT_LEVEL", "INSTITUTION_KIND", "TAGS"),
        "children": ("GENDER", "NEED_LEVEL", "RELATION", "CONTACT_FREQUENCY", "KINSHIP_ASSESSMENT",
                     "NETWORK_CONCLUSION", "IMPORTANCE"),
        "schooling": ("SCHOOL_KIND", "CONTINUITY_VERDICT"),
        "placements": ("REQUEST_KIND", "LEGAL_BASIS", "URGENCY", "REQUEST_STATUS", "END_REASON",
                       "PLACEMENT_SETTING", "FOLLOWUP_STATUS"),
        "costs": ("COST_CATEGORY", "BUDGET_PHASING"),
    }
    modules = {module.__name__.split(".")[0]: module for module in DOMAIN_LABELS}
    for domain, names in owners.items():
        for name in names:
            assert getattr(labels, name) is getattr(modules[domain], name), name


def test_tables_keyed_by_plain_codes_have_text_for_every_code():
    for table in (labels.TAGS, labels.IMPORTANCE, labels.AUDIT_OBJECT_TYPE, labels.CRITERION, labels.ASSIGNMENT_METHOD):
        assert table and all(isinstance(text, str) and text.strip() for text in table.values())
    assert set(labels.IMPORTANCE) == {1, 2, 3}
    assert labels.tag_label("npf") == "NPF" and labels.tag_label("egen tagg") == "egen tagg"
    assert labels.target_kind(InstitutionKind.SIS.value) == "Särskilt ungdomshem (SiS)"
    assert labels.target_kind(HomeKind.KINSHIP.value) == "Nätverkshem"


def test_the_in_sentence_forms_cover_every_member():
    assert set(RELATION_SV) == set(Relation) and all(text.strip() for text in RELATION_SV.values())
    assert {domain.value for domain in BbicDomain} == set(DOMAIN_SV)
    assert DOMAIN_SV["emotional_behavioural"] == "känslo- och beteendemässig utveckling"


def test_the_domains_labels_modules_do_not_import_the_web_layer():
    modules = ", ".join(module.__name__ for module in DOMAIN_LABELS)
    code = f"import sys, {modules}; print(sorted(m for m in sys.modules if m == 'web' or m.startswith('web.')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "[]"
