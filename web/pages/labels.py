"""Swedish wording for every form field and sort choice the pages show: one place to read and correct it.

The labels of code values (enum → Swedish text) live beside their enums, in each domain's ``labels`` module;
they are re-exported here, so pages and templates read every label as ``labels.HOME_KIND``, ``labels.label(...)``.
"""

from __future__ import annotations

import enum
import re

from children import labels as children_labels
from children.labels import (
    CONTACT_FREQUENCY as CONTACT_FREQUENCY,
    GENDER as GENDER,
    IMPORTANCE as IMPORTANCE,
    KINSHIP_ASSESSMENT as KINSHIP_ASSESSMENT,
    NEED_LEVEL as NEED_LEVEL,
    NETWORK_CONCLUSION as NETWORK_CONCLUSION,
    RELATION as RELATION,
)
from children.schemas import ChildSort
from costs import labels as costs_labels
from costs.labels import BUDGET_PHASING as BUDGET_PHASING
from costs.labels import COST_CATEGORY as COST_CATEGORY
from core import labels as core_labels
from core.labels import (
    AUDIT_ACTION as AUDIT_ACTION,
    AUDIT_OBJECT_TYPE as AUDIT_OBJECT_TYPE,
    BBIC_DOMAIN,
    ROLE as ROLE,
)
from core.periods import MONTH_NAMES
from core.schemas import BbicDomain
from foster_homes import labels as foster_homes_labels
from foster_homes.labels import (
    ASSESSMENT_OUTCOME as ASSESSMENT_OUTCOME,
    CONTRACT_LEVEL as CONTRACT_LEVEL,
    EXPERIENCE_LEVEL as EXPERIENCE_LEVEL,
    FEE_LEVEL as FEE_LEVEL,
    GENDER_PREFERENCE as GENDER_PREFERENCE,
    HOME_KIND,
    HOME_STATUS as HOME_STATUS,
    HOUSEHOLD_CHILD_RELATION as HOUSEHOLD_CHILD_RELATION,
    INSTITUTION_KIND,
    PET as PET,
    PLACEMENT_KIND as PLACEMENT_KIND,
    SUPPORT_CONTACT_KIND as SUPPORT_CONTACT_KIND,
    TAGS,
)
from foster_homes.schemas import HomeSort
from placements import labels as placements_labels
from placements.labels import (
    END_REASON as END_REASON,
    EXTRA_LINE_KIND as EXTRA_LINE_KIND,
    FOLLOWUP_STATUS as FOLLOWUP_STATUS,
    LEGAL_BASIS as LEGAL_BASIS,
    PLACEMENT_SETTING as PLACEMENT_SETTING,
    REQUEST_KIND as REQUEST_KIND,
    REQUEST_STATUS as REQUEST_STATUS,
    URGENCY as URGENCY,
)
from schooling import labels as schooling_labels
from schooling.labels import (
    CONTINUITY_VERDICT as CONTINUITY_VERDICT,
    SCHOOL_KIND as SCHOOL_KIND,
)

HOME_SORT = {
    HomeSort.NAME: "Namn A–Ö",
    HomeSort.NAME_DESC: "Namn Ö–A",
    HomeSort.MUNICIPALITY: "Kommun",
    HomeSort.FREE_PLACES: "Flest lediga platser",
    HomeSort.NEWEST: "Senast registrerade",
    HomeSort.DISTANCE: "Avstånd",
}

CHILD_SORT = {
    ChildSort.NAME: "Efternamn A–Ö",
    ChildSort.NEWEST: "Senast registrerade",
    ChildSort.AGE: "Yngst först",
}

# Every table of code values, by its enum: the domains' tables and the pages' sort choices.
BY_ENUM: dict[type[enum.Enum], dict] = {
    **core_labels.BY_ENUM,
    **foster_homes_labels.BY_ENUM,
    **children_labels.BY_ENUM,
    **schooling_labels.BY_ENUM,
    **placements_labels.BY_ENUM,
    **costs_labels.BY_ENUM,
    HomeSort: HOME_SORT,
    ChildSort: CHILD_SORT,
}


