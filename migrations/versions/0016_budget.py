"""a year's budget per category and unit, month by month

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

CATEGORIES = ("own_homes", "kinship_homes", "consultant_homes", "emergency_homes", "hvb", "sis", "supported_housing",
              "other")


def upgrade() -> None:
    op.create_table(
        "budget_months",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("category", sa.Enum(*CATEGORIES, name="cost_category"), nullable=False),
        sa.Column("unit", sa.String(100), nullable=False),
        sa.Column("month", sa.SmallInteger(), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("year", "category", "unit", "month", name="uq_budget_months_cell"),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name="ck_budget_months_month_of_year"),
    )


def downgrade() -> None:
    op.drop_table("budget_months")
    sa.Enum(name="cost_category").drop(op.get_bind())
