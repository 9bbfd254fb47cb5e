"""faster register queries: stored earth point for distance, name index for the default order

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Computing ll_to_earth() per row made distance search slow at 25 000 homes; a stored point is indexed
    # directly and allows nearest-first order (<->) straight from the index.
    op.execute(
        "ALTER TABLE foster_homes ADD COLUMN earth_point earth "
        "GENERATED ALWAYS AS (ll_to_earth(latitude, longitude)) STORED"
    )
    op.drop_index("ix_foster_homes_earth", table_name="foster_homes")
    op.create_index("ix_foster_homes_earth_point", "foster_homes", ["earth_point"], postgresql_using="gist")
    op.create_index("ix_foster_homes_name_id", "foster_homes", ["name", "id"])


def downgrade() -> None:
    op.drop_index("ix_foster_homes_name_id", table_name="foster_homes")
    op.drop_index("ix_foster_homes_earth_point", table_name="foster_homes")
    op.drop_column("foster_homes", "earth_point")
    op.execute("CREATE INDEX ix_foster_homes_earth ON foster_homes USING gist (ll_to_earth(latitude, longitude))")
