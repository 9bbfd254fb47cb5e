"""each child's current need per domain, kept by a trigger

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# A statement-level trigger with a transition table: one upsert per INSERT statement, however many rows
# (the demo and an importer insert assessments in bulk). An older assessment never replaces a newer one.
REFRESH_FUNCTION = """
CREATE FUNCTION refresh_current_needs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO child_current_needs AS current (child_id, domain, level, assessed_on, recorded_at)
    SELECT DISTINCT ON (child_id, domain) child_id, domain, level, assessed_on, recorded_at
    FROM new_rows
    ORDER BY child_id, domain, assessed_on DESC, recorded_at DESC
    ON CONFLICT (child_id, domain) DO UPDATE
        SET level = EXCLUDED.level, assessed_on = EXCLUDED.assessed_on, recorded_at = EXCLUDED.recorded_at
        WHERE (EXCLUDED.assessed_on, EXCLUDED.recorded_at) >= (current.assessed_on, current.recorded_at);
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "child_current_needs",
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("domain", postgresql.ENUM(name="bbic_domain", create_type=False), nullable=False),
        sa.Column("level", postgresql.ENUM(name="need_level", create_type=False), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["child_id"], ["children.id"], name=op.f("fk_child_current_needs_child_id_children"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("child_id", "domain", name=op.f("pk_child_current_needs")),
    )
    op.create_index("ix_child_current_needs_domain_level", "child_current_needs", ["domain", "level", "child_id"])
    op.execute(REFRESH_FUNCTION)
    op.execute(
        "CREATE TRIGGER child_need_assessments_current AFTER INSERT ON child_need_assessments "
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_current_needs()"
    )
    op.execute(
        "INSERT INTO child_current_needs (child_id, domain, level, assessed_on, recorded_at) "
        "SELECT DISTINCT ON (child_id, domain) child_id, domain, level, assessed_on, recorded_at "
        "FROM child_need_assessments ORDER BY child_id, domain, assessed_on DESC, recorded_at DESC"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER child_need_assessments_current ON child_need_assessments")
    op.execute("DROP FUNCTION refresh_current_needs()")
    op.drop_index("ix_child_current_needs_domain_level", table_name="child_current_needs")
    op.drop_table("child_current_needs")
