"""Tables of the child: the record, needs with history, wishes, siblings, network, network examinations
and the staff assigned to a protected child."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.database import Base, Timestamps, UuidPrimaryKey, enum_column
from core.schemas import BbicDomain
from children.schemas import ContactFrequency, Gender, KinshipAssessment, NeedLevel, NetworkConclusion, Relation


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
