"""Input and output of the register. Validation lives here so the API, the pages and an importer share it."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Annotated, NamedTuple

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from core import clock
from core.schemas import (
    AddressIn,
    AddressOut,
    Age,
    BbicDomain,
    blank_to_none,
    DistanceKm,
    each_once,
    Email,
    InputModel,
    Latitude,
    Longitude,
    LongText,
    MAX_CHILD_AGE,
    Money,
    OptionalDate,
    OptionalLongText,
    OptionalPastDate,
    OptionalPlaceText,
    OptionalShortText,
    OrganisationNumber,
    OutputModel,
    PageNumber,
    PastDate,
    PersonalNumber,
    PlaceText,
    PostalCode,
    ShortText,
    StaffRef,
    TagList,
    WordList,
)


class HomeKind(enum.StrEnum):
    OWN = "own"  # familjehem i egen regi
    CONSULTANT = "consultant"  # konsulentstött familjehem
    KINSHIP = "kinship"  # nätverkshem
    EMERGENCY = "emergency"  # jourhem
    REINFORCED = "reinforced"  # förstärkt familjehem


OWN_HOME_KINDS = frozenset({HomeKind.OWN, HomeKind.KINSHIP, HomeKind.EMERGENCY, HomeKind.REINFORCED})
"""The municipality's own homes (egen regi), paid by the rate card; a consultant home is a bought place."""


class HomeStatus(enum.StrEnum):
    APPLICANT = "applicant"
    UNDER_ASSESSMENT = "under_assessment"
    APPROVED = "approved"
    PAUSED = "paused"
    CLOSED = "closed"


# Which status may follow which. Closed is final: a home that returns is registered anew.
STATUS_TRANSITIONS: dict[HomeStatus, set[HomeStatus]] = {
    HomeStatus.APPLICANT: {HomeStatus.UNDER_ASSESSMENT, HomeStatus.CLOSED},
    HomeStatus.UNDER_ASSESSMENT: {HomeStatus.APPROVED, HomeStatus.APPLICANT, HomeStatus.CLOSED},
    HomeStatus.APPROVED: {HomeStatus.PAUSED, HomeStatus.UNDER_ASSESSMENT, HomeStatus.CLOSED},
    HomeStatus.PAUSED: {HomeStatus.APPROVED, HomeStatus.CLOSED},
    HomeStatus.CLOSED: set(),
}


class PlacementKind(enum.StrEnum):
    LONG_TERM = "long_term"
    EMERGENCY = "emergency"
    RESPITE = "respite"  # avlastning / kontaktfamilj-liknande växelvis vistelse


class GenderPreference(enum.StrEnum):
    ANY = "any"
    GIRL = "girl"
    BOY = "boy"


class ExperienceLevel(enum.StrEnum):
    NONE = "none"
    SOME = "some"
    SUBSTANTIAL = "substantial"
    EXTENSIVE = "extensive"


class HouseholdChildRelation(enum.StrEnum):
    OWN = "own"
    PLACED = "placed"


class Pet(enum.StrEnum):
    DOG = "dog"
    CAT = "cat"
    HORSE = "horse"
    RODENT = "rodent"
    BIRD = "bird"
    OTHER = "other"


