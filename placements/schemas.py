"""Input and output of placement requests, placements, follow-up rules and follow-up items."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Annotated, ClassVar

from pydantic import AfterValidator, ConfigDict, Field, ValidationInfo, field_validator

from core import clock
from core.schemas import (
    each_once,
    InputModel,
    LongText,
    Money,
    OptionalLongText,
    OptionalShortText,
    OutputModel,
    PageNumber,
    PastDate,
    PlaceText,
    ShortText,
    TagList,
)
from children.schemas import Gender
from foster_homes.schemas import FeeLevel


# ---------------------------------------------------------------- placement requests

class RequestKind(enum.StrEnum):
    LONG_TERM = "long_term"
    EMERGENCY = "emergency"
    RESPITE = "respite"


class LegalBasis(enum.StrEnum):
    SOL = "sol"  # 4 kap. 1 § SoL, frivillig vård
    LVU_2 = "lvu_2"  # 2 § LVU, hemmiljön
    LVU_3 = "lvu_3"  # 3 § LVU, eget beteende
    LVU_6 = "lvu_6"  # 6 § LVU, omedelbart omhändertagande


class Urgency(enum.IntEnum):
    NORMAL = 1
    HIGH = 2
    ACUTE = 3


class RequestStatus(enum.StrEnum):
    OPEN = "open"
    MATCHED = "matched"
    PLACED = "placed"
    WITHDRAWN = "withdrawn"


def _distinct_children(ids: list[uuid.UUID]) -> list[uuid.UUID]:
    return each_once(ids, lambda child_id: child_id, "Samma barn finns två gånger.")


ChildIds = Annotated[list[uuid.UUID], Field(min_length=1, max_length=6), AfterValidator(_distinct_children)]
"""One child, or a sibling group of up to six, each once."""


class PlacementRequestIn(InputModel):
    child_ids: ChildIds
    kind: RequestKind
    legal_basis: LegalBasis
    wanted_start: dt.date
    expected_length_months: int | None = Field(default=None, ge=1, le=240)
    together: bool = True
    """Siblings must be placed in the same home."""
    required_tags: TagList = []
    """Competences the home must have (hard)."""
    wish_tags: TagList = []
    """What the child and family wish for, matched against the home's tags (soft)."""
    wishes: OptionalLongText = None
    urgency: Urgency = Urgency.HIGH
    protection_needs: bool = False
    """The child has protection needs (skyddsbehov): followed up as an indicator, target zero waiting days."""

    @field_validator("wanted_start")
    @classmethod
    def _not_long_ago(cls, start: dt.date) -> dt.date:
        if start < clock.today() - dt.timedelta(days=31):
            raise ValueError("Önskat startdatum kan inte ligga mer än en månad bakåt i tiden.")
        return start


class WithdrawIn(InputModel):
    reason: LongText
    version: int = Field(ge=1)


class RequestFilter(InputModel):
    status: list[RequestStatus] = []
    created_by_id: uuid.UUID | None = None
    """Only the requests this account made."""
    page: PageNumber = 1
    page_size: int = Field(default=50, ge=1, le=200)


class RequestChildOut(OutputModel):
    id: uuid.UUID
    name: str
    age: int
    gender: Gender


class PlacementRequestOut(OutputModel):
    id: uuid.UUID
    reference: str
    children: list[RequestChildOut]
    kind: RequestKind
    legal_basis: LegalBasis
    wanted_start: dt.date
    expected_length_months: int | None
    together: bool
    required_tags: list[str]
    wish_tags: list[str]
    wishes: str | None
    urgency: Urgency
    protection_needs: bool
    status: RequestStatus
    waiting_days: int
    """Days since the request was made, while it is open."""
    created_by: str
    created_at: dt.datetime
    version: int


# ---------------------------------------------------------------- decision records

NOT_KINSHIP = "Nätverket först: skriv varför barnet inte placeras i ett nätverkshem."
"""A booking with anyone but kin says why (placements.service.is_kin decides what kin is)."""

WITHHELD_REASON = "Skyddade personuppgifter: matchas bara av den personal som är tilldelad hemmet"
"""Why a protected home that the reader may not locate is set aside (in a ranking and in a saved record)."""
WITHHELD_NOTICE = ("Hemmet har skyddade personuppgifter. Poäng, skäl och avstånd för det visas bara för den personal "
                   "som är tilldelad hemmet.")


