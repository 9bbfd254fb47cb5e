"""Input and output of the child's record: needs, wishes, siblings, network members and examinations."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo, field_validator

from core import clock
from core.identity_numbers import birth_date_of, normalize_personal_number
from core.schemas import (
    AddressIn,
    AddressOut,
    BbicDomain,
    blank_to_none,
    each_once,
    InputModel,
    Latitude,
    Longitude,
    LongText,
    MAX_CHILD_AGE,
    OptionalLongText,
    OptionalPlaceText,
    OptionalShortText,
    OutputModel,
    PageNumber,
    PastDate,
    PlaceText,
    PostalCode,
    ShortText,
    StaffRef,
    TagList,
    WordList,
)


class Gender(enum.StrEnum):
    GIRL = "girl"  # flicka
    BOY = "boy"  # pojke
    OTHER = "other"  # annat


class NeedLevel(enum.StrEnum):
    NONE = "none"
    SOME = "some"
    SUBSTANTIAL = "substantial"
    CRITICAL = "critical"


NEED_LEVEL_ORDER = {NeedLevel.NONE: 0, NeedLevel.SOME: 1, NeedLevel.SUBSTANTIAL: 2, NeedLevel.CRITICAL: 3}


class Relation(enum.StrEnum):
    MOTHER = "mother"
    FATHER = "father"
    SIBLING = "sibling"
    HALF_SIBLING = "half_sibling"
    GRANDPARENT = "grandparent"
    MATERNAL_AUNT = "maternal_aunt"  # moster
    PATERNAL_AUNT = "paternal_aunt"  # faster
    MATERNAL_UNCLE = "maternal_uncle"  # morbror
    PATERNAL_UNCLE = "paternal_uncle"  # farbror
    AUNT_UNCLE = "aunt_uncle"  # one of the four, not said which (records from before they were told apart)
    COUSIN = "cousin"
    OTHER_RELATIVE = "other_relative"
    FAMILY_FRIEND = "family_friend"
    NEIGHBOUR = "neighbour"
    PROFESSIONAL = "professional"  # teacher, coach or other professional


RELATIVES = {
    Relation.MOTHER,
    Relation.FATHER,
    Relation.SIBLING,
    Relation.HALF_SIBLING,
    Relation.GRANDPARENT,
    Relation.MATERNAL_AUNT,
    Relation.PATERNAL_AUNT,
    Relation.MATERNAL_UNCLE,
    Relation.PATERNAL_UNCLE,
    Relation.AUNT_UNCLE,
    Relation.COUSIN,
    Relation.OTHER_RELATIVE,
}


class ContactFrequency(enum.StrEnum):
    """Planned contact (umgänge)."""

    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    NONE = "none"


# Contacts per year, used to weight how much living close to a person matters.
CONTACTS_PER_YEAR = {
    ContactFrequency.WEEKLY: 52,
    ContactFrequency.FORTNIGHTLY: 26,
    ContactFrequency.MONTHLY: 12,
    ContactFrequency.QUARTERLY: 4,
    ContactFrequency.YEARLY: 1,
    ContactFrequency.NONE: 0,
}


class KinshipAssessment(enum.StrEnum):
    """Whether a network member has been assessed as a possible kinship home (nätverkshem)."""

    NOT_ASSESSED = "not_assessed"
    IN_PROGRESS = "in_progress"
    SUITABLE = "suitable"
    NOT_SUITABLE = "not_suitable"


class NetworkConclusion(enum.StrEnum):
    KINSHIP_POSSIBLE = "kinship_possible"
    NO_SUITABLE_KINSHIP = "no_suitable_kinship"
    IN_PROGRESS = "in_progress"


class ChildSort(enum.StrEnum):
    NAME = "name"
    NEWEST = "-created"
    AGE = "age"


# ---------------------------------------------------------------- input

def _child_personal_number(value: str) -> str:
    number = normalize_personal_number(value)
    age = (clock.today() - birth_date_of(number)).days // 365
    if age > MAX_CHILD_AGE:
        raise ValueError(f"Personen är över {MAX_CHILD_AGE} år och kan inte registreras som barn.")
    return number


class ChildIn(InputModel):
    first_name: ShortText
    last_name: ShortText
    personal_number: Annotated[str, AfterValidator(_child_personal_number)]
    gender: Gender
    languages: WordList = []
    religion_culture: OptionalShortText = None
    """Only where the family asks for it to be considered."""
    allergies: TagList = []
    """E.g. hund, katt, häst, pälsdjur, nötter: matched against the homes' pets."""
    health_notes: OptionalLongText = None
    responsible_worker_id: uuid.UUID | None = None
    protected_identity: bool = False
    address: AddressIn | None = None


class ChildUpdate(ChildIn):
    version: int = Field(ge=1)


class NeedIn(InputModel):
    domain: BbicDomain
    level: NeedLevel
    description: OptionalLongText = None


class NeedsIn(InputModel):
    """A needs assessment: one or more domains, dated. Earlier levels stay as history."""

    assessed_on: PastDate = Field(default_factory=clock.today)
    needs: list[NeedIn] = Field(min_length=1, max_length=7)

    @field_validator("needs")
    @classmethod
    def _one_per_domain(cls, needs: list[NeedIn]) -> list[NeedIn]:
        return each_once(needs, lambda need: need.domain, "Varje BBIC-område får bara anges en gång.")