class AssessmentOutcome(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class SupportContactKind(enum.StrEnum):
    HOME_VISIT = "home_visit"
    PHONE = "phone"
    SUPERVISION = "supervision"  # handledning
    TRAINING = "training"
    MEETING = "meeting"
    OTHER = "other"


class ContractLevel(enum.StrEnum):
    """Home level in an agency's price list."""

    STANDARD = "standard"
    REINFORCED = "reinforced"
    EMERGENCY = "emergency"


class InstitutionKind(enum.StrEnum):
    HVB = "hvb"
    SIS = "sis"  # särskilt ungdomshem
    SUPPORTED_HOUSING = "supported_housing"  # stödboende


class HomeSort(enum.StrEnum):
    NAME = "name"
    NAME_DESC = "-name"
    MUNICIPALITY = "municipality"
    FREE_PLACES = "-free_places"
    DISTANCE = "distance"
    NEWEST = "-created"


SUGGESTED_TAGS = [
    "trauma",
    "npf",
    "medicinsk_omvardnad",
    "missbruk_i_familjen",
    "ensamkommande",
    "spadbarn",
    "funktionsnedsattning",
    "tonaringar",
    "hedersrelaterat",
    "syskongrupper",
]

MAX_PLACES = 20


# ---------------------------------------------------------------- validators


def _unique_placement_kinds(values: list[PlacementKind]) -> list[PlacementKind]:
    return list(dict.fromkeys(values))


def _check_age_max(age_max: int, info: ValidationInfo) -> int:
    age_min = info.data.get("age_min")
    if age_min is not None and age_max < age_min:
        raise ValueError("Högsta ålder kan inte vara lägre än lägsta ålder.")
    return age_max


def _check_point_complete(near_lon: float | None, info: ValidationInfo) -> float | None:
    if (near_lon is None) != (info.data.get("near_lat") is None):
        raise ValueError("Ange både latitud och longitud för punkten.")
    return near_lon


def _check_radius_needs_point(within_km: float | None, info: ValidationInfo) -> float | None:
    if within_km is not None and info.data.get("near_lon") is None:
        raise ValueError("Ett avstånd kräver en punkt (near_lat och near_lon).")
    return within_km


# ---------------------------------------------------------------- foster homes: input


class CapacityIn(InputModel):
    places: int = Field(ge=0, le=MAX_PLACES)
    age_min: Age = 0
    age_max: Age = 17
    max_sibling_group: int = Field(default=1, ge=1, le=10)
    gender_preference: GenderPreference = GenderPreference.ANY
    placement_kinds: Annotated[list[PlacementKind], AfterValidator(_unique_placement_kinds)] = Field(min_length=1)
    available_from: OptionalDate = None

    _age_order = field_validator("age_max")(_check_age_max)


class HouseholdAdultIn(InputModel):
    name: ShortText
    personal_number: PersonalNumber
    languages: WordList = []
    occupation: OptionalShortText = None


class HouseholdChildIn(InputModel):
    birth_year: int
    relation: HouseholdChildRelation
    placed_from: OptionalDate = Field(default=None, validate_default=True)
    placed_until: OptionalDate = Field(default=None, validate_default=True)
    placing_municipality: OptionalPlaceText = None
    note: OptionalLongText = None

    @field_validator("birth_year")
    @classmethod
    def _plausible_birth_year(cls, year: int) -> int:
        this_year = clock.today().year
        if not this_year - 40 <= year <= this_year:
            raise ValueError(f"Födelseåret ska ligga mellan {this_year - 40} och {this_year}.")
        return year

    @field_validator("placed_from")
    @classmethod
    def _placed_needs_start(cls, placed_from: dt.date | None, info: ValidationInfo) -> dt.date | None:
        if info.data.get("relation") == HouseholdChildRelation.PLACED and placed_from is None:
            raise ValueError("Ange från vilket datum barnet är placerat i hemmet.")
        if info.data.get("relation") == HouseholdChildRelation.OWN and placed_from is not None:
            raise ValueError("Bara placerade barn har ett placeringsdatum.")
        return placed_from

    @field_validator("placed_until")
    @classmethod
    def _period_order(cls, placed_until: dt.date | None, info: ValidationInfo) -> dt.date | None:
        placed_from = info.data.get("placed_from")
        if placed_until is not None and placed_from is not None and placed_until <= placed_from:
            raise ValueError("Slutdatum måste vara efter startdatum.")
        return placed_until


class DomainCompetenceIn(InputModel):
    domain: BbicDomain
    experience: ExperienceLevel
    note: OptionalLongText = None


class TrainingIn(InputModel):
    name: ShortText
    completed_on: PastDate
    domain: BbicDomain | None = None


class AssessmentIn(InputModel):
    started_on: PastDate
    assessor: ShortText
    outcome: AssessmentOutcome = AssessmentOutcome.PENDING
    completed_on: OptionalPastDate = Field(default=None, validate_default=True)
    note: OptionalLongText = None

    @field_validator("completed_on")
    @classmethod
    def _completed(cls, completed_on: dt.date | None, info: ValidationInfo) -> dt.date | None:
        started_on, outcome = info.data.get("started_on"), info.data.get("outcome")
        if completed_on is not None and started_on is not None and completed_on < started_on:
            raise ValueError("Utredningen kan inte vara klar före startdatum.")
        if completed_on is None and outcome in (AssessmentOutcome.APPROVED, AssessmentOutcome.REJECTED):
            raise ValueError("Ange när utredningen blev klar.")
        return completed_on


class FosterHomeIn(InputModel):
    """Everything about a home that a secretary edits in one form; the status has its own actions."""

    name: ShortText
    kind: HomeKind
    agency_id: uuid.UUID | None = Field(default=None, validate_default=True)
    contract_level: ContractLevel | None = Field(default=None, validate_default=True)
    address: AddressIn
    capacity: CapacityIn
    household_adults: list[HouseholdAdultIn] = Field(min_length=1, max_length=6)
    household_children: list[HouseholdChildIn] = Field(default=[], max_length=15)
    domain_competences: list[DomainCompetenceIn] = []
    tags: TagList = []
    religion_culture: OptionalShortText = None
    pets: Annotated[list[Pet], AfterValidator(lambda pets: list(dict.fromkeys(pets)))] = []
    smoking: bool = False
    wishes: OptionalLongText = None
    protected_identity: bool = False
    """Skyddade personuppgifter: the location is then shown only to staff assigned to the home."""
    trainings: list[TrainingIn] = Field(default=[], max_length=50)
    assessments: list[AssessmentIn] = Field(default=[], max_length=10)

    @field_validator("agency_id")
    @classmethod
    def _agency_only_for_consultant(cls, agency_id: uuid.UUID | None, info: ValidationInfo) -> uuid.UUID | None:
        kind = info.data.get("kind")
        if kind == HomeKind.CONSULTANT and agency_id is None:
            raise ValueError("Ett konsulentstött hem måste ha en konsulentverksamhet.")
        if kind is not None and kind != HomeKind.CONSULTANT and agency_id is not None:
            raise ValueError("Bara konsulentstödda hem har en konsulentverksamhet.")
        return agency_id

    @field_validator("contract_level")
    @classmethod
    def _level_only_for_consultant(cls, level: ContractLevel | None, info: ValidationInfo) -> ContractLevel | None:
        kind = info.data.get("kind")
        if kind == HomeKind.CONSULTANT and level is None:
            raise ValueError("Ange hemmets nivå i konsulentverksamhetens prislista.")
        if kind is not None and kind != HomeKind.CONSULTANT and level is not None:
            raise ValueError("Bara konsulentstödda hem har en avtalsnivå.")
        return level

    @field_validator("domain_competences")
    @classmethod
    def _one_per_domain(cls, values: list[DomainCompetenceIn]) -> list[DomainCompetenceIn]:
        return each_once(values, lambda value: value.domain, "Varje BBIC-område får bara anges en gång.")

    @field_validator("household_adults")
    @classmethod
    def _distinct_adults(cls, adults: list[HouseholdAdultIn]) -> list[HouseholdAdultIn]:
        return each_once(adults, lambda adult: adult.personal_number, "Samma personnummer finns två gånger i hushållet.")


class FosterHomeCreate(FosterHomeIn):
    status: HomeStatus = Field(default=HomeStatus.APPLICANT, validate_default=True)
    status_changed_on: PastDate = Field(default_factory=clock.today)
    """Since when the home has its status (earlier than today when a home is moved in from another system)."""
    status_reason: OptionalLongText = None

    @field_validator("status")
    @classmethod
    def _initial_status(cls, status: HomeStatus, info: ValidationInfo) -> HomeStatus:
        if status in (HomeStatus.PAUSED, HomeStatus.CLOSED):
            raise ValueError("Ett nytt hem registreras som ansökan, under utredning eller godkänt.")
        if status == HomeStatus.APPROVED:
            _require_approved_assessment(info.data.get("assessments"))
        return status


class FosterHomeUpdate(FosterHomeIn):
    version: int = Field(ge=1)


def _require_approved_assessment(assessments: list[AssessmentIn] | None) -> None:
    if not any(a.outcome == AssessmentOutcome.APPROVED for a in assessments or []):
        raise ValueError("Ett hem kan bara godkännas efter en familjehemsutredning med utfallet godkänt.")


class StatusChangeIn(InputModel):
    status: HomeStatus
    changed_on: PastDate = Field(default_factory=clock.today)
    reason: OptionalLongText = Field(default=None, validate_default=True)
    confirm_children: bool = False
    """That the status changes although placed children live in the home (the service asks for it then)."""
    version: int = Field(ge=1)

    @field_validator("reason")
    @classmethod
    def _reason_given(cls, reason: str | None) -> str | None:
        if reason is None:
            raise ValueError("Ange skälet till statusändringen.")
        return reason


class CloseIn(InputModel):
    closed_on: PastDate = Field(default_factory=clock.today)
    reason: LongText
    version: int = Field(ge=1)


class SupportContactIn(InputModel):
    contact_date: PastDate
    kind: SupportContactKind
    staff_name: ShortText
    note: LongText


class FosterHomeFilter(InputModel):
    """List filters, shared by the API and the Familjehem page."""

    kind: list[HomeKind] = []
    status: list[HomeStatus] = []
    free_at: OptionalDate = None
    """Count free places on this date (default today)."""
    min_free: int | None = Field(default=None, ge=1, le=MAX_PLACES)
    """Only homes with at least this many free places at ``free_at`` (approved, available by then)."""
    unassigned: bool = False
    """Only homes no staff member is assigned to (no family-care secretary follows them)."""
    assigned_to: uuid.UUID | None = None
    """Only the homes this staff member is assigned to."""
    accepts_age: int | None = Field(default=None, ge=0, le=MAX_CHILD_AGE)
    municipality: OptionalShortText = None
    tag: TagList = []
    q: OptionalShortText = None
    near_lat: Latitude | None = None
    near_lon: Longitude | None = Field(default=None, validate_default=True)
    within_km: DistanceKm | None = Field(default=None, validate_default=True)
    sort: HomeSort = Field(default=HomeSort.NAME, validate_default=True)
    page: PageNumber = 1
    page_size: int = Field(default=50, ge=1, le=200)

    _point_complete = field_validator("near_lon")(_check_point_complete)
    _radius_needs_point = field_validator("within_km")(_check_radius_needs_point)

    @field_validator("sort")
    @classmethod
    def _distance_needs_point(cls, sort: HomeSort, info: ValidationInfo) -> HomeSort:
        if sort == HomeSort.DISTANCE and info.data.get("near_lon") is None:
            raise ValueError("Sortering på avstånd kräver en punkt (near_lat och near_lon).")
        return sort

    @property
    def has_point(self) -> bool:
        return self.near_lat is not None and self.near_lon is not None


# ---------------------------------------------------------------- foster homes: output


class AgencyRef(OutputModel):
    id: uuid.UUID
    name: str


class HouseholdAdultOut(OutputModel):
    name: str
    personal_number: str
    """Masked unless the reader's role needs the whole number."""
    languages: list[str]
    occupation: str | None


class HouseholdAdultListed(OutputModel):
    name: str
    personal_number: str
    """Always masked in lists (``YYYYMMDD-****``)."""


class AssignmentIn(InputModel):
    user_id: uuid.UUID


class HouseholdChildOut(OutputModel):
    birth_year: int
    relation: HouseholdChildRelation
    placed_from: dt.date | None
    placed_until: dt.date | None
    placing_municipality: str | None
    note: str | None
    booked: bool = False
    """A child placed through Placera: its placement keeps the row; an edit of the home does not change it."""


class DomainCompetenceOut(OutputModel):
    domain: BbicDomain
    experience: ExperienceLevel
    note: str | None


class TrainingOut(OutputModel):
    name: str
    completed_on: dt.date
    domain: BbicDomain | None


class AssessmentOut(OutputModel):
    started_on: dt.date
    completed_on: dt.date | None
    assessor: str
    outcome: AssessmentOutcome
    note: str | None


class StatusChangeOut(OutputModel):
    status: HomeStatus
    changed_on: dt.date
    reason: str | None
    recorded_at: dt.datetime


class CapacityOut(OutputModel):
    places: int
    age_min: int
    age_max: int
    max_sibling_group: int
    gender_preference: GenderPreference
    placement_kinds: list[PlacementKind]
    available_from: dt.date | None


class FosterHomeOut(OutputModel):
    id: uuid.UUID
    name: str
    reference: str
    kind: HomeKind
    status: HomeStatus
    agency: AgencyRef | None
    contract_level: ContractLevel | None
    protected_identity: bool
    location_hidden: bool
    """True when the home is protected and the reader is not assigned to it: address is then null."""
    location_notice: str | None
    address: AddressOut | None
    capacity: CapacityOut
    occupied_places: int
    free_places: int
    """Free places today: places minus placed children living in the home today."""
    household_adults: list[HouseholdAdultOut]
    household_children: list[HouseholdChildOut]
    languages: list[str]
    """Languages spoken in the household (from its adults)."""
    domain_competences: list[DomainCompetenceOut]
    tags: list[str]
    religion_culture: str | None
    pets: list[Pet]
    smoking: bool
    wishes: str | None
    trainings: list[TrainingOut]
    assessments: list[AssessmentOut]
    status_history: list[StatusChangeOut]
    assigned_staff: list[StaffRef]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class FosterHomeSummary(OutputModel):
    """One row of the register list. Personal numbers are masked here."""

    id: uuid.UUID
    name: str
    reference: str
    kind: HomeKind
    status: HomeStatus
    agency_name: str | None
    location_hidden: bool
    municipality: str | None
    city: str | None
    places: int
    free_places: int
    free_places_on: dt.date
    age_min: int
    age_max: int
    placement_kinds: list[PlacementKind]
    tags: list[str]
    adults: list[HouseholdAdultListed]
    distance_km: float | None = None
    version: int


class SupportContactOut(OutputModel):
    id: uuid.UUID
    contact_date: dt.date
    kind: SupportContactKind
    staff_name: str
    note: str
    recorded_at: dt.datetime


# ---------------------------------------------------------------- agencies

class AgencyIn(InputModel):
    name: ShortText
    organisation_number: OrganisationNumber
    municipality: OptionalPlaceText = None
    contact_person: OptionalShortText = None
    phone: Annotated[Annotated[str, StringConstraints(max_length=40)] | None, BeforeValidator(blank_to_none)] = None
    email: Email = None


class AgencyUpdate(AgencyIn):
    version: int = Field(ge=1)


class ContractPriceIn(InputModel):
    level: ContractLevel
    daily_price: Money


class ContractIn(InputModel):
    reference: PlaceText
    valid_from: dt.date
    valid_to: OptionalDate = None
    prices: list[ContractPriceIn] = Field(min_length=1)

    @field_validator("valid_to")
    @classmethod
    def _period_order(cls, valid_to: dt.date | None, info: ValidationInfo) -> dt.date | None:
        valid_from = info.data.get("valid_from")
        if valid_to is not None and valid_from is not None and valid_to < valid_from:
            raise ValueError("Avtalet kan inte sluta före det börjar.")
        return valid_to

    @field_validator("prices")
    @classmethod
    def _one_price_per_level(cls, prices: list[ContractPriceIn]) -> list[ContractPriceIn]:
        return each_once(prices, lambda price: price.level, "Varje nivå får bara ha ett dygnspris.")


class ContractPriceOut(OutputModel):
    level: ContractLevel
    daily_price: Decimal


class ContractOut(OutputModel):
    id: uuid.UUID
    reference: str
    valid_from: dt.date
    valid_to: dt.date | None
    prices: list[ContractPriceOut]


class AgencyOut(OutputModel):
    id: uuid.UUID
    name: str
    organisation_number: str
    municipality: str | None
    contact_person: str | None
    phone: str | None
    email: str | None
    active: bool
    closed_on: dt.date | None
    closed_reason: str | None
    contracts: list[ContractOut]
    version: int


class AgencyFilter(InputModel):
    active: bool | None = None
    q: OptionalShortText = None
    page: PageNumber = 1
    page_size: int = Field(default=50, ge=1, le=200)


class DeactivateIn(InputModel):
    closed_on: PastDate = Field(default_factory=clock.today)
    reason: LongText
    version: int = Field(ge=1)


# ---------------------------------------------------------------- institutions

class InstitutionIn(InputModel):
    name: ShortText
    kind: InstitutionKind
    operator: OptionalShortText = None
    street: OptionalShortText = None
    postal_code: Annotated[PostalCode | None, BeforeValidator(blank_to_none)] = None
    city: OptionalPlaceText = None
    municipality: PlaceText
    latitude: Latitude
    longitude: Longitude
    places: int = Field(ge=0, le=500)
    age_min: Age = 0
    age_max: Age = 20
    gender_preference: GenderPreference = GenderPreference.ANY
    daily_price: Money
    target_groups: TagList = []

    _age_order = field_validator("age_max")(_check_age_max)


class InstitutionUpdate(InstitutionIn):
    version: int = Field(ge=1)


class InstitutionOut(OutputModel):
    id: uuid.UUID
    name: str
    kind: InstitutionKind
    operator: str | None
    street: str | None
    postal_code: str | None
    city: str | None
    municipality: str
    latitude: float
    longitude: float
    places: int
    age_min: int
    age_max: int
    gender_preference: GenderPreference
    daily_price: Decimal
    target_groups: list[str]
    active: bool
    closed_on: dt.date | None
    closed_reason: str | None
    version: int


class InstitutionFilter(InputModel):
    kind: list[InstitutionKind] = []
    active: bool | None = None
    municipality: OptionalShortText = None
    accepts_age: int | None = Field(default=None, ge=0, le=MAX_CHILD_AGE)
    near_lat: Latitude | None = None
    near_lon: Longitude | None = Field(default=None, validate_default=True)
    within_km: DistanceKm | None = Field(default=None, validate_default=True)
    page: PageNumber = 1
    page_size: int = Field(default=50, ge=1, le=200)

    _point_complete = field_validator("near_lon")(_check_point_complete)
    _radius_needs_point = field_validator("within_km")(_check_radius_needs_point)


# ---------------------------------------------------------------- facts for matching (rows, not models)
# What service.homes_for_matching, placed_children_for_matching, contract_prices_for_matching and locations_of
# return: one named tuple per row, its fields the statement's columns in order (read them by name).


class HomeFacts(NamedTuple):
    """A home that could take a child (approved or paused), as matching's in-memory copy reads it."""

    id: uuid.UUID
    name: str
    kind: HomeKind
    status: HomeStatus
    available_from: dt.date | None
    places: int
    placement_kinds: list[str]
    age_min: int
    age_max: int
    max_sibling_group: int
    gender_preference: GenderPreference
    tags: list[str]
    pets: list[str]
    latitude: float
    longitude: float
    municipality: str
    religion_culture: str | None
    protected_identity: bool
    agency_id: uuid.UUID | None
    contract_level: ContractLevel | None
    adult_numbers: list[str] | None  # the household adults' personal numbers; None: no adults
    languages: list[str] | None  # per adult, the adult's languages joined by ","
    experience: list[str] | None  # per domain competence, "domain:experience"
    trained: list[str] | None  # the domains the home has a training in
    reference: str
    city: str  # for telling namesakes apart (foster_homes.labels.home_label): never a protected home's shown


class PlacedChildFacts(NamedTuple):
    """A placed child in a home's household that has not left (or left within the last year)."""

    home_id: uuid.UUID
    placed_from: dt.date  # a placed child always has one (HouseholdChildIn requires it)
    placed_until: dt.date | None  # the moving day; None: ongoing
    birth_year: int


class ContractPriceFacts(NamedTuple):
    """An agency's daily price for a level, with the period its contract is in force (last day inclusive)."""

    agency_id: uuid.UUID
    level: ContractLevel
    valid_from: dt.date
    valid_to: dt.date | None  # None: until further notice
    daily_price: Decimal


class Location(NamedTuple):
    """Where a home or an institution is."""

    latitude: float
    longitude: float


# ---------------------------------------------------------------- rate cards (dated)

class FeeLevel(enum.StrEnum):
    """The fee's level (arvodesnivå) for an own, kinship or reinforced home: basic, or raised by workload."""

    BASIC = "basic"
    RAISED_1 = "raised_1"
    RAISED_2 = "raised_2"  # the default for a reinforced home
    RAISED_3 = "raised_3"


def default_fee_level(kind: HomeKind | str) -> FeeLevel:
    """The level a booking chooses unless the secretary chooses another."""
    return FeeLevel.RAISED_2 if kind == HomeKind.REINFORCED else FeeLevel.BASIC


Percent = Annotated[Decimal, Field(ge=0, le=300, max_digits=5, decimal_places=2)]


class RateCardIn(InputModel):
    """A rate card from a date. The expense allowance of an age band is its monthly amount if one is given,
    otherwise its share of the year's prisbasbelopp divided by 12 (SKR's way: 110 % and 125 %)."""

    valid_from: dt.date
    price_base_amount: Money = Field(gt=0)
    """Prisbasbelopp for the year (2024 57 300, 2025 58 800, 2026 59 200 SEK)."""
    fee_basic: Money
    fee_raised_1: Money
    fee_raised_2: Money
    fee_raised_3: Money
    allowance_older_from_age: int = Field(default=13, ge=1, le=20)
    allowance_younger_percent: Percent = Decimal("110")
    allowance_older_percent: Percent = Decimal("125")
    allowance_younger_monthly: Money | None = None
    allowance_older_monthly: Money | None = None
    social_fee_percent: Percent = Decimal("31.42")
    """Arbetsgivaravgifter on the fee (never on the expense allowance)."""
    senior_social_fee_percent: Percent = Decimal("10.21")
    senior_from_age: int = Field(default=67, ge=60, le=75)
    """A foster parent who has turned this age by the start of the year pays the senior rate (66 until 2025)."""
    note: OptionalLongText = None

    @field_validator("fee_raised_1", "fee_raised_2", "fee_raised_3")
    @classmethod
    def _levels_rise(cls, fee: Decimal, info: ValidationInfo) -> Decimal:
        below = {"fee_raised_1": "fee_basic", "fee_raised_2": "fee_raised_1", "fee_raised_3": "fee_raised_2"}[info.field_name]
        lower = info.data.get(below)
        if lower is not None and fee < lower:
            raise ValueError("En högre arvodesnivå kan inte vara lägre än nivån under.")
        return fee


class RateCardOut(OutputModel):
    id: uuid.UUID
    valid_from: dt.date
    valid_to: dt.date | None
    """The day before the next version starts; None while it is the latest."""
    price_base_amount: Decimal
    fee_basic: Decimal
    fee_raised_1: Decimal
    fee_raised_2: Decimal
    fee_raised_3: Decimal
    allowance_older_from_age: int
    allowance_younger_percent: Decimal
    allowance_older_percent: Decimal
    allowance_younger_monthly: Decimal | None
    allowance_older_monthly: Decimal | None
    allowance_younger: Decimal
    """The monthly expense allowance below the older band's age, as the card computes it."""
    allowance_older: Decimal
    social_fee_percent: Decimal
    senior_social_fee_percent: Decimal
    senior_from_age: int
    note: str | None
    created_by: str
    created_at: dt.datetime


class RetainerIn(InputModel):
    """An emergency home's retainer agreement (uppdragsavtal) from a date."""

    valid_from: dt.date
    valid_to: dt.date | None = None
    """The last day (inclusive); open-ended when not given."""
    places: int = Field(ge=1, le=20)
    """The places the home keeps ready."""
    fee_per_place_monthly: Money
    """The fee (arvode) per place and month, paid whether or not a child is placed; social fees come on top."""
    standby_allowance_monthly: Money = Decimal("0")
    """The standby allowance (beredskapsersättning) a month, for the home's costs: no social fees."""
    note: OptionalLongText = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> "RetainerIn":
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("Avtalets sista dag kan inte ligga före dess första.")
        return self


class RetainerOut(OutputModel):
    id: uuid.UUID
    home_id: uuid.UUID
    valid_from: dt.date
    valid_to: dt.date | None
    places: int
    fee_per_place_monthly: Decimal
    standby_allowance_monthly: Decimal
    note: str | None
    created_by: str


class RetainerEndIn(InputModel):
    valid_to: dt.date
    """The agreement's last day (inclusive)."""


class InstitutionPriceIn(InputModel):
    """A new daily price from a day in an open month (a past month's cost never changes)."""

    valid_from: dt.date
    daily_price: Money


class InstitutionPriceOut(OutputModel):
    valid_from: dt.date
    valid_to: dt.date | None
    """The day before the next version begins (inclusive); open-ended for the latest."""
    daily_price: Decimal
    created_by: str
