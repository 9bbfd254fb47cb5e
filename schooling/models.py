"""Tables of the school register and the children's enrolments."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, Index, Integer, SmallInteger, String, text
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.database import Base, Timestamps, UuidPrimaryKey, enum_column
from schooling.schemas import SchoolKind


class School(UuidPrimaryKey, Timestamps, Base):
    __tablename__ = "schools"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[SchoolKind] = mapped_column(enum_column(SchoolKind, "school_kind"))
    municipality: Mapped[str] = mapped_column(String(100))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    unit_code: Mapped[str | None] = mapped_column(String(8), unique=True)
    street: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_schools_name", "name", "id"),
        Index("ix_schools_municipality", "municipality"),
        CheckConstraint("latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180", name="coordinates"),
    )


class Enrolment(UuidPrimaryKey, Base):
    """A child's time at a school in a grade. The open one (no end date) is the current school."""

    __tablename__ = "enrolments"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"))
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"), index=True)
    grade: Mapped[int] = mapped_column(SmallInteger)
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)

    school: Mapped[School] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint("ended_on IS NULL OR ended_on > started_on", name="period_order"),
        CheckConstraint("grade BETWEEN -1 AND 13", name="grade_range"),
        # A child is at one school at a time.
        ExcludeConstraint(
            ("child_id", "="),
            (text("daterange(started_on, ended_on)"), "&&"),
            name="ex_enrolments_one_school_at_a_time",
            using="gist",
        ),
        Index("ix_enrolments_child", "child_id", "started_on"),
    )