def label(value: enum.Enum | None) -> str:
    """Swedish label of a code value; the same code (e.g. ``emergency``) reads differently per enum."""
    if value is None:
        return ""
    return BY_ENUM[type(value)][value]


def tag_label(tag: str) -> str:
    return TAGS.get(tag, tag)


# ---------------------------------------------------------------- form fields

# Dotted field paths as the schemas report them; ``N`` stands for a row number, {n} is that row counted from 1.
FIELDS = {
    "name": "Hemmets namn",
    "kind": "Typ av hem",
    "agency_id": "Konsulentverksamhet",
    "contract_level": "Nivå i prislistan",
    "status": "Status",
    "status_reason": "Kommentar till status",
    "address": "Adress",
    "address.street": "Gatuadress",
    "address.postal_code": "Postnummer",
    "address.city": "Ort",
    "address.municipality": "Kommun",
    "address.latitude": "Latitud",
    "address.longitude": "Longitud",
    "capacity": "Kapacitet",
    "capacity.places": "Antal platser",
    "capacity.age_min": "Lägsta ålder",
    "capacity.age_max": "Högsta ålder",
    "capacity.max_sibling_group": "Största syskongrupp",
    "capacity.gender_preference": "Kön",
    "capacity.placement_kinds": "Placeringsformer",
    "capacity.available_from": "Tillgängligt från",
    "household_adults": "Vuxna i hushållet",
    "household_adults.N.name": "Vuxen {n}: namn",
    "household_adults.N.personal_number": "Vuxen {n}: personnummer",
    "household_adults.N.languages": "Vuxen {n}: språk",
    "household_adults.N.occupation": "Vuxen {n}: sysselsättning",
    "household_children": "Barn i hushållet",
    "household_children.N.birth_year": "Barn {n}: födelseår",
    "household_children.N.relation": "Barn {n}: eget eller placerat",
    "household_children.N.placed_from": "Barn {n}: placerat från",
    "household_children.N.placed_until": "Barn {n}: placerat till",
    "household_children.N.placing_municipality": "Barn {n}: placerande kommun",
    "household_children.N.note": "Barn {n}: anteckning",
    "domain_competences": "Kompetens per BBIC-område",
    "domain_competences.N.experience": "{domain}: erfarenhet",
    "domain_competences.N.note": "{domain}: kommentar",
    "tags": "Taggar",
    "pets": "Husdjur",
    "smoking": "Rökning",
    "religion_culture": "Religion och kultur",
    "wishes": "Familjens önskemål",
    "assessments": "Familjehemsutredningar",
    "assessments.N.started_on": "Utredning {n}: startdatum",
    "assessments.N.assessor": "Utredning {n}: utredare",
    "assessments.N.outcome": "Utredning {n}: utfall",
    "assessments.N.completed_on": "Utredning {n}: klar datum",
    "assessments.N.note": "Utredning {n}: kommentar",
    "trainings": "Utbildningar",
    "trainings.N.name": "Utbildning {n}: namn",
    "trainings.N.completed_on": "Utbildning {n}: genomförd",
    "trainings.N.domain": "Utbildning {n}: BBIC-område",
    "version": "Version",
    # status change and support contact forms on the detail page
    "changed_on": "Datum för ändringen",
    "reason": "Skäl",
    "confirm_children": "Placerade barn i hemmet",
    "contact_date": "Datum",
    "staff_name": "Handläggare",
    "note": "Anteckning",
    # list filters
    "free_at": "Lediga platser den",
    "min_free": "Lediga platser",
    "accepts_age": "Tar emot barn i åldern",
    "municipality": "Kommun",
    "tag": "Kompetens (tagg)",
    "q": "Sök",
    "sort": "Sortering",
    "page": "Sida",
    "page_size": "Antal per sida",
    "near_lat": "Latitud",
    "near_lon": "Longitud",
    "within_km": "Avstånd (km)",
}