class DecisionRecordOut(OutputModel):
    id: uuid.UUID
    request_id: uuid.UUID
    created_by: str
    created_at: dt.datetime
    settings: dict
    request: dict | None
    """The request as it was when the record was saved."""
    candidates: list[dict]
    excluded: list[dict]
    chosen_home_id: uuid.UUID | None
    chosen_home_name: str | None
    split: dict | None
    motive: str
    withheld_notice: str | None = None
    """Set when the chosen home is protected and the reader may not locate it."""


# ---------------------------------------------------------------- placements

class PlacementSetting(enum.StrEnum):
    """Where the child lives, as the follow-up rules and indicators distinguish it."""

    FAMILY_HOME = "family_home"  # familjehem: own, kinship, reinforced or consultant-supported
    EMERGENCY_HOME = "emergency_home"  # jourhem (or an emergency placement in any home)
    INSTITUTION = "institution"  # HVB, SiS, stödboende


class EndReason(enum.StrEnum):
    PLANNED_RETURN_HOME = "planned_return_home"  # planerad återgång hem
    CUSTODY_TRANSFER = "custody_transfer"  # vårdnadsöverflyttning
    ADOPTION = "adoption"
    AGE = "age"  # den unge fyllt 18/21
    PLANNED_MOVE = "planned_move"  # planerad flytt till annat hem
    UNPLANNED_MOVE = "unplanned_move"  # sammanbrott / oplanerad omplacering
    OTHER = "other"


class PlacementChange(enum.StrEnum):
    """What a placement record recorded (placement_records)."""

    BOOKED = "booked"
    ENDED = "ended"
    PLANNED_END = "planned_end"  # a new planned end: an extension, or an earlier end foreseen


class ExtraCostRecurrence(enum.StrEnum):
    ONCE = "once"
    MONTHLY = "monthly"


class ExtraLineKind(enum.StrEnum):
    """A placement's line beside the compensation: a cost, or a revenue that counts against the costs."""

    COST = "cost"  # e.g. a bicycle, dental care, a trip
    PARENTAL_CONTRIBUTION = "parental_contribution"  # ersättning från föräldrar (underhåll, SoF 6 kap. 2 §)
    CHILD_ALLOWANCE = "child_allowance"  # barnbidrag till familjehemmet, avräknat
    RECLAIMED = "reclaimed"  # återsökt kostnad (t.ex. Migrationsverket)
    OTHER_REVENUE = "other_revenue"

    @property
    def is_revenue(self) -> bool:
        return self != ExtraLineKind.COST


class ExtraCostIn(InputModel):
    description: ShortText
    amount: Money
    """Always positive: a revenue's kind makes it count against the costs."""
    kind: ExtraLineKind = ExtraLineKind.COST
    recurrence: ExtraCostRecurrence = ExtraCostRecurrence.ONCE
    starts_on: dt.date
    ends_on: dt.date | None = None

    @field_validator("ends_on")
    @classmethod
    def _after_start(cls, ends_on: dt.date | None, info: ValidationInfo) -> dt.date | None:
        starts_on = info.data.get("starts_on")
        if ends_on is not None and starts_on is not None and ends_on < starts_on:
            raise ValueError("Slutdatum kan inte ligga före startdatum.")
        return ends_on


