"""Tables of the register (familjehemsregistret)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Computed,
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
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.database import Base, Timestamps, UuidPrimaryKey, enum_column
from core.geo import EarthPoint
from core.schemas import BbicDomain
from foster_homes.schemas import (
    AssessmentOutcome,
    ContractLevel,
    ExperienceLevel,
    GenderPreference,
    HomeKind,
    HomeStatus,
    HouseholdChildRelation,
    InstitutionKind,
    SupportContactKind,
)


class Agency(UuidPrimaryKey, Timestamps, Base):
    """Konsulentverksamhet: a private provider of consultant-supported homes."""

    __tablename__ = "agencies"

    name: Mapped[str] = mapped_column(String(200))
    organisation_number: Mapped[str] = mapped_column(String(11), unique=True)
    municipality: Mapped[str | None] = mapped_column(String(100))
    contact_person: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    contracts: Mapped[list[AgencyContract]] = relationship(
        back_populates="agency", cascade="all, delete-orphan", order_by="AgencyContract.valid_from"
    )

    __mapper_args__ = {"version_id_col": version}


class AgencyContract(UuidPrimaryKey, Timestamps, Base):
    """Ramavtal: a framework contract for a period, with daily prices per home level."""

    __tablename__ = "agency_contracts"

    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(String(100))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    """Last day the contract is valid (inclusive); open-ended when null."""

    agency: Mapped[Agency] = relationship(back_populates="contracts")
    prices: Mapped[list[AgencyContractPrice]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="AgencyContractPrice.level"
    )

    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="period_order"),
        # One agency never has two contracts in force on the same day.
        ExcludeConstraint(
            ("agency_id", "="),
            (text("daterange(valid_from, valid_to, '[]')"), "&&"),
            name="ex_agency_contracts_no_overlap",
            using="gist",
        ),
    )


class AgencyContractPrice(UuidPrimaryKey, Base):
    __tablename__ = "agency_contract_prices"

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agency_contracts.id", ondelete="CASCADE"), index=True)
    level: Mapped[ContractLevel] = mapped_column(enum_column(ContractLevel, "contract_level"))
    daily_price: Mapped[Decimal] = mapped_column(Numeric(12, 2))

    contract: Mapped[AgencyContract] = relationship(back_populates="prices")

    __table_args__ = (
        CheckConstraint("daily_price >= 0", name="price_not_negative"),
        Index("uq_agency_contract_prices_level", "contract_id", "level", unique=True),
    )


class Institution(UuidPrimaryKey, Timestamps, Base):
    """HVB, SiS or supported housing (stödboende): a placement target bought per care day."""

    __tablename__ = "institutions"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[InstitutionKind] = mapped_column(enum_column(InstitutionKind, "institution_kind"))
    operator: Mapped[str | None] = mapped_column(String(200))
    street: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(6))
    city: Mapped[str | None] = mapped_column(String(100))
    municipality: Mapped[str] = mapped_column(String(100))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    places: Mapped[int] = mapped_column(Integer)
    age_min: Mapped[int] = mapped_column(SmallInteger)
    age_max: Mapped[int] = mapped_column(SmallInteger)
    gender_preference: Mapped[GenderPreference] = mapped_column(enum_column(GenderPreference, "gender_preference"))
    daily_price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    target_groups: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("places >= 0", name="places_not_negative"),
        CheckConstraint("age_min <= age_max", name="age_order"),
        CheckConstraint("daily_price >= 0", name="price_not_negative"),
    )


class FosterHome(UuidPrimaryKey, Timestamps, Base):
    """Familjehem (or jourhem, nätverkshem, förstärkt familjehem): one household."""

    __tablename__ = "foster_homes"

    name: Mapped[str] = mapped_column(String(200))
    """How the team refers to the household, e.g. "Familjen Lindqvist"."""
    reference: Mapped[str] = mapped_column(
        String(12), unique=True, server_default=text("home_reference(nextval('foster_home_reference_seq'))"))
    """H-…, given by the database (migration 0024): tells namesakes apart, and names the home where its name
    may not be shown (the calendar feed)."""
    kind: Mapped[HomeKind] = mapped_column(enum_column(HomeKind, "home_kind"))
    status: Mapped[HomeStatus] = mapped_column(enum_column(HomeStatus, "home_status"))
    agency_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    contract_level: Mapped[ContractLevel | None] = mapped_column(enum_column(ContractLevel, "contract_level"))

    street: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(6))
    city: Mapped[str] = mapped_column(String(100))
    municipality: Mapped[str] = mapped_column(String(100))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    earth_point: Mapped[object] = mapped_column(
        EarthPoint, Computed("ll_to_earth(latitude, longitude)", persisted=True), deferred=True
    )
    """The location as earthdistance's point, stored so distance search and nearest-first order use its index."""

    places: Mapped[int] = mapped_column(Integer)
    age_min: Mapped[int] = mapped_column(SmallInteger)
    age_max: Mapped[int] = mapped_column(SmallInteger)
    max_sibling_group: Mapped[int] = mapped_column(SmallInteger)
    gender_preference: Mapped[GenderPreference] = mapped_column(enum_column(GenderPreference, "gender_preference"))
    placement_kinds: Mapped[list[str]] = mapped_column(ARRAY(String(20)))
    available_from: Mapped[dt.date | None] = mapped_column(Date)

    tags: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    religion_culture: Mapped[str | None] = mapped_column(String(200))
    pets: Mapped[list[str]] = mapped_column(ARRAY(String(20)), default=list)
    smoking: Mapped[bool] = mapped_column(Boolean, default=False)
    wishes: Mapped[str | None] = mapped_column(Text)
    """The home's own wishes about which children it can take, in its own words."""
    protected_identity: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    """Skyddade personuppgifter: the location is shown only to staff assigned to the home."""

    version: Mapped[int] = mapped_column(Integer, default=1)

    agency: Mapped[Agency | None] = relationship(lazy="joined")
    adults: Mapped[list[HouseholdAdult]] = relationship(
        cascade="all, delete-orphan", order_by="HouseholdAdult.position", lazy="raise"
    )
    children: Mapped[list[HouseholdChild]] = relationship(
        cascade="all, delete-orphan", order_by="HouseholdChild.position", lazy="raise"
    )
    domain_competences: Mapped[list[DomainCompetence]] = relationship(
        cascade="all, delete-orphan", order_by="DomainCompetence.domain", lazy="raise"
    )
    trainings: Mapped[list[Training]] = relationship(
        cascade="all, delete-orphan", order_by="Training.completed_on", lazy="raise"
    )
    assessments: Mapped[list[Assessment]] = relationship(
        cascade="all, delete-orphan", order_by="Assessment.started_on", lazy="raise"
    )
    status_changes: Mapped[list[StatusChange]] = relationship(
        cascade="all, delete-orphan", order_by="StatusChange.recorded_at", lazy="raise"
    )
    assignments: Mapped[list[HomeAssignment]] = relationship(cascade="all, delete-orphan", lazy="raise")

    # The reference is the database's: read back on insert (RETURNING), never lazily (async).
    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}
    __table_args__ = (
        CheckConstraint("places >= 0", name="places_not_negative"),
        CheckConstraint("age_min <= age_max", name="age_order"),
        CheckConstraint("max_sibling_group >= 1", name="sibling_group_positive"),
        CheckConstraint("latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180", name="coordinates"),
        CheckConstraint("(kind = 'consultant') = (agency_id IS NOT NULL)", name="agency_iff_consultant"),
        Index("ix_foster_homes_kind_status", "kind", "status"),
        Index("ix_foster_homes_municipality", "municipality"),
        Index("ix_foster_homes_tags", "tags", postgresql_using="gin"),
        Index("ix_foster_homes_name_trgm", "name", postgresql_using="gin", postgresql_ops={"name": "gin_trgm_ops"}),
        Index("ix_foster_homes_name_id", "name", "id"),  # the default list order
        # Distance filters (earth_box @>) and nearest-first order (<->) use this index.
        Index("ix_foster_homes_earth_point", "earth_point", postgresql_using="gist"),
    )