_ROW = re.compile(r"\.(\d+)(?=\.|$)")
_BBIC_ORDER = list(BbicDomain)


def field_label(path: str) -> str:
    """``household_adults.1.personal_number`` → ``Vuxen 2: personnummer``; unknown paths are shown as they are."""
    rows = [int(number) for number in _ROW.findall(path)]
    template = FIELDS.get(_ROW.sub(".N", path))
    if template is None:
        return path
    row = rows[0] if rows else 0
    domain = BBIC_DOMAIN[_BBIC_ORDER[row]] if path.startswith("domain_competences.") and row < len(_BBIC_ORDER) else ""
    return template.format(n=row + 1, domain=domain)


# ---------------------------------------------------------------- accounts and the audit log

# The admin pages' own fields: "name" there is a person's name, not a home's, so FIELDS does not fit.
USER_FIELDS = {
    "name": "Namn",
    "email": "E-postadress",
    "unit": "Enhet",
    "roles": "Roller",
    "active": "Aktiv",
    "password": "Lösenord",
    "version": "Version",
}

TOKEN_FIELDS = {
    "name": "Namn på token",
    "expires_in_days": "Giltig i antal dagar",
}

AUDIT_FILTER_FIELDS = {
    "user_id": "Användare",
    "object_type": "Objekttyp",
    "object_id": "Objekt-id",
    "action": "Händelse",
    "since": "Från och med",
    "until": "Till och med",
    "page": "Sida",
    "page_size": "Antal per sida",
}


# ---------------------------------------------------------------- children (Barn), their network and school

# The fields of the child's forms (record, needs, wishes, network examination, school) and list filters.
# ``N`` is a row of the needs form, one per BBIC domain in the fixed order.
CHILD_FIELDS = {
    "first_name": "Förnamn",
    "last_name": "Efternamn",
    "personal_number": "Personnummer",
    "gender": "Kön",
    "languages": "Språk",
    "religion_culture": "Religion och kultur",
    "allergies": "Allergier",
    "health_notes": "Hälsa",
    "responsible_worker_id": "Ansvarig socialsekreterare",
    "protected_identity": "Skyddade personuppgifter",
    "address": "Adress",
    "address.street": "Gatuadress",
    "address.postal_code": "Postnummer",
    "address.city": "Ort",
    "address.municipality": "Kommun",
    "address.latitude": "Latitud",
    "address.longitude": "Longitud",
    "version": "Version",
    "assessed_on": "Bedömningsdatum",
    "needs": "Behov",
    "needs.N.domain": "{domain}",
    "needs.N.level": "{domain}: nivå",
    "needs.N.description": "{domain}: beskrivning",
    "said_on": "Datum",
    "text": "Vad barnet sa",
    "examined_on": "Datum för utredningen",
    "conclusion": "Slutsats",
    "note": "Anteckning",
    "school_id": "Skola",
    "grade": "Årskurs",
    "started_on": "Startdatum",
    "ended_on": "Slutdatum",
    "child_id": "Syskon",
    "half": "Halvsyskon",
    "user_id": "Medarbetare",
    # list filters
    "mine": "Bara mina barn",
    "worker_id": "Ansvarig socialsekreterare",
    "need_domain": "Behovsområde",
    "min_need_level": "Lägsta behovsnivå",
    "protected": "Skyddade personuppgifter",
    "q": "Sök",
    "sort": "Sortering",
    "page": "Sida",
    "page_size": "Antal per sida",
}

MEMBER_FIELDS = {
    "name": "Namn",
    "personal_number": "Personnummer",
    "relation": "Relation till barnet",
    "importance": "Betydelse för barnet",
    "contact_frequency": "Planerat umgänge",
    "location": "Var personen bor",
    "location.street": "Gatuadress",
    "location.postal_code": "Postnummer",
    "location.city": "Ort",
    "location.municipality": "Kommun",
    "location.latitude": "Latitud",
    "location.longitude": "Longitud",
    "willing_kinship_home": "Vill bli nätverkshem",
    "kinship_assessment": "Utredning som nätverkshem",
    "kinship_home_id": "Registrerat nätverkshem",
    "protected_from": "Barnet ska skyddas från personen",
    "protected_reason": "Skäl till skyddet",
    "note": "Anteckning",
    "version": "Version",
}