class PlacementIn(InputModel):
    """Book a placement: from a request (with the decision record) or directly, into a home or an institution.

    A sibling group is booked in one go (``child_ids``; all or none). Moving a child to a new home is a new
    placement with ``previous_placement_id``: the previous one ends on the new start date."""

    child_ids: ChildIds
    request_id: uuid.UUID | None = None
    decision_record_id: uuid.UUID | None = None
    previous_placement_id: uuid.UUID | None = None
    previous_end_reason: EndReason | None = None
    foster_home_id: uuid.UUID | None = None
    institution_id: uuid.UUID | None = None
    kind: RequestKind
    legal_basis: LegalBasis
    decided_on: PastDate
    decided_by: ShortText
    """The deciding body: socialnämnden, its committee, the chair (ordförandebeslut) or a delegated officer."""
    starts_on: dt.date
    planned_end: dt.date | None = None
    responsible_worker_id: uuid.UUID | None = None
    family_care_secretary_id: uuid.UUID | None = None
    fee_monthly: Money | None = None
    """Arvode per month (own homes; from the rate card unless given)."""
    expense_allowance_monthly: Money | None = None
    """Omkostnadsersättning per month (own homes; by the child's age unless given)."""
    daily_price: Money | None = None
    """Per care day (consultant homes from the agency contract, institutions from their price unless given)."""
    fee_level: FeeLevel | None = None
    """The rate card's fee level (own, kinship, reinforced and emergency homes); the home's default if not given."""
    compensation_note: OptionalLongText = None
    extra_costs: list[ExtraCostIn] = Field(default=[], max_length=20)
    network_examined: bool = False
    """Network first: the child's network was examined before this placement."""
    not_kinship_reason: OptionalLongText = None
    """Why not a kinship home (required when the home is not one)."""
    version: int | None = None
    """The previous placement's version, when moving a child."""

    @field_validator("planned_end")
    @classmethod
    def _end_after_start(cls, planned_end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        starts_on = info.data.get("starts_on")
        if planned_end is not None and starts_on is not None and planned_end <= starts_on:
            raise ValueError("Planerat slut måste ligga efter startdatum.")
        return planned_end

    @field_validator("starts_on")
    @classmethod
    def _start_within_a_year(cls, starts_on: dt.date) -> dt.date:
        if starts_on < clock.today() - dt.timedelta(days=366):
            raise ValueError("Startdatum kan inte ligga mer än ett år bakåt i tiden.")
        if starts_on > clock.today() + dt.timedelta(days=366):
            raise ValueError("Startdatum kan inte ligga mer än ett år fram i tiden.")
        return starts_on


class FeeLevelIn(InputModel):
    """The fee level from a day in an open month (a past month's cost never changes)."""

    valid_from: dt.date
    level: FeeLevel
    note: OptionalLongText = None


class FeeLevelOut(OutputModel):
    valid_from: dt.date
    level: FeeLevel
    note: str | None
    created_by: str


class PlannedEndIn(InputModel):
    """A new planned end (an extension, or an earlier end foreseen), or none: the forecast counts on it."""

    planned_end: dt.date | None
    note: OptionalLongText = None
    version: int = Field(ge=1)


class PlacementEndIn(InputModel):
    ended_on: dt.date
    """The moving day: the first day the child no longer lives in the home (it belongs to the next home)."""
    reason: EndReason
    note: OptionalLongText = None
    version: int = Field(ge=1)

    @field_validator("ended_on")
    @classmethod
    def _not_far_ahead(cls, ended_on: dt.date) -> dt.date:
        if ended_on > clock.today() + dt.timedelta(days=366):
            raise ValueError("Slutdatum kan inte ligga mer än ett år fram i tiden.")
        return ended_on


class PlacementFilter(InputModel):
    active: bool | None = None
    """Only ongoing (true) or only ended (false) placements."""
    child_id: uuid.UUID | None = None
    foster_home_id: uuid.UUID | None = None
    worker_id: uuid.UUID | None = None
    home_staff_id: uuid.UUID | None = None
    """Only placements in the homes this staff member is assigned to (a family-care secretary's homes)."""
    starts_from: dt.date | None = None
    starts_until: dt.date | None = None
    """Only placements starting in [starts_from, starts_until] (either bound may be left out)."""
    q: OptionalShortText = None
    """The placement's or the child's reference, or the child's name (never a home's name: a protected home's
    placements must not be found by it)."""
    page: PageNumber = 1
    page_size: int = Field(default=50, ge=1, le=200)


class ExtraCostOut(OutputModel):
    id: uuid.UUID
    description: str
    amount: Decimal
    kind: ExtraLineKind
    recurrence: ExtraCostRecurrence
    starts_on: dt.date
    ends_on: dt.date | None
    received: Decimal | None
    """A revenue: what has been received of it so far (expected is what the costs count)."""
    received_on: dt.date | None


class RevenueReceivedIn(InputModel):
    """What has been received of a revenue so far, and when last."""

    received: Money
    received_on: PastDate


class PlacementSummary(OutputModel):
    id: uuid.UUID
    reference: str
    child_id: uuid.UUID
    child_name: str
    child_reference: str
    target_id: uuid.UUID
    target_name: str
    target_kind: str
    """The home's kind (own, kinship …) or the institution's (hvb, sis, supported_housing)."""
    setting: PlacementSetting
    kind: RequestKind
    legal_basis: LegalBasis
    starts_on: dt.date
    planned_end: dt.date | None
    ended_on: dt.date | None
    end_reason: EndReason | None
    responsible_worker: str | None
    overdue: int
    """Open follow-ups past their due date."""


class PlacementOut(PlacementSummary):
    request_id: uuid.UUID | None
    request_reference: str | None
    decision_record_id: uuid.UUID | None
    previous_placement_id: uuid.UUID | None
    next_placement_id: uuid.UUID | None
    decided_on: dt.date
    decided_by: str
    end_note: str | None
    responsible_worker_id: uuid.UUID | None
    family_care_secretary_id: uuid.UUID | None
    family_care_secretary: str | None
    fee_monthly: Decimal | None
    expense_allowance_monthly: Decimal | None
    daily_price: Decimal | None
    fee_level: FeeLevel
    """The level chosen at booking; fee_levels are the changes from a day since."""
    fee_levels: list[FeeLevelOut]
    compensation_note: str | None
    extra_costs: list[ExtraCostOut]
    network_examined: bool
    not_kinship_reason: str | None
    with_kin: bool | None
    """Placed with kin (an adult of the household is in the child's network, or the network's home); None
    for a protected child's placement to staff not assigned (that the child lives with kin helps find it)."""
    created_by: str
    created_at: dt.datetime
    version: int


# ---------------------------------------------------------------- statutory follow-ups

class FollowupSubject(enum.StrEnum):
    PLACEMENT = "placement"  # the child's placement: the social worker's
    HOME = "home"  # the foster home: the family-care team's


class FollowupSchedule(enum.StrEnum):
    ONCE = "once"  # offset from the start (negative: before it)
    RECURRING = "recurring"  # first at the offset, then every interval
    EACH_TERM = "each_term"  # on the given term-end dates (MM-DD) from the offset on


class FollowupAnchor(enum.StrEnum):
    START = "start"  # the next due date follows the schedule from the start (reviews)
    COMPLETION = "completion"  # the next is due an interval after the last was done (visits)


class FollowupResponsible(enum.StrEnum):
    SOCIAL_WORKER = "social_worker"
    FAMILY_CARE = "family_care"


class FollowupStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"  # the placement ended before it was due


class FollowupOutcome(enum.StrEnum):
    """What a completion may record beside date and note, per rule (indicators read these)."""

    CHILD_MET_ALONE = "child_met_alone"  # visits: the child was met alone too
    SKOLFAM_OFFERED = "skolfam_offered"  # school plan: SkolFam/SAMS offered
    ABSENCE_PERCENT = "absence_percent"  # school term: absence over the last 3 months, %


MonthDay = Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]