class HouseholdAdult(UuidPrimaryKey, Base):
    __tablename__ = "household_adults"

    home_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("foster_homes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(SmallInteger)
    name: Mapped[str] = mapped_column(String(200))
    personal_number: Mapped[str] = mapped_column(String(13), index=True)
    languages: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    occupation: Mapped[str | None] = mapped_column(String(200))


class HouseholdChild(UuidPrimaryKey, Base):
    """A child living in the home: its own, or placed (by us or another municipality).

    Placed children occupy places from ``placed_from`` up to the day before ``placed_until``
    (the moving day belongs to the receiving home), which is how free places are counted.
    """

    __tablename__ = "household_children"

    home_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("foster_homes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(SmallInteger)
    birth_year: Mapped[int] = mapped_column(SmallInteger)
    relation: Mapped[HouseholdChildRelation] = mapped_column(enum_column(HouseholdChildRelation, "household_child_relation"))
    placed_from: Mapped[dt.date | None] = mapped_column(Date)
    placed_until: Mapped[dt.date | None] = mapped_column(Date)
    placing_municipality: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    booked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    """Written by a booking in Placera: the placement keeps it up to date, and editing the home leaves it be."""

    __table_args__ = (
        CheckConstraint("relation <> 'placed' OR placed_from IS NOT NULL", name="placed_has_start"),
        CheckConstraint("placed_until IS NULL OR placed_until > placed_from", name="placed_period_order"),
        Index(
            "ix_household_children_placed",
            "home_id",
            "placed_from",
            postgresql_where=text("relation = 'placed'"),
            postgresql_include=["placed_until"],
        ),
    )


class DomainCompetence(UuidPrimaryKey, Base):
    """Experience per BBIC domain (hälsa, utbildning, …)."""

    __tablename__ = "home_domain_competences"

    home_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("foster_homes.id", ondelete="CASCADE"))
    domain: Mapped[BbicDomain] = mapped_column(enum_column(BbicDomain, "bbic_domain"))
    experience: Mapped[ExperienceLevel] = mapped_column(enum_column(ExperienceLevel, "experience_level"))
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("uq_home_domain_competences_home_domain", "home_id", "domain", unique=True),)


