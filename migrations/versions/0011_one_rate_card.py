"""own homes' fees and allowances move from the matching settings to the placement rules (one rate card)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

MOVED = ("own_home_monthly_fee", "reinforced_monthly_fee", "expense_allowance_0_12", "expense_allowance_13_20")


def upgrade() -> None:
    # An administrator's saved values go with them; the placement rules keep anything already set there.
    picked = ", ".join(f"'{key}', value -> '{key}'" for key in MOVED)
    op.execute(f"""
        INSERT INTO rule_settings (key, value, updated_by)
        SELECT 'placement_rules', jsonb_strip_nulls(jsonb_build_object({picked})), updated_by
        FROM rule_settings WHERE key = 'matching'
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value || rule_settings.value
    """)
    op.execute("UPDATE rule_settings SET value = value - ARRAY[" + ", ".join(f"'{k}'" for k in MOVED) + "] WHERE key = 'matching'")


def downgrade() -> None:
    picked = ", ".join(f"'{key}', value -> '{key}'" for key in MOVED)
    op.execute(f"""
        UPDATE rule_settings AS matching SET value = matching.value || jsonb_strip_nulls(jsonb_build_object({picked}))
        FROM (SELECT value FROM rule_settings WHERE key = 'placement_rules') AS placement
        WHERE matching.key = 'matching'
    """.replace("value -> ", "placement.value -> "))
