"""a placement's fee level from a day (placement_fee_levels)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "placement_fee_levels",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("placement_id", postgresql.UUID(as_uuid=True),
                  sa.ForeignKey("placements.id", ondelete="CASCADE"), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("level", postgresql.ENUM(name="fee_level", create_type=False), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("placement_id", "valid_from", name="uq_placement_fee_levels_from"),
    )
    op.create_index("ix_placement_fee_levels_placement_id", "placement_fee_levels", ["placement_id"])


def downgrade() -> None:
    op.drop_table("placement_fee_levels")
