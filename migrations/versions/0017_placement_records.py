"""what was known of a placement from which day (placement_records), for forecasts rebuilt as of a past day

Existing placements get the records their dates imply: booked on the day it was decided (with today's
planned end: an earlier one was never kept), and ended on its end day. A backtest over that reconstruction
knows each end from the day it happened, which is what the record would have said had it been kept.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "placement_records",
        sa.Column("seq", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("placement_id", postgresql.UUID(as_uuid=True),
                  sa.ForeignKey("placements.id", ondelete="CASCADE"), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("change", sa.Enum("booked", "ended", "planned_end", name="placement_change"), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("planned_end", sa.Date()),
        sa.Column("ended_on", sa.Date()),
    )
    op.create_index("ix_placement_records_known", "placement_records", ["placement_id", "recorded_on"])
    op.execute("""
        INSERT INTO placement_records (placement_id, recorded_on, change, starts_on, planned_end, ended_on)
        SELECT id, least(decided_on, starts_on), 'booked'::placement_change, starts_on, planned_end, NULL::date
        FROM placements
        UNION ALL
        SELECT id, ended_on, 'ended'::placement_change, starts_on, planned_end, ended_on
        FROM placements WHERE ended_on IS NOT NULL
    """)


def downgrade() -> None:
    op.drop_table("placement_records")
    sa.Enum(name="placement_change").drop(op.get_bind())