class WishIn(InputModel):
    """Barnets åsikter: what the child said, and when."""

    said_on: PastDate
    text: LongText


class SiblingIn(InputModel):
    child_id: uuid.UUID
    half: bool = False


class MemberLocationIn(InputModel):
    street: OptionalShortText = None
    postal_code: Annotated[PostalCode | None, BeforeValidator(blank_to_none)] = None
    city: OptionalPlaceText = None
    municipality: PlaceText
    latitude: Latitude
    longitude: Longitude


class NetworkMemberIn(InputModel):
    name: ShortText
    personal_number: Annotated[str | None, AfterValidator(lambda v: normalize_personal_number(v) if v else None)] = None
    relation: Relation
    importance: int = Field(ge=1, le=3, description="1 = some, 2 = important, 3 = very important to the child")
    contact_frequency: ContactFrequency = ContactFrequency.NONE
    location: MemberLocationIn | None = None
    willing_kinship_home: bool = False
    kinship_assessment: KinshipAssessment = KinshipAssessment.NOT_ASSESSED
    kinship_home_id: uuid.UUID | None = None
    """The foster home registered for this person, when they are (or become) the child's network home."""
    protected_from: bool = False
    protected_reason: OptionalLongText = Field(default=None, validate_default=True)
    note: OptionalLongText = None

    @field_validator("personal_number", mode="before")
    @classmethod
    def _blank_number(cls, value):
        return blank_to_none(value)

    @field_validator("protected_reason")
    @classmethod
    def _reason_for_protection(cls, reason: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("protected_from") and not reason:
            raise ValueError("Ange skälet till att barnet ska skyddas från personen.")
        return reason


class NetworkMemberUpdate(NetworkMemberIn):
    version: int = Field(ge=1)


class NetworkExaminationIn(InputModel):
    """Network first: the record that the child's network was examined before placing elsewhere."""

    examined_on: PastDate
    conclusion: NetworkConclusion
    note: LongText


class ChildFilter(InputModel):
    worker_id: uuid.UUID | None = None
    need_domain: BbicDomain | None = None
    min_need_level: NeedLevel | None = Field(default=None, validate_default=True)
    protected: bool | None = None
    q: OptionalShortText = None
    sort: ChildSort = ChildSort.NAME
    page: PageNumber = 1
    page_size: int = Field(default=50, ge=1, le=200)

    @field_validator("min_need_level")
    @classmethod
    def _level_needs_domain(cls, level: NeedLevel | None, info: ValidationInfo) -> NeedLevel | None:
        if info.data.get("need_domain") is not None and level is None:
            return NeedLevel.SUBSTANTIAL
        return level


# ---------------------------------------------------------------- output

class NeedOut(OutputModel):
    domain: BbicDomain
    level: NeedLevel
    description: str | None
    assessed_on: dt.date
    recorded_by: str
    recorded_at: dt.datetime


class WishOut(OutputModel):
    id: uuid.UUID
    said_on: dt.date
    text: str
    recorded_by: str


class SiblingOut(OutputModel):
    id: uuid.UUID
    name: str
    birth_date: dt.date
    half: bool


class NetworkExaminationOut(OutputModel):
    examined_on: dt.date
    conclusion: NetworkConclusion
    note: str
    recorded_by: str


class ChildOut(OutputModel):
    id: uuid.UUID
    reference: str
    """Stable pseudonymous reference (for aggregates and the budget group)."""
    first_name: str
    last_name: str
    personal_number: str
    birth_date: dt.date
    age: int
    gender: Gender
    languages: list[str]
    religion_culture: str | None
    allergies: list[str]
    health_notes: str | None
    responsible_worker: StaffRef | None
    protected_identity: bool
    location_hidden: bool
    location_notice: str | None
    address: AddressOut | None
    needs: list[NeedOut]
    """The current level per domain (the latest assessment of each)."""
    wishes: list[WishOut]
    siblings: list[SiblingOut]
    network_examinations: list[NetworkExaminationOut]
    assigned_staff: list[StaffRef]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class ChildSummary(OutputModel):
    id: uuid.UUID
    reference: str
    name: str
    personal_number: str
    """Always masked in lists."""
    age: int
    gender: Gender
    responsible_worker: StaffRef | None
    protected_identity: bool
    municipality: str | None
    top_needs: list[NeedOut]
    """Domains assessed substantial or critical."""
    version: int


class MemberLocationOut(OutputModel):
    street: str | None
    postal_code: str | None
    city: str | None
    municipality: str
    latitude: float
    longitude: float


class NetworkMemberOut(OutputModel):
    id: uuid.UUID
    name: str
    personal_number: str | None
    relation: Relation
    importance: int
    contact_frequency: ContactFrequency
    location: MemberLocationOut | None
    willing_kinship_home: bool
    kinship_assessment: KinshipAssessment
    kinship_home_id: uuid.UUID | None
    protected_from: bool
    protected_reason: str | None
    note: str | None
    version: int
