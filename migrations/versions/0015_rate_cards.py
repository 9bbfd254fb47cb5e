"""dated rate cards, and a placement's fee level and which of its terms were given rather than the card's

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04

The default versions are written on first use (foster_homes.rate_cards.DEFAULT_RATE_CARDS), as the default
follow-up rules are. Placements booked before keep their booked amounts where no card applies. The undated
rates in the placement rules (own_home_monthly_fee, reinforced_monthly_fee, expense_allowance_0_12 and
_13_20) are dropped from the stored settings: a rate is a dated card now, entered as a new version.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    money = sa.Numeric(12, 2)
    op.create_table(
        "rate_cards",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("valid_from", sa.Date(), nullable=False, unique=True),
        sa.Column("price_base_amount", money, nullable=False),
        sa.Column("fee_basic", money, nullable=False),
        sa.Column("fee_raised_1", money, nullable=False),
        sa.Column("fee_raised_2", money, nullable=False),
        sa.Column("fee_raised_3", money, nullable=False),
        sa.Column("allowance_older_from_age", sa.SmallInteger(), nullable=False),
        sa.Column("allowance_younger_percent", sa.Numeric(5, 1), nullable=False),
        sa.Column("allowance_older_percent", sa.Numeric(5, 1), nullable=False),
        sa.Column("allowance_younger_monthly", money, nullable=True),
        sa.Column("allowance_older_monthly", money, nullable=True),
        sa.Column("social_fee_percent", sa.Numeric(5, 2), nullable=False),
        sa.Column("senior_social_fee_percent", sa.Numeric(5, 2), nullable=False),
        sa.Column("senior_from_age", sa.SmallInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    level = postgresql.ENUM("basic", "raised_1", "raised_2", "raised_3", name="fee_level")
    level.create(op.get_bind())
    op.add_column("placements", sa.Column("fee_level", level, server_default="basic", nullable=False))
    op.execute("UPDATE placements SET fee_level = 'raised_2' WHERE target_kind = 'reinforced'")
    for given in ("fee_given", "allowance_given", "price_given"):
        op.add_column("placements", sa.Column(given, sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute("UPDATE rule_settings SET value = value - 'own_home_monthly_fee' - 'reinforced_monthly_fee' "
               "- 'expense_allowance_0_12' - 'expense_allowance_13_20' WHERE key = 'placement_rules'")


def downgrade() -> None:
    for column in ("price_given", "allowance_given", "fee_given", "fee_level"):
        op.drop_column("placements", column)
    postgresql.ENUM(name="fee_level").drop(op.get_bind())
    op.drop_table("rate_cards")