class Training(UuidPrimaryKey, Base):
    __tablename__ = "home_trainings"

    home_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("foster_homes.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    completed_on: Mapped[dt.date] = mapped_column(Date)
    domain: Mapped[BbicDomain | None] = mapped_column(enum_column(BbicDomain, "bbic_domain"))


class Assessment(UuidPrimaryKey, Base):
    """Familjehemsutredning."""

    __tablename__ = "home_assessments"

    home_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("foster_homes.id", ondelete="CASCADE"), index=True)
    started_on: Mapped[dt.date] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    assessor: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[AssessmentOutcome] = mapped_column(enum_column(AssessmentOutcome, "assessment_outcome"))
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (CheckConstraint("completed_on IS NULL OR completed_on >= started_on", name="period_order"),)


class StatusChange(UuidPrimaryKey, Base):
    """History of the home's status with the date and the reason of each change."""

    __tablename__ = "home_status_changes"

    home_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("foster_homes.id", ondelete="CASCADE"), index=True)
    status: Mapped[HomeStatus] = mapped_column(enum_column(HomeStatus, "home_status"))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SupportContact(UuidPrimaryKey, Base):
    """The family-care team's log of support and follow-up contacts with the home."""

    __tablename__ = "home_support_contacts"

    home_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("foster_homes.id", ondelete="CASCADE"))
    contact_date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[SupportContactKind] = mapped_column(enum_column(SupportContactKind, "support_contact_kind"))
    staff_name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (Index("ix_home_support_contacts_home_date", "home_id", "contact_date"),)


class HomeAssignment(Base):
    """Staff assigned to a home (its family-care secretary): they may see a protected home's location."""

    __tablename__ = "foster_home_assignments"

    home_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("foster_homes.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    assigned_on: Mapped[dt.date] = mapped_column(Date)


class RegisterVersion(Base):
    """Values that change with every committed write (deferred triggers, migration 0008): ``homes`` with the
    homes, their adults, competences, trainings and agency prices; ``placed_children`` with who lives in them.
    Whoever keeps a copy of the register in memory (matching) compares them to know when it is stale.
    Random, so an emptied and refilled table never repeats an old value."""

    __tablename__ = "register_version"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[uuid.UUID] = mapped_column()


class RateCard(UuidPrimaryKey, Base):
    """The municipality's rate card from a date (DOMAIN.md §4): an own, kinship or reinforced home's fee by
    level, the expense allowance by age band (a share of the year's prisbasbelopp, or an amount), and the
    employer's social fees on the fee. A new year's rates are a new version: a version is never changed, and
    a new one never starts before the current month, so past months keep their cost."""

    __tablename__ = "rate_cards"

    valid_from: Mapped[dt.date] = mapped_column(Date, unique=True)
    price_base_amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    fee_basic: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    fee_raised_1: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    fee_raised_2: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    fee_raised_3: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    allowance_older_from_age: Mapped[int] = mapped_column(SmallInteger)
    allowance_younger_percent: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    allowance_older_percent: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    allowance_younger_monthly: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    allowance_older_monthly: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    social_fee_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    senior_social_fee_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    senior_from_age: Mapped[int] = mapped_column(SmallInteger)
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RetainerAgreement(UuidPrimaryKey, Base):
    """Uppdragsavtal: an emergency home paid a monthly fee for the places it keeps ready, whether or not a
    child is placed, and a standby allowance. A cost of the home, not of a child."""

    __tablename__ = "retainer_agreements"

    home_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("foster_homes.id", ondelete="CASCADE"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    """Last day of the agreement (inclusive); open-ended when null."""
    places: Mapped[int] = mapped_column(SmallInteger)
    fee_per_place_monthly: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    standby_allowance_monthly: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    """The day it was entered: a forecast rebuilt for an earlier day does not know of it."""
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="period_order"),
        CheckConstraint("places BETWEEN 1 AND 20", name="places_range"),
        # A home has one agreement at a time.
        ExcludeConstraint(
            ("home_id", "="),
            (text("daterange(valid_from, valid_to, '[]')"), "&&"),
            name="ex_retainer_agreements_no_overlap",
            using="gist",
        ),
    )


class InstitutionPrice(UuidPrimaryKey, Base):
    """An institution's daily price from a day, until the next version's first day: placements into it
    follow the price in force on each day (unless the secretary gave one at booking)."""

    __tablename__ = "institution_prices"

    institution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("institutions.id", ondelete="CASCADE"))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    daily_price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        UniqueConstraint("institution_id", "valid_from", name="uq_institution_prices_from"),
        CheckConstraint("daily_price >= 0", name="price_not_negative"),
    )
