"""Swedish wording for every code value and form field the pages show: one place to read and correct it."""

from __future__ import annotations

import enum
import re

from core.audit import AuditAction
from core.permissions import Role
from core.schemas import BbicDomain
from foster_homes.schemas import (
    AssessmentOutcome,
    ContractLevel,
    ExperienceLevel,
    GenderPreference,
    HomeKind,
    HomeSort,
    HomeStatus,
    HouseholdChildRelation,
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

BBIC_DOMAIN = {
    BbicDomain.HEALTH: "Hälsa",
    BbicDomain.EDUCATION: "Utbildning",
    BbicDomain.EMOTIONAL_BEHAVIOURAL: "Känslo- och beteendemässig utveckling",
    BbicDomain.IDENTITY: "Identitet",
    BbicDomain.FAMILY_SOCIAL_RELATIONS: "Familj och sociala relationer",
    BbicDomain.SOCIAL_PRESENTATION: "Socialt uppträdande",
    BbicDomain.SELF_CARE: "Förmåga att klara sig själv",
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

HOME_SORT = {
    HomeSort.NAME: "Namn A–Ö",
    HomeSort.NAME_DESC: "Namn Ö–A",
    HomeSort.MUNICIPALITY: "Kommun",
    HomeSort.FREE_PLACES: "Flest lediga platser",
    HomeSort.NEWEST: "Senast registrerade",
    HomeSort.DISTANCE: "Avstånd",
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

BY_ENUM: dict[type[enum.Enum], dict] = {
    HomeKind: HOME_KIND,
    HomeStatus: HOME_STATUS,
    PlacementKind: PLACEMENT_KIND,
    GenderPreference: GENDER_PREFERENCE,
    BbicDomain: BBIC_DOMAIN,
    ExperienceLevel: EXPERIENCE_LEVEL,
    HouseholdChildRelation: HOUSEHOLD_CHILD_RELATION,
    Pet: PET,
    AssessmentOutcome: ASSESSMENT_OUTCOME,
    SupportContactKind: SUPPORT_CONTACT_KIND,
    ContractLevel: CONTRACT_LEVEL,
    HomeSort: HOME_SORT,
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

ROLE = {
    Role.PLACEMENT_SECRETARY: "Placeringssekreterare",
    Role.SOCIAL_WORKER: "Barnets socialsekreterare",
    Role.FAMILY_CARE: "Familjevårdsteam",
    Role.BUDGET_GROUP: "Styrgrupp (budget)",
    Role.ADMIN: "Administratör",
}

AUDIT_ACTION = {
    AuditAction.READ: "Läsning",
    AuditAction.CREATE: "Skapande",
    AuditAction.UPDATE: "Ändring",
    AuditAction.CLOSE: "Avslut",
    AuditAction.EXPORT: "Export",
    AuditAction.SIGN_IN: "Inloggning",
    AuditAction.SIGN_IN_FAILED: "Misslyckad inloggning",
    AuditAction.SIGN_OUT: "Utloggning",
    AuditAction.PERMISSION_DENIED: "Nekad åtkomst",
}

BY_ENUM.update({Role: ROLE, AuditAction: AUDIT_ACTION})

# The object types the services write to the audit log; a type not named here is shown as it is stored.
AUDIT_OBJECT_TYPE = {
    "foster_home": "Familjehem",
    "home_support_contact": "Stödkontakt",
    "agency": "Konsulentverksamhet",
    "agency_contract": "Avtal",
    "institution": "Institution",
    "user": "Användare",
    "api_token": "API-token",
    "audit_log": "Logg",
}

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

from children.schemas import (
    ChildSort,
    ContactFrequency,
    Gender,
    KinshipAssessment,
    NeedLevel,
    NetworkConclusion,
    Relation,
)
from schooling.schemas import ContinuityVerdict, SchoolKind

GENDER = {Gender.GIRL: "Flicka", Gender.BOY: "Pojke", Gender.OTHER: "Annat"}

NEED_LEVEL = {
    NeedLevel.NONE: "Inget",
    NeedLevel.SOME: "Visst",
    NeedLevel.SUBSTANTIAL: "Stort",
    NeedLevel.CRITICAL: "Mycket stort",
}

RELATION = {
    Relation.MOTHER: "Mamma",
    Relation.FATHER: "Pappa",
    Relation.SIBLING: "Syskon",
    Relation.HALF_SIBLING: "Halvsyskon",
    Relation.GRANDPARENT: "Mor-/farförälder",
    Relation.AUNT_UNCLE: "Moster/faster/morbror/farbror",
    Relation.COUSIN: "Kusin",
    Relation.OTHER_RELATIVE: "Annan släkting",
    Relation.FAMILY_FRIEND: "Familjevän",
    Relation.NEIGHBOUR: "Granne",
    Relation.PROFESSIONAL: "Lärare/annan yrkesperson",
}

CONTACT_FREQUENCY = {
    ContactFrequency.WEEKLY: "Varje vecka",
    ContactFrequency.FORTNIGHTLY: "Varannan vecka",
    ContactFrequency.MONTHLY: "Varje månad",
    ContactFrequency.QUARTERLY: "Varje kvartal",
    ContactFrequency.YEARLY: "Varje år",
    ContactFrequency.NONE: "Ingen planerad",
}

KINSHIP_ASSESSMENT = {
    KinshipAssessment.NOT_ASSESSED: "Inte utredd",
    KinshipAssessment.IN_PROGRESS: "Utreds",
    KinshipAssessment.SUITABLE: "Lämplig",
    KinshipAssessment.NOT_SUITABLE: "Inte lämplig",
}

NETWORK_CONCLUSION = {
    NetworkConclusion.KINSHIP_POSSIBLE: "Nätverkshem möjligt",
    NetworkConclusion.NO_SUITABLE_KINSHIP: "Inget lämpligt nätverkshem",
    NetworkConclusion.IN_PROGRESS: "Pågår",
}

SCHOOL_KIND = {
    SchoolKind.PRESCHOOL: "Förskola",
    SchoolKind.PRIMARY_F6: "Grundskola F–6",
    SchoolKind.PRIMARY_79: "Grundskola 7–9",
    SchoolKind.PRIMARY_F9: "Grundskola F–9",
    SchoolKind.UPPER_SECONDARY: "Gymnasium",
    SchoolKind.ADAPTED: "Anpassad skola",
}

CONTINUITY_VERDICT = {
    ContinuityVerdict.CAN_STAY: "Kan gå kvar",
    ContinuityVerdict.STAY_WITH_TRANSPORT: "Kan gå kvar med skolskjuts",
    ContinuityVerdict.MUST_CHANGE: "Måste byta skola",
    ContinuityVerdict.NO_SCHOOL: "Ingen skola",
}

CHILD_SORT = {
    ChildSort.NAME: "Efternamn A–Ö",
    ChildSort.NEWEST: "Senast registrerade",
    ChildSort.AGE: "Yngst först",
}

IMPORTANCE = {3: "Mycket viktig", 2: "Viktig", 1: "Viss betydelse"}

BY_ENUM.update({
    Gender: GENDER,
    NeedLevel: NEED_LEVEL,
    Relation: RELATION,
    ContactFrequency: CONTACT_FREQUENCY,
    KinshipAssessment: KINSHIP_ASSESSMENT,
    NetworkConclusion: NETWORK_CONCLUSION,
    SchoolKind: SCHOOL_KIND,
    ContinuityVerdict: CONTINUITY_VERDICT,
    ChildSort: CHILD_SORT,
})

AUDIT_OBJECT_TYPE.update({
    "child": "Barn",
    "child_wish": "Barnets åsikter",
    "network_member": "Person i nätverket",
    "school": "Skola",
    "enrolment": "Skolgång",
})

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

from placements.schemas import LegalBasis, RequestKind, RequestStatus, Urgency

REQUEST_KIND = {
    RequestKind.LONG_TERM: "Långsiktig",
    RequestKind.EMERGENCY: "Jour",
    RequestKind.RESPITE: "Avlastning",
}

LEGAL_BASIS = {
    LegalBasis.SOL: "SoL (frivillig)",
    LegalBasis.LVU_2: "LVU 2 § (hemmiljön)",
    LegalBasis.LVU_3: "LVU 3 § (eget beteende)",
    LegalBasis.LVU_6: "LVU 6 § (omedelbart omhändertagande)",
}

URGENCY = {Urgency.NORMAL: "Normal", Urgency.HIGH: "Hög", Urgency.ACUTE: "Akut"}

REQUEST_STATUS = {
    RequestStatus.OPEN: "Öppen",
    RequestStatus.MATCHED: "Matchad",
    RequestStatus.PLACED: "Placerad",
    RequestStatus.WITHDRAWN: "Återkallad",
}

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
    "min-cost flow": "Minkostnadsflöde (min-cost flow)",
    "heltalsprogram (HiGHS)": "Heltalsprogram (HiGHS)",
}

BY_ENUM.update({
    RequestKind: REQUEST_KIND,
    LegalBasis: LEGAL_BASIS,
    Urgency: URGENCY,
    RequestStatus: REQUEST_STATUS,
})

AUDIT_OBJECT_TYPE.update({
    "placement_request": "Förfrågan",
    "decision_record": "Matchningsunderlag",
})

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
    "chosen_home_id": "Valt hem",
    "motive": "Motivering",
    "reason": "Skäl",
    "version": "Version",
    "request_ids": "Förfrågningar",
}


def request_field_label(path: str) -> str:
    """``child_ids.1`` → ``Barn``; unknown paths are shown as they are."""
    return REQUEST_FIELDS.get(_ROW.sub("", path), path)


# ---------------------------------------------------------------- placements (Placeringar) and follow-ups (Uppföljning)

from foster_homes.schemas import InstitutionKind  # noqa: E402
from placements.schemas import EndReason, FollowupStatus, PlacementSetting

END_REASON = {
    EndReason.PLANNED_RETURN_HOME: "Planerad återgång hem",
    EndReason.CUSTODY_TRANSFER: "Vårdnadsöverflyttning",
    EndReason.ADOPTION: "Adoption",
    EndReason.AGE: "Ålder",
    EndReason.PLANNED_MOVE: "Planerad flytt",
    EndReason.UNPLANNED_MOVE: "Oplanerad flytt (sammanbrott)",
    EndReason.OTHER: "Annat",
}

PLACEMENT_SETTING = {
    PlacementSetting.FAMILY_HOME: "Familjehem",
    PlacementSetting.EMERGENCY_HOME: "Jourhem",
    PlacementSetting.INSTITUTION: "Institution",
}

FOLLOWUP_STATUS = {
    FollowupStatus.OPEN: "Öppen",
    FollowupStatus.DONE: "Gjord",
    FollowupStatus.CANCELLED: "Inställd",
}

INSTITUTION_KIND = {
    InstitutionKind.HVB: "HVB",
    InstitutionKind.SIS: "Särskilt ungdomshem (SiS)",
    InstitutionKind.SUPPORTED_HOUSING: "Stödboende",
}

BY_ENUM.update({
    EndReason: END_REASON,
    PlacementSetting: PLACEMENT_SETTING,
    FollowupStatus: FOLLOWUP_STATUS,
    InstitutionKind: INSTITUTION_KIND,
})

AUDIT_OBJECT_TYPE.update({
    "placement": "Placering",
    "followup_item": "Uppföljning",
    "calendar_feed": "Kalenderadress",
})


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
}


def placement_field_label(path: str) -> str:
    return PLACEMENT_FIELDS.get(_ROW.sub("", path), path)
