"""Tables of placements: requests, decision records, placements with their extra costs, follow-up rules and items."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.database import Base, Timestamps, UuidPrimaryKey, enum_column
from foster_homes.schemas import FeeLevel
from placements.schemas import (
    EndReason,
    ExtraCostRecurrence,
    ExtraLineKind,
    FollowupAnchor,
    FollowupResponsible,
    FollowupSchedule,
    FollowupStatus,
    FollowupSubject,
    LegalBasis,
    PlacementChange,
    PlacementSetting,
    RequestKind,
    RequestStatus,
)


class PlacementRequest(UuidPrimaryKey, Timestamps, Base):
    """Placeringsbehov: the need to place a child or a sibling group."""

    __tablename__ = "placement_requests"

    reference: Mapped[str] = mapped_column(String(12), unique=True)
    kind: Mapped[RequestKind] = mapped_column(enum_column(RequestKind, "request_kind"))
    legal_basis: Mapped[LegalBasis] = mapped_column(enum_column(LegalBasis, "legal_basis"))
    wanted_start: Mapped[dt.date] = mapped_column(Date)
    expected_length_months: Mapped[int | None] = mapped_column(SmallInteger)
    together: Mapped[bool] = mapped_column(Boolean, default=True)
    required_tags: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    wish_tags: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    wishes: Mapped[str | None] = mapped_column(Text)
    urgency: Mapped[int] = mapped_column(SmallInteger)
    protection_needs: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[RequestStatus] = mapped_column(enum_column(RequestStatus, "request_status"), index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    """The account that made it (the name alone can be shared; older requests may have none)."""
    version: Mapped[int] = mapped_column(Integer, default=1)

    children: Mapped[list[PlacementRequestChild]] = relationship(cascade="all, delete-orphan", lazy="raise")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (CheckConstraint("urgency BETWEEN 1 AND 3", name="urgency_range"),)


class PlacementRequestChild(Base):
    __tablename__ = "placement_request_children"

    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement_requests.id", ondelete="CASCADE"), primary_key=True)
    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(SmallInteger)


class DecisionRecord(UuidPrimaryKey, Base):
    """A matching decision (matchningsunderlag): the saved ranking and the chosen home with the secretary's
    motive. A booking that cites one must place the children where it says."""

    __tablename__ = "decision_records"

    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement_requests.id"), index=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[uuid.UUID | None]
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    settings: Mapped[dict] = mapped_column(JSONB)
    """The weights and thresholds the ranking was made with."""
    request: Mapped[dict | None] = mapped_column(JSONB(none_as_null=True))
    """The request as it was when the ranking was made (kind, legal basis, start, children, wishes)."""
    candidates: Mapped[list] = mapped_column(JSONB)
    """Every candidate considered, with its total, each criterion's score and reason, and warnings."""
    excluded: Mapped[list] = mapped_column(JSONB)
    """The excluded homes by reason, with counts."""
    chosen_home_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("foster_homes.id"))
    """The chosen home; null when the siblings are split (see ``split``)."""
    split: Mapped[dict | None] = mapped_column(JSONB(none_as_null=True))  # SQL NULL, not JSON null
    """The accepted split when no home could take the siblings together: each child with its home."""
    motive: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("(chosen_home_id IS NULL) <> (split IS NULL)", name="one_home_or_a_split"),
    )


