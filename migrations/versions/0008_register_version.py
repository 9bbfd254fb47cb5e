"""a version of the register that changes with every committed write, for in-memory copies

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Two versions: the homes themselves, and who is placed in them (which bookings change often and is cheap to
# reload on its own).
TABLES = {
    "foster_homes": "homes", "household_adults": "homes", "home_domain_competences": "homes",
    "home_trainings": "homes", "agencies": "homes", "agency_contracts": "homes", "agency_contract_prices": "homes",
    "household_children": "placed_children",
}

# The bump runs at commit (a deferred constraint trigger), so the row is locked only for the instant of the
# commit and always last: no deadlock with the home rows a booking locks, and no reader can see the new
# version before the data it stands for. One bump per transaction, however many rows it writes.
BUMP_FUNCTION = """
CREATE FUNCTION bump_register_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    this_transaction text := pg_current_xact_id()::text;
    flag text := 'placera.register_bumped_' || TG_ARGV[0];
BEGIN
    IF current_setting(flag, true) IS DISTINCT FROM this_transaction THEN
        PERFORM set_config(flag, this_transaction, true);
        INSERT INTO register_version (name, version) VALUES (TG_ARGV[0], gen_random_uuid())
        ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version;
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "register_version",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("version", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_register_version")),
    )
    op.execute("INSERT INTO register_version (name, version) "
               "VALUES ('homes', gen_random_uuid()), ('placed_children', gen_random_uuid())")
    op.execute(BUMP_FUNCTION)
    for table, name in TABLES.items():
        op.execute(
            f"CREATE CONSTRAINT TRIGGER {table}_bump_register_version AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_register_version('{name}')"
        )
        op.execute(
            f"CREATE TRIGGER {table}_truncate_bumps_register_version AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION bump_register_version('{name}')"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_truncate_bumps_register_version ON {table}")
        op.execute(f"DROP TRIGGER {table}_bump_register_version ON {table}")
    op.execute("DROP FUNCTION bump_register_version()")
    op.drop_table("register_version")
