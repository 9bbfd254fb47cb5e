"""Swedish labels of the foster home register's code values: kinds, statuses, capacity, assessments, tags."""

from __future__ import annotations

import enum

from foster_homes.schemas import (
    AssessmentOutcome,
    ContractLevel,
    ExperienceLevel,
    FeeLevel,
    GenderPreference,
    HomeKind,
    HomeStatus,
    HouseholdChildRelation,
    InstitutionKind,
    Pet,
    PlacementKind,
    SupportContactKind,
)

HOME_KIND = {
    HomeKind.OWN: "Egen regi",
    HomeKind.CONSULTANT: "Konsulentstött",
    HomeKind.KINSHIP: "Nätverkshem",
    HomeKind.EMERGENCY: "Jourhem",
    HomeKind.REINFORCED: "Förstärkt",
}

HOME_STATUS = {
    HomeStatus.APPLICANT: "Ansökan",
    HomeStatus.UNDER_ASSESSMENT: "Under utredning",
    HomeStatus.APPROVED: "Godkänt",
    HomeStatus.PAUSED: "Vilande",
    HomeStatus.CLOSED: "Avslutat",
}

PLACEMENT_KIND = {
    PlacementKind.LONG_TERM: "Långsiktig",
    PlacementKind.EMERGENCY: "Jour",
    PlacementKind.RESPITE: "Avlastning",
}

GENDER_PREFERENCE = {
    GenderPreference.ANY: "Inget önskemål",
    GenderPreference.GIRL: "Flicka",
    GenderPreference.BOY: "Pojke",
}

EXPERIENCE_LEVEL = {
    ExperienceLevel.NONE: "Ingen erfarenhet",
    ExperienceLevel.SOME: "Viss erfarenhet",
    ExperienceLevel.SUBSTANTIAL: "Betydande erfarenhet",
    ExperienceLevel.EXTENSIVE: "Omfattande erfarenhet",
}

HOUSEHOLD_CHILD_RELATION = {
    HouseholdChildRelation.OWN: "Eget barn",
    HouseholdChildRelation.PLACED: "Placerat barn",
}

PET = {
    Pet.DOG: "Hund",
    Pet.CAT: "Katt",
    Pet.HORSE: "Häst",
    Pet.RODENT: "Gnagare",
    Pet.BIRD: "Fågel",
    Pet.OTHER: "Annat djur",
}

ASSESSMENT_OUTCOME = {
    AssessmentOutcome.PENDING: "Pågår",
    AssessmentOutcome.APPROVED: "Godkänd",
    AssessmentOutcome.REJECTED: "Avslag",
}

SUPPORT_CONTACT_KIND = {
    SupportContactKind.HOME_VISIT: "Hembesök",
    SupportContactKind.PHONE: "Telefonsamtal",
    SupportContactKind.SUPERVISION: "Handledning",
    SupportContactKind.TRAINING: "Utbildning",
    SupportContactKind.MEETING: "Möte",
    SupportContactKind.OTHER: "Annat",
}

CONTRACT_LEVEL = {
    ContractLevel.STANDARD: "Standard",
    ContractLevel.REINFORCED: "Förstärkt",
    ContractLevel.EMERGENCY: "Jour",
}

INSTITUTION_KIND = {
    InstitutionKind.HVB: "HVB",
    InstitutionKind.SIS: "Särskilt ungdomshem (SiS)",
    InstitutionKind.SUPPORTED_HOUSING: "Stödboende",
}

# The suggested tags of the register; a home may carry other tags, shown as they are written.
TAGS = {
    "trauma": "Trauma",
    "npf": "NPF",
    "medicinsk_omvardnad": "Medicinsk omvårdnad",
    "missbruk_i_familjen": "Missbruk i familjen",
    "ensamkommande": "Ensamkommande barn",
    "spadbarn": "Spädbarn",
    "funktionsnedsattning": "Funktionsnedsättning",
    "tonaringar": "Tonåringar",
    "hedersrelaterat": "Hedersrelaterat våld och förtryck",
    "syskongrupper": "Syskongrupper",
}

FEE_LEVEL = {
    FeeLevel.BASIC: "Grundnivå",
    FeeLevel.RAISED_1: "Förhöjd nivå 1",
    FeeLevel.RAISED_2: "Förhöjd nivå 2",
    FeeLevel.RAISED_3: "Förhöjd nivå 3",
}

BY_ENUM: dict[type[enum.Enum], dict] = {
    HomeKind: HOME_KIND,
    HomeStatus: HOME_STATUS,
    PlacementKind: PLACEMENT_KIND,
    GenderPreference: GENDER_PREFERENCE,
    ExperienceLevel: EXPERIENCE_LEVEL,
    HouseholdChildRelation: HOUSEHOLD_CHILD_RELATION,
    Pet: PET,
    AssessmentOutcome: ASSESSMENT_OUTCOME,
    SupportContactKind: SUPPORT_CONTACT_KIND,
    ContractLevel: CONTRACT_LEVEL,
    InstitutionKind: INSTITUTION_KIND,
    FeeLevel: FEE_LEVEL,
}


def home_label(name: str, reference: str, city: str | None, protected: bool) -> str:
    """A home as a list of homes names it, so namesakes ("Familjen Björk" three times) can be told apart: its
    name, its reference and its town, never a protected home's town (a town is a location)."""
    return f"{name} ({reference})" if protected or not city else f"{name} ({reference}, {city})"
