"""a pseudonymous reference for every home (H-…), to tell namesakes apart and to name a home where its name may
not be shown (the calendar feed)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04

The reference is the database's to give (a column default), so every way a home is written gets one, the
register's service and the benchmarks' bulk copies alike: the n-th home's is n scrambled (multiplied by an odd
number modulo 32^6, a one-to-one map) and written in the references' alphabet (core.references), so no two
homes ever share one and nothing about the home can be read from it.
"""

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE SEQUENCE foster_home_reference_seq")
    op.execute("""
        CREATE FUNCTION home_reference(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
            SELECT 'H-' || string_agg(substr('ABCDEFGHJKLMNPQRSTUVWXYZ23456789',
                                             (((n * 387420489) % 1073741824) >> (5 * (5 - i)) & 31)::int + 1, 1),
                                      '' ORDER BY i)
            FROM generate_series(0, 5) AS i
        $$""")
    # A volatile default on a new column is evaluated row by row: every existing home gets its own.
    op.execute("ALTER TABLE foster_homes ADD COLUMN reference varchar(12) NOT NULL "
               "DEFAULT home_reference(nextval('foster_home_reference_seq'))")
    op.execute("ALTER SEQUENCE foster_home_reference_seq OWNED BY foster_homes.reference")
    op.create_unique_constraint("uq_foster_homes_reference", "foster_homes", ["reference"])


def downgrade() -> None:
    op.drop_constraint("uq_foster_homes_reference", "foster_homes")
    op.execute("ALTER TABLE foster_homes DROP COLUMN reference")  # drops the sequence it owns
    op.execute("DROP FUNCTION home_reference(bigint)")
