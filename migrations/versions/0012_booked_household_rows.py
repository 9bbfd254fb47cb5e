"""household rows written by bookings are marked, so editing the home leaves them be

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("household_children", sa.Column("booked", sa.Boolean(), server_default=sa.text("false"), nullable=False))
    op.execute("UPDATE household_children SET booked = true WHERE id IN "
               "(SELECT household_child_id FROM placements WHERE household_child_id IS NOT NULL)")


def downgrade() -> None:
    op.drop_column("household_children", "booked")
