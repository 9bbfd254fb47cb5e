"""who made a placement request, by account (placement_requests.created_by_id), not only by name

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-04

"Förfrågningar jag gjort" on the start page matched the creator's name, which two staff can share. The earlier
requests get the account whose name they were made under where exactly one account has it; others stay
without (their creator is still named).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("placement_requests", sa.Column("created_by_id", postgresql.UUID(as_uuid=True),
                                                  sa.ForeignKey("users.id"), nullable=True))
    op.create_index("ix_placement_requests_created_by_id", "placement_requests", ["created_by_id"])
    op.execute("""
        UPDATE placement_requests r SET created_by_id = u.id FROM users u
        WHERE u.name = r.created_by AND (SELECT count(*) FROM users same WHERE same.name = r.created_by) = 1""")


def downgrade() -> None:
    op.drop_index("ix_placement_requests_created_by_id", "placement_requests")
    op.drop_column("placement_requests", "created_by_id")
