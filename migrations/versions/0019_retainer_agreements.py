"""emergency homes' retainer agreements (uppdragsavtal): places kept ready for a monthly fee

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retainer_agreements",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("home_id", postgresql.UUID(as_uuid=True), sa.ForeignKey("foster_homes.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date()),
        sa.Column("places", sa.SmallInteger(), nullable=False),
        sa.Column("fee_per_place_monthly", sa.Numeric(12, 2), nullable=False),
        sa.Column("standby_allowance_monthly", sa.Numeric(12, 2), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="ck_retainer_agreements_period_order"),
        sa.CheckConstraint("places BETWEEN 1 AND 20", name="ck_retainer_agreements_places_range"),
        postgresql.ExcludeConstraint(
            ("home_id", "="), (sa.text("daterange(valid_from, valid_to, '[]')"), "&&"),
            name="ex_retainer_agreements_no_overlap", using="gist"),
    )
    op.create_index("ix_retainer_agreements_home_id", "retainer_agreements", ["home_id"])


def downgrade() -> None:
    op.drop_table("retainer_agreements")
