"""The budget: per year, category and unit, phased month by month (the steering group follows it monthly)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (CheckConstraint, Column, Date, DateTime, ForeignKey, Index, Integer, Numeric, SmallInteger, String,
                        Table, Text, UniqueConstraint, func)
from sqlalchemy.orm import Mapped, mapped_column

from core.database import Base, UuidPrimaryKey, enum_column
from costs.schemas import CostCategory


class BudgetMonth(UuidPrimaryKey, Base):
    """One month of a year's budget for a category and unit. A year's twelve rows are written together."""

    __tablename__ = "budget_months"

    year: Mapped[int] = mapped_column(SmallInteger)
    category: Mapped[CostCategory] = mapped_column(enum_column(CostCategory, "cost_category"))
    unit: Mapped[str] = mapped_column(String(100))
    month: Mapped[int] = mapped_column(SmallInteger)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        UniqueConstraint("year", "category", "unit", "month", name="uq_budget_months_cell"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_of_year"),
    )


class KeptForecast(UuidPrimaryKey, Base):
    """A forecast as it was made (per category, and every category together as a null category): kept so that
    its accuracy can be told from what the year turned out to cost."""

    __tablename__ = "kept_forecasts"

    year: Mapped[int] = mapped_column(SmallInteger)
    unit: Mapped[str] = mapped_column(String(100))
    as_of: Mapped[dt.date] = mapped_column(Date)
    category: Mapped[CostCategory | None] = mapped_column(enum_column(CostCategory, "cost_category"))
    expected: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    p10: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    p50: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    p90: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    kept_by: Mapped[str] = mapped_column(String(200))
    kept_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (Index("ix_kept_forecasts_year", "year", "unit", "as_of"),)


# The kept past months (costs/closed_months.py); written and forgotten in SQL only (migration 0023's triggers),
# so tables, not mapped classes.
cost_months_kept = Table(
    "cost_months_kept", Base.metadata,
    Column("month", Date, primary_key=True),
    Column("kept_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("date_part('day', month) = 1", name="first_of_month"),
)
cost_month_totals = Table(
    "cost_month_totals", Base.metadata,
    Column("month", Date, ForeignKey("cost_months_kept.month", ondelete="CASCADE"), nullable=False),
    Column("category", Text),  # null: every category's
    Column("total", Numeric(16, 2), nullable=False),
    Column("care_days", Integer, nullable=False),
    Column("children", Integer, nullable=False),
)
Index("uq_cost_month_totals", cost_month_totals.c.month, func.coalesce(cost_month_totals.c.category, ""), unique=True)