class Placement(UuidPrimaryKey, Timestamps, Base):
    """Placering: a child living in a home or an institution from a start date, under a decision.

    Care days run from ``starts_on`` up to the day before ``ended_on`` (the moving day belongs to the
    receiving home), so a move never counts a day twice and a child's placements never overlap."""

    __tablename__ = "placements"

    reference: Mapped[str] = mapped_column(String(12), unique=True)
    """Stable pseudonymous reference (P-XXXXXX) for aggregates, exports and the budget group."""
    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id"), index=True)
    request_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("placement_requests.id"), index=True)
    decision_record_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("decision_records.id"))
    previous_placement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("placements.id"), index=True)
    foster_home_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("foster_homes.id"), index=True)
    institution_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("institutions.id"), index=True)
    household_child_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household_children.id", ondelete="SET NULL"))
    """The place the child occupies in the home's household (counts the home's free places)."""
    setting: Mapped[PlacementSetting] = mapped_column(enum_column(PlacementSetting, "placement_setting"))
    target_kind: Mapped[str] = mapped_column(String(30))
    """The home's kind or the institution's at booking (own, kinship, consultant …, hvb, sis …)."""
    kind: Mapped[RequestKind] = mapped_column(enum_column(RequestKind, "request_kind"))
    legal_basis: Mapped[LegalBasis] = mapped_column(enum_column(LegalBasis, "legal_basis"))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    planned_end: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[EndReason | None] = mapped_column(enum_column(EndReason, "placement_end_reason"))
    end_note: Mapped[str | None] = mapped_column(Text)
    responsible_worker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    family_care_secretary_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    fee_monthly: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    expense_allowance_monthly: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    daily_price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    compensation_note: Mapped[str | None] = mapped_column(Text)
    network_examined: Mapped[bool] = mapped_column(Boolean, default=False)
    not_kinship_reason: Mapped[str | None] = mapped_column(Text)
    with_kin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    fee_level: Mapped[FeeLevel] = mapped_column(enum_column(FeeLevel, "fee_level"), default=FeeLevel.BASIC,
                                                server_default=FeeLevel.BASIC.value)
    # Which terms the secretary gave instead of the rate card's or the contract's: a given amount holds for the
    # whole placement; otherwise the costs follow the card or the contract in force on each day.
    fee_given: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    allowance_given: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    price_given: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Placed with kin at booking (placements.service.is_kin): what the kinship share counts."""
    created_by: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)

    extra_costs: Mapped[list[PlacementExtraCost]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="PlacementExtraCost.starts_on"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("(foster_home_id IS NULL) <> (institution_id IS NULL)", name="one_home_or_institution"),
        CheckConstraint("ended_on IS NULL OR ended_on > starts_on", name="ends_after_start"),
        CheckConstraint("(ended_on IS NULL) = (end_reason IS NULL)", name="end_has_reason"),
        # A child is never in two placements at once.
        ExcludeConstraint(
            ("child_id", "="),
            (text("daterange(starts_on, ended_on, '[)')"), "&&"),
            name="ex_placements_one_at_a_time",
            using="gist",
        ),
        Index("ix_placements_active_start", "starts_on", postgresql_where=text("ended_on IS NULL")),
    )


class PlacementRecord(Base):
    """What was known of a placement from a day: its dates as recorded at booking, at an end, at a new planned
    end. Append-only; a forecast rebuilt for a past day reads only what had been recorded before it."""

    __tablename__ = "placement_records"

    seq: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    """The order of records made the same day."""
    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"))
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    change: Mapped[PlacementChange] = mapped_column(enum_column(PlacementChange, "placement_change"))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    planned_end: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (Index("ix_placement_records_known", "placement_id", "recorded_on"),)


class PlacementFeeLevel(UuidPrimaryKey, Base):
    """A placement's fee level from a day (a raised level decided for a child with greater needs, or back to
    basic): until the first change the level chosen at booking holds (``Placement.fee_level``)."""

    __tablename__ = "placement_fee_levels"

    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    level: Mapped[FeeLevel] = mapped_column(enum_column(FeeLevel, "fee_level"))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    """The day it was decided (core.clock): a forecast rebuilt as of an earlier day does not know it."""
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (UniqueConstraint("placement_id", "valid_from", name="uq_placement_fee_levels_from"),)


class PlacementExtraCost(UuidPrimaryKey, Base):
    """An extra cost of a placement beside the compensation (e.g. a bicycle, dental care, a trip)."""

    __tablename__ = "placement_extra_costs"

    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    kind: Mapped[ExtraLineKind] = mapped_column(enum_column(ExtraLineKind, "extra_line_kind"),
                                                default=ExtraLineKind.COST, server_default=ExtraLineKind.COST.value)
    """A cost, or a revenue (counted against the costs: parents' contribution, child allowance, reclaimed)."""
    recurrence: Mapped[ExtraCostRecurrence] = mapped_column(enum_column(ExtraCostRecurrence, "extra_cost_recurrence"))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    received: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    """A revenue's amount received so far; the costs count what is expected."""
    received_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (CheckConstraint("amount >= 0", name="amount_not_negative"),)


class FollowupRule(UuidPrimaryKey, Base):
    """A statutory or guideline follow-up, as data: which placements it applies to and when it falls due."""

    __tablename__ = "followup_rules"

    key: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    statute: Mapped[str] = mapped_column(String(200))
    subject: Mapped[FollowupSubject] = mapped_column(enum_column(FollowupSubject, "followup_subject"))
    settings: Mapped[list[str]] = mapped_column(ARRAY(String(30)), default=list)
    placement_kinds: Mapped[list[str]] = mapped_column(ARRAY(String(30)), default=list)
    legal_bases: Mapped[list[str]] = mapped_column(ARRAY(String(30)), default=list)
    schedule: Mapped[FollowupSchedule] = mapped_column(enum_column(FollowupSchedule, "followup_schedule"))
    offset_months: Mapped[int] = mapped_column(SmallInteger, default=0)
    offset_days: Mapped[int] = mapped_column(SmallInteger, default=0)
    interval_months: Mapped[int] = mapped_column(SmallInteger, default=0)
    interval_days: Mapped[int] = mapped_column(SmallInteger, default=0)
    anchor: Mapped[FollowupAnchor] = mapped_column(enum_column(FollowupAnchor, "followup_anchor"))
    term_ends: Mapped[list[str]] = mapped_column(ARRAY(String(5)), default=list)
    responsible: Mapped[FollowupResponsible] = mapped_column(enum_column(FollowupResponsible, "followup_responsible"))
    outcomes: Mapped[list[str]] = mapped_column(ARRAY(String(30)), default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class FollowupItem(UuidPrimaryKey, Base):
    """One due follow-up: of a placement (the social worker's) or of a home (the family-care team's).

    Recurring rules keep one open item per placement (or home) at a time: completing it creates the next."""

    __tablename__ = "followup_items"

    rule_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("followup_rules.id"))
    placement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"))
    home_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("foster_homes.id", ondelete="CASCADE"))
    sequence: Mapped[int] = mapped_column(SmallInteger)
    due_on: Mapped[dt.date] = mapped_column(Date)
    original_due_on: Mapped[dt.date] = mapped_column(Date)
    """The due date the rule gave; rescheduling moves ``due_on`` only (on time is judged against this)."""
    status: Mapped[FollowupStatus] = mapped_column(enum_column(FollowupStatus, "followup_status"))
    responsible_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    completed_by: Mapped[str | None] = mapped_column(String(200))
    completed_by_id: Mapped[uuid.UUID | None]
    note: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[dict] = mapped_column(JSONB, default=dict)
    rescheduled_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("(placement_id IS NULL) <> (home_id IS NULL)", name="one_subject"),
        CheckConstraint("(status = 'done') = (completed_on IS NOT NULL)", name="done_has_date"),
        Index("uq_followup_items_placement_rule_sequence", "placement_id", "rule_id", "sequence", unique=True,
              postgresql_where=text("placement_id IS NOT NULL")),
        Index("uq_followup_items_home_rule_sequence", "home_id", "rule_id", "sequence", unique=True,
              postgresql_where=text("home_id IS NOT NULL")),
        # The due lists: open items by worker and date, and all open items by date (team and unit views).
        Index("ix_followup_items_open_by_worker", "responsible_user_id", "due_on", postgresql_where=text("status = 'open'")),
        Index("ix_followup_items_open_by_date", "due_on", postgresql_where=text("status = 'open'")),
        # The indicators read each part from its own covering index (index-only scans, no history):
        # what was done in a period, what fell due in it, and each rule's first item.
        Index("ix_followup_items_done", "rule_id", "completed_on", postgresql_include=["placement_id", "original_due_on"],
              postgresql_where=text("status = 'done' AND placement_id IS NOT NULL")),
        Index("ix_followup_items_due", "rule_id", "original_due_on",
              postgresql_include=["placement_id", "status", "completed_on"],
              postgresql_where=text("placement_id IS NOT NULL")),
        Index("ix_followup_items_first", "rule_id", "placement_id",
              postgresql_include=["status", "due_on", "original_due_on", "completed_on", "outcome"],
              postgresql_where=text("sequence = 1")),
        Index("ix_followup_items_home", "home_id", "rule_id", postgresql_where=text("home_id IS NOT NULL")),
    )
