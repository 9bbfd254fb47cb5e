"""Tables of children: the child, needs with history, wishes, siblings, network, network examinations."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.database import Base, Timestamps, UuidPrimaryKey, enum_column
from core.schemas import BbicDomain
from placements.schemas import (
    ContactFrequency,
    EndReason,
    ExtraCostRecurrence,
    FollowupAnchor,
    FollowupResponsible,
    FollowupSchedule,
    FollowupStatus,
    FollowupSubject,
    PlacementSetting,
    Gender,
    KinshipAssessment,
    LegalBasis,
    NeedLevel,
    NetworkConclusion,
    Relation,
    RequestKind,
    RequestStatus,
)


class Child(UuidPrimaryKey, Timestamps, Base):
    """Barnet / den unge."""

    __tablename__ = "children"

    reference: Mapped[str] = mapped_column(String(12), unique=True)
    """Stable pseudonymous reference (e.g. B-7K3QXM) for aggregates, exports and the budget group."""
    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    personal_number: Mapped[str] = mapped_column(String(13), unique=True)
    birth_date: Mapped[dt.date] = mapped_column(Date)
    gender: Mapped[Gender] = mapped_column(enum_column(Gender, "gender"))
    languages: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    religion_culture: Mapped[str | None] = mapped_column(String(200))
    allergies: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    health_notes: Mapped[str | None] = mapped_column(Text)
    responsible_worker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    protected_identity: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))

    street: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(6))
    city: Mapped[str | None] = mapped_column(String(100))
    municipality: Mapped[str | None] = mapped_column(String(100))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    version: Mapped[int] = mapped_column(Integer, default=1)

    needs: Mapped[list[NeedAssessment]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="NeedAssessment.recorded_at"
    )
    wishes: Mapped[list[ChildWish]] = relationship(cascade="all, delete-orphan", lazy="raise", order_by="ChildWish.said_on")
    network: Mapped[list[NetworkMember]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="NetworkMember.created_at"
    )
    examinations: Mapped[list[NetworkExamination]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="NetworkExamination.examined_on"
    )
    assignments: Mapped[list[ChildAssignment]] = relationship(cascade="all, delete-orphan", lazy="raise")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(
            "(latitude IS NULL) = (longitude IS NULL) AND (latitude IS NULL OR latitude BETWEEN -90 AND 90)",
            name="coordinates",
        ),
        Index("ix_children_name", "last_name", "first_name", "id"),
        Index("ix_children_birth_date", "birth_date"),
    )


class NeedAssessment(UuidPrimaryKey, Base):
    """A need level in one BBIC domain as assessed on a day. The newest per domain is the current need;
    the older rows are the history."""

    __tablename__ = "child_need_assessments"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"))
    domain: Mapped[BbicDomain] = mapped_column(enum_column(BbicDomain, "bbic_domain"))
    level: Mapped[NeedLevel] = mapped_column(enum_column(NeedLevel, "need_level"))
    description: Mapped[str | None] = mapped_column(Text)
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index("ix_child_need_assessments_current", "child_id", "domain", "assessed_on", "recorded_at"),
    )


class CurrentNeed(Base):
    """Each child's newest need level per domain, kept by a database trigger on every insert of assessments
    (also bulk ones), so children can be filtered by current need through an index. Read-only for the app."""

    __tablename__ = "child_current_needs"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), primary_key=True)
    domain: Mapped[BbicDomain] = mapped_column(enum_column(BbicDomain, "bbic_domain"), primary_key=True)
    level: Mapped[NeedLevel] = mapped_column(enum_column(NeedLevel, "need_level"))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_child_current_needs_domain_level", "domain", "level", "child_id"),)


class ChildWish(UuidPrimaryKey, Base):
    """Barnets åsikter: the child's own wishes and views, with the date they were expressed."""

    __tablename__ = "child_wishes"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    said_on: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SiblingLink(Base):
    """Two children who are siblings; stored once with the smaller id first."""

    __tablename__ = "sibling_links"

    child_a_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), primary_key=True)
    child_b_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("children.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    half: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (CheckConstraint("child_a_id < child_b_id", name="ordered_pair"),)


class NetworkMember(UuidPrimaryKey, Timestamps, Base):
    """A person in the child's network (nätverkskarta)."""

    __tablename__ = "network_members"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    personal_number: Mapped[str | None] = mapped_column(String(13), index=True)
    relation: Mapped[Relation] = mapped_column(enum_column(Relation, "network_relation"))
    importance: Mapped[int] = mapped_column(SmallInteger)
    contact_frequency: Mapped[ContactFrequency] = mapped_column(enum_column(ContactFrequency, "contact_frequency"))
    street: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(6))
    city: Mapped[str | None] = mapped_column(String(100))
    municipality: Mapped[str | None] = mapped_column(String(100))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    willing_kinship_home: Mapped[bool] = mapped_column(Boolean, default=False)
    kinship_assessment: Mapped[KinshipAssessment] = mapped_column(enum_column(KinshipAssessment, "kinship_assessment"))
    kinship_home_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("foster_homes.id"), index=True)
    protected_from: Mapped[bool] = mapped_column(Boolean, default=False)
    protected_reason: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("importance BETWEEN 1 AND 3", name="importance_range"),
        CheckConstraint("NOT protected_from OR protected_reason IS NOT NULL", name="protection_has_reason"),
    )


class NetworkExamination(UuidPrimaryKey, Base):
    """Network first: the record that the network was examined (and with what conclusion)."""

    __tablename__ = "network_examinations"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    examined_on: Mapped[dt.date] = mapped_column(Date)
    conclusion: Mapped[NetworkConclusion] = mapped_column(enum_column(NetworkConclusion, "network_conclusion"))
    note: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ChildAssignment(Base):
    """Staff assigned to a child besides the responsible social worker; they may see a protected address."""

    __tablename__ = "child_assignments"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    assigned_on: Mapped[dt.date] = mapped_column(Date)


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
    version: Mapped[int] = mapped_column(Integer, default=1)

    children: Mapped[list[PlacementRequestChild]] = relationship(cascade="all, delete-orphan", lazy="raise")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (CheckConstraint("urgency BETWEEN 1 AND 3", name="urgency_range"),)


class PlacementRequestChild(Base):
    __tablename__ = "placement_request_children"

    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement_requests.id", ondelete="CASCADE"), primary_key=True)
    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(SmallInteger)


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


class PlacementExtraCost(UuidPrimaryKey, Base):
    """An extra cost of a placement beside the compensation (e.g. a bicycle, dental care, a trip)."""

    __tablename__ = "placement_extra_costs"

    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    recurrence: Mapped[ExtraCostRecurrence] = mapped_column(enum_column(ExtraCostRecurrence, "extra_cost_recurrence"))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)

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