def child_field_label(path: str) -> str:
    """``needs.2.level`` → ``Känslo- och beteendemässig utveckling: nivå``; unknown paths are shown as they are."""
    rows = [int(number) for number in _ROW.findall(path)]
    template = CHILD_FIELDS.get(_ROW.sub(".N", path))
    if template is None:
        return path
    row = rows[0] if rows else 0
    domain = BBIC_DOMAIN[_BBIC_ORDER[row]] if row < len(_BBIC_ORDER) else ""
    return template.format(domain=domain)


def member_field_label(path: str) -> str:
    return MEMBER_FIELDS.get(path, path)


# ---------------------------------------------------------------- matching (Matchning): requests, rankings, the queue

# The engine's criteria by their code names (matching.schemas.CRITERIA).
CRITERION = {
    "network": "Nätverk",
    "school": "Skola",
    "needs": "Behov",
    "culture": "Språk och kultur",
    "cost": "Kostnad",
    "stability": "Stabilitet",
    "continuity": "Kontinuitet",
}

# How the whole queue was assigned (matching.assignment); an unknown method is shown as it is.
ASSIGNMENT_METHOD = {
    "min-cost flow": "flödesoptimering över alla förfrågningar och lediga platser (min-cost flow)",
    "heltalsprogram (HiGHS)": "heltalsoptimering, som håller syskon samman i ett hem (heltalsprogram, HiGHS)",
}

# The fields of the request form, the decision record form and the withdraw form.
REQUEST_FIELDS = {
    "child_ids": "Barn",
    "kind": "Typ av placering",
    "legal_basis": "Lagrum",
    "wanted_start": "Önskat startdatum",
    "expected_length_months": "Förväntad längd (månader)",
    "together": "Syskonen ska bo tillsammans",
    "required_tags": "Kompetens som krävs",
    "wish_tags": "Önskemål om hemmet",
    "wishes": "Önskemål",
    "urgency": "Brådska",
    "protection_needs": "Barnet har skyddsbehov",
    "chosen_home_id": "Föreslaget hem",  # as the decision record form names it
    "motive": "Motivering",
    "reason": "Skäl",
    "version": "Version",
    "request_ids": "Förfrågningar",
}


SUPPORT_CONTACT_FIELDS = {
    "contact_date": "Datum",
    "kind": "Typ av kontakt",
    "staff_name": "Handläggare",
    "note": "Anteckning",
}
"""The support contact form's fields: its "kind" is the contact's, not the home's."""


def support_contact_field_label(path: str) -> str:
    return SUPPORT_CONTACT_FIELDS.get(path, field_label(path))


def request_field_label(path: str) -> str:
    """``child_ids.1`` → ``Barn``; unknown paths are shown as they are."""
    return REQUEST_FIELDS.get(_ROW.sub("", path), path)


# ---------------------------------------------------------------- placements (Placeringar) and follow-ups (Uppföljning)


def target_kind(value: str) -> str:
    """A placement's home or institution kind as the service gives it (a code of either enum, or "skyddad")."""
    for kinds in (HOME_KIND, INSTITUTION_KIND):
        for kind, text in kinds.items():
            if kind.value == value:
                return text
    return "Skyddad" if value == "skyddad" else value


