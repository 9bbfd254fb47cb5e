"""a placement's extra lines may be revenues (parents' contribution, child allowance, reclaimed), with what
has been received of them

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

KINDS = ("cost", "parental_contribution", "child_allowance", "reclaimed", "other_revenue")


def upgrade() -> None:
    kind = sa.Enum(*KINDS, name="extra_line_kind")
    kind.create(op.get_bind())
    op.add_column("placement_extra_costs", sa.Column("kind", kind, nullable=False, server_default="cost"))
    op.add_column("placement_extra_costs", sa.Column("received", sa.Numeric(12, 2)))
    op.add_column("placement_extra_costs", sa.Column("received_on", sa.Date()))


def downgrade() -> None:
    op.drop_column("placement_extra_costs", "received_on")
    op.drop_column("placement_extra_costs", "received")
    op.drop_column("placement_extra_costs", "kind")
    sa.Enum(name="extra_line_kind").drop(op.get_bind())
