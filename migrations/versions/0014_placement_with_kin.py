"""a placement records whether the child was placed with kin, by the one meaning of kin booking uses

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04

Kin: an adult of the household is in the child's network, or the home is registered as the network's home,
never through a person the child is protected from (children.network.ChildNetwork.kinship). Until now the
kinship share counted homes registered as kinship homes; placements booked before are given the flag by
the same rule, from the network and household as they are now.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("placements", sa.Column("with_kin", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute("""
        UPDATE placements p SET with_kin = true
        WHERE p.foster_home_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM network_members m
            WHERE m.child_id = p.child_id AND NOT m.protected_from AND (
                m.kinship_home_id = p.foster_home_id
                OR m.personal_number IN (SELECT a.personal_number FROM household_adults a WHERE a.home_id = p.foster_home_id)))
    """)


def downgrade() -> None:
    op.drop_column("placements", "with_kin")