# The booking, ending, completion and rescheduling forms and the placement list's filters.
PLACEMENT_FIELDS = {
    "child_ids": "Barn",
    "foster_home_id": "Familjehem",
    "request_id": "Förfrågan",
    "decision_record_id": "Matchningsunderlag",
    "kind": "Typ av placering",
    "legal_basis": "Lagrum",
    "decided_on": "Beslutsdatum",
    "decided_by": "Beslutat av",
    "starts_on": "Startdatum",
    "planned_end": "Planerat slut",
    "responsible_worker_id": "Ansvarig socialsekreterare",
    "family_care_secretary_id": "Familjehemssekreterare",
    "fee_monthly": "Arvode per månad",
    "expense_allowance_monthly": "Omkostnadsersättning per månad",
    "daily_price": "Dygnspris",
    "compensation_note": "Kommentar om ersättningen",
    "network_examined": "Nätverket är utrett",
    "not_kinship_reason": "Varför inte ett nätverkshem",
    "ended_on": "Slutdatum",
    "reason": "Skäl",
    "note": "Anteckning",
    "version": "Version",
    "completed_on": "Datum då den gjordes",
    "child_met_alone": "Barnet träffades enskilt",
    "skolfam_offered": "SkolFam/SAMS erbjudet",
    "absence_percent": "Frånvaro senaste tre månaderna (%)",
    "due_on": "Nytt datum",
    "status": "Status",
    "q": "Sök",
    "page": "Sida",
    "scope": "Vems uppgifter",
    "description": "Vad",
    "amount": "Belopp",
    "recurrence": "Hur ofta",
    "ends_on": "Till och med",
    "received": "Mottaget hittills",
    "received_on": "Senast mottaget",
    "valid_from": "Gäller från och med",
    "level": "Arvodesnivå",
    "fee_level": "Arvodesnivå",
}


def placement_field_label(path: str) -> str:
    return PLACEMENT_FIELDS.get(_ROW.sub("", path), path)


# ---------------------------------------------------------------- the budget form

BUDGET_FIELDS = {
    "lines": "Budgetrader",
    "lines.N": "Rad {n}",
    "lines.N.category": "Rad {n}: kategori",
    "lines.N.unit": "Rad {n}: enhet",
    "lines.N.phasing": "Rad {n}: fördelning",
    "lines.N.annual": "Rad {n}: årsbelopp",
    "lines.N.months": "Rad {n}: månadsbelopp",
    "file": "Fil",
}


def budget_field_label(path: str) -> str:
    """``lines.2.annual`` → ``Rad 3: årsbelopp``; a month's input → ``Rad 3: mars``."""
    rows = [int(number) for number in _ROW.findall(path)]
    if len(rows) == 2 and ".months." in path:
        return f"Rad {rows[0] + 1}: {MONTH_NAMES[rows[1]]}"
    template = BUDGET_FIELDS.get(_ROW.sub(".N", path))
    return path if template is None else template.format(n=(rows[0] if rows else 0) + 1)


# ---------------------------------------------------------------- the rates (Ekonomi, Arvoden) and retainers

RATE_FIELDS = {
    "valid_from": "Gäller från och med",
    "valid_to": "Sista dag",
    "price_base_amount": "Prisbasbelopp",
    "fee_basic": "Arvode, grundnivå",
    "fee_raised_1": "Arvode, förhöjt 1",
    "fee_raised_2": "Arvode, förhöjt 2",
    "fee_raised_3": "Arvode, förhöjt 3",
    "allowance_older_from_age": "Äldre barn från ålder",
    "allowance_younger_percent": "Omkostnad yngre barn, % av prisbasbeloppet",
    "allowance_older_percent": "Omkostnad äldre barn, % av prisbasbeloppet",
    "allowance_younger_monthly": "Omkostnad yngre barn, fast belopp per månad",
    "allowance_older_monthly": "Omkostnad äldre barn, fast belopp per månad",
    "social_fee_percent": "Sociala avgifter, %",
    "senior_social_fee_percent": "Sociala avgifter för äldre, %",
    "senior_from_age": "Äldre familjehemsförälder från ålder",
    "note": "Anteckning",
    "places": "Platser",
    "fee_per_place_monthly": "Arvode per plats och månad",
    "standby_allowance_monthly": "Beredskapsersättning per månad",
    "daily_price": "Dygnspris",
    "home_id": "Hemmet",
}


def rate_field_label(path: str) -> str:
    return RATE_FIELDS.get(path, path)