class FollowupRuleIn(InputModel):
    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,59}$")]
    title: ShortText
    description: OptionalLongText = None
    statute: ShortText
    """The statute or guideline the rule comes from (e.g. 13 § LVU)."""
    subject: FollowupSubject = FollowupSubject.PLACEMENT
    settings: list[PlacementSetting] = []
    """Where the child lives (empty: everywhere)."""
    placement_kinds: list[RequestKind] = []
    legal_bases: list[LegalBasis] = []
    schedule: FollowupSchedule
    offset_months: int = Field(default=0, ge=-12, le=120)
    offset_days: int = Field(default=0, ge=-365, le=3650)
    interval_months: int = Field(default=0, ge=0, le=60)
    interval_days: int = Field(default=0, ge=0, le=3650, validate_default=True)
    anchor: FollowupAnchor = FollowupAnchor.START
    term_ends: list[MonthDay] = Field(default=[], validate_default=True)
    responsible: FollowupResponsible = FollowupResponsible.SOCIAL_WORKER
    outcomes: list[FollowupOutcome] = []
    active: bool = True

    @field_validator("interval_days")
    @classmethod
    def _interval_when_recurring(cls, interval_days: int, info: ValidationInfo) -> int:
        if info.data.get("schedule") == FollowupSchedule.RECURRING and not (interval_days or info.data.get("interval_months")):
            raise ValueError("En återkommande uppföljning behöver ett intervall (månader eller dagar).")
        return interval_days

    @field_validator("term_ends")
    @classmethod
    def _terms_when_each_term(cls, term_ends: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("schedule") == FollowupSchedule.EACH_TERM and not term_ends:
            raise ValueError("Ange terminernas slutdatum (MM-DD), t.ex. 06-15 och 12-20.")
        return sorted(set(term_ends))


class FollowupRuleOut(FollowupRuleIn):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    version: int


class FollowupRuleUpdate(FollowupRuleIn):
    version: int = Field(ge=1)


class FollowupCompleteIn(InputModel):
    completed_on: PastDate = Field(default_factory=clock.today)
    note: OptionalLongText = None
    child_met_alone: bool | None = None
    skolfam_offered: bool | None = None
    absence_percent: Decimal | None = Field(default=None, ge=0, le=100, max_digits=5, decimal_places=1)
    version: int = Field(ge=1)


class FollowupRescheduleIn(InputModel):
    due_on: dt.date
    reason: LongText
    version: int = Field(ge=1)


class FollowupScope(enum.StrEnum):
    MINE = "mine"
    TEAM = "team"
    UNIT = "unit"
    ALL = "all"


class FollowupFilter(InputModel):
    scope: FollowupScope = FollowupScope.MINE
    worker: uuid.UUID | None = None
    """One worker's items (overrides the scope)."""
    team: OptionalShortText = None
    unit: OptionalShortText = None
    due_before: dt.date | None = None
    """Items due on or before this date (default: the end of this month)."""
    due_from: dt.date | None = None
    """Items due on or after this date (default: every overdue one too)."""
    overdue: bool = False
    """Only items past their due date."""
    placement_id: uuid.UUID | None = None
    home_id: uuid.UUID | None = None
    """One home's own items (its support talks): with placement_id, every due date, not only up to due_before."""
    subject: FollowupSubject | None = None
    """Only the children's placements' items, or only the homes'."""
    rule: OptionalShortText = None
    """Only the items of one rule (its key, e.g. visit_family_home)."""
    q: OptionalShortText = None
    """The child's name or reference, the placement's reference, or the home's name or reference."""
    status: list[FollowupStatus] = Field(default=[FollowupStatus.OPEN], min_length=1)
    """Open items (the default), or done and cancelled ones too (repeat the parameter)."""
    page: PageNumber = 1
    page_size: int = Field(default=100, ge=1, le=500)


class FollowupItemOut(OutputModel):
    id: uuid.UUID
    rule_key: str
    title: str
    statute: str
    subject: FollowupSubject
    placement_id: uuid.UUID | None
    placement_reference: str | None
    child_name: str | None
    child_reference: str | None
    home_id: uuid.UUID | None
    home_name: str | None
    home_reference: str | None
    sequence: int
    due_on: dt.date
    original_due_on: dt.date
    overdue_days: int
    status: FollowupStatus
    responsible_user_id: uuid.UUID | None
    responsible: str | None
    completed_on: dt.date | None
    completed_by: str | None
    note: str | None
    outcome: dict
    rescheduled_reason: str | None
    flag: str | None
    """A warning to act on, e.g. high school absence."""
    outcomes: list[FollowupOutcome]
    version: int


class PlacementRules(InputModel):
    """The follow-up thresholds (DOMAIN.md §3), as data. What a booking pays an own home is the dated rate
    card's (foster_homes.rate_cards, foster_homes.prices)."""

    rule_key: ClassVar[str] = "placement_rules"
    absence_flag_percent: Decimal = Field(default=Decimal("15"), gt=0, le=100)
    """School absence over the last three months at or above this is flagged (Borås: 15 %)."""
    visits_target_per_year: Decimal = Field(default=Decimal("4"), gt=0, le=52)
    skolfam_min_age: int = Field(default=6, ge=0, le=20)
    skolfam_max_age: int = Field(default=15, ge=0, le=20)
    """Foster children in long-term family-home care of compulsory-school age: SkolFam's target group."""
    statute_law: PlaceText = "socialtjänstlagen (2001:453)"
    """The Socialtjänstlag the follow-up rules' references (SoL) follow, said wherever they are shown. When the
    rules' references are changed to the new law's numbering (2025:400), this changes with them."""
