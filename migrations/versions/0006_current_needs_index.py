"""index for each child's newest need per domain

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Filtering children by current need picks the newest row per (child, domain) by assessment date.
    op.drop_index("ix_child_need_assessments_child_domain", table_name="child_need_assessments")
    op.create_index(
        "ix_child_need_assessments_current", "child_need_assessments", ["child_id", "domain", "assessed_on", "recorded_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_child_need_assessments_current", table_name="child_need_assessments")
    op.create_index(
        "ix_child_need_assessments_child_domain", "child_need_assessments", ["child_id", "domain", "recorded_at"]
    )
