"""decision records keep the request as it was, and may record a split of siblings

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("decision_records", sa.Column("request", postgresql.JSONB(), nullable=True))
    op.add_column("decision_records", sa.Column("split", postgresql.JSONB(), nullable=True))
    op.alter_column("decision_records", "chosen_home_id", nullable=True)
    op.create_check_constraint(
        op.f("ck_decision_records_one_home_or_a_split"), "decision_records", "(chosen_home_id IS NULL) <> (split IS NULL)"
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_decision_records_one_home_or_a_split"), "decision_records", type_="check")
    op.execute("DELETE FROM decision_records WHERE chosen_home_id IS NULL")
    op.alter_column("decision_records", "chosen_home_id", nullable=False)
    op.drop_column("decision_records", "split")
    op.drop_column("decision_records", "request")
