"""forecasts kept as they were made, for their accuracy against the year's outcome

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_forecasts",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("unit", sa.String(100), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("category", postgresql.ENUM(name="cost_category", create_type=False)),
        sa.Column("expected", sa.Numeric(14, 2), nullable=False),
        sa.Column("p10", sa.Numeric(14, 2), nullable=False),
        sa.Column("p50", sa.Numeric(14, 2), nullable=False),
        sa.Column("p90", sa.Numeric(14, 2), nullable=False),
        sa.Column("kept_by", sa.String(200), nullable=False),
        sa.Column("kept_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_kept_forecasts_year", "kept_forecasts", ["year", "unit", "as_of"])


def downgrade() -> None:
    op.drop_table("kept_forecasts")
