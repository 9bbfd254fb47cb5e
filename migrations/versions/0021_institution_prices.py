"""institutions' daily prices as dated versions

Each institution gets its current price as the version for every earlier day. A placement into an
institution booked at another price than that (the price changed since) is marked as having its price given,
so it keeps the price it was booked at and no past month's cost changes.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "institution_prices",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("institution_id", postgresql.UUID(as_uuid=True),
                  sa.ForeignKey("institutions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("daily_price", sa.Numeric(12, 2), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("institution_id", "valid_from", name="uq_institution_prices_from"),
        sa.CheckConstraint("daily_price >= 0", name="ck_institution_prices_price_not_negative"),
    )
    op.execute("""
        INSERT INTO institution_prices (id, institution_id, valid_from, daily_price, created_by)
        SELECT gen_random_uuid(), id, DATE '1900-01-01', daily_price, 'migration' FROM institutions
    """)
    op.execute("""
        UPDATE placements pl SET price_given = true FROM institutions i
        WHERE pl.institution_id = i.id AND pl.daily_price IS DISTINCT FROM i.daily_price
    """)


def downgrade() -> None:
    op.drop_table("institution_prices")
