"""a child's network tells moster, faster, morbror and farbror apart (network_relation gets four values; the
old aunt_uncle stays for members recorded before, whose relation the record does not say)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04
"""

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

NEW = ("maternal_aunt", "paternal_aunt", "maternal_uncle", "paternal_uncle")


def upgrade() -> None:
    for value in NEW:
        op.execute(f"ALTER TYPE network_relation ADD VALUE IF NOT EXISTS '{value}' BEFORE 'aunt_uncle'")


def downgrade() -> None:
    # An enum value cannot be dropped: the members keep the relation as the vaguer one, and the type is rebuilt.
    op.execute("UPDATE network_members SET relation = 'aunt_uncle' WHERE relation::text IN "
               "('maternal_aunt', 'paternal_aunt', 'maternal_uncle', 'paternal_uncle')")
    op.execute("ALTER TYPE network_relation RENAME TO network_relation_old")
    op.execute("CREATE TYPE network_relation AS ENUM ('mother', 'father', 'sibling', 'half_sibling', 'grandparent', "
               "'aunt_uncle', 'cousin', 'other_relative', 'family_friend', 'neighbour', 'professional')")
    op.execute("ALTER TABLE network_members ALTER COLUMN relation TYPE network_relation "
               "USING relation::text::network_relation")
    op.execute("DROP TYPE network_relation_old")
