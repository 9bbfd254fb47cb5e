"""placements, their extra costs, follow-up rules and items; users' team and calendar token

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

NEW_TYPES = ("followup_subject", "followup_schedule", "followup_anchor", "followup_responsible", "followup_status",
             "placement_setting", "placement_end_reason", "extra_cost_recurrence")

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('followup_rules',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('statute', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.Enum('placement', 'home', name='followup_subject'), nullable=False),
    sa.Column('settings', postgresql.ARRAY(sa.String(length=30)), nullable=False),
    sa.Column('placement_kinds', postgresql.ARRAY(sa.String(length=30)), nullable=False),
    sa.Column('legal_bases', postgresql.ARRAY(sa.String(length=30)), nullable=False),
    sa.Column('schedule', sa.Enum('once', 'recurring', 'each_term', name='followup_schedule'), nullable=False),
    sa.Column('offset_months', sa.SmallInteger(), nullable=False),
    sa.Column('offset_days', sa.SmallInteger(), nullable=False),
    sa.Column('interval_months', sa.SmallInteger(), nullable=False),
    sa.Column('interval_days', sa.SmallInteger(), nullable=False),
    sa.Column('anchor', sa.Enum('start', 'completion', name='followup_anchor'), nullable=False),
    sa.Column('term_ends', postgresql.ARRAY(sa.String(length=5)), nullable=False),
    sa.Column('responsible', sa.Enum('social_worker', 'family_care', name='followup_responsible'), nullable=False),
    sa.Column('outcomes', postgresql.ARRAY(sa.String(length=30)), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_rules')),
    sa.UniqueConstraint('key', name=op.f('uq_followup_rules_key'))
    )
    op.create_table('placements',
    sa.Column('reference', sa.String(length=12), nullable=False),
    sa.Column('child_id', sa.Uuid(), nullable=False),
    sa.Column('request_id', sa.Uuid(), nullable=True),
    sa.Column('decision_record_id', sa.Uuid(), nullable=True),
    sa.Column('previous_placement_id', sa.Uuid(), nullable=True),
    sa.Column('foster_home_id', sa.Uuid(), nullable=True),
    sa.Column('institution_id', sa.Uuid(), nullable=True),
    sa.Column('household_child_id', sa.Uuid(), nullable=True),
    sa.Column('setting', sa.Enum('family_home', 'emergency_home', 'institution', name='placement_setting'), nullable=False),
    sa.Column('target_kind', sa.String(length=30), nullable=False),
    sa.Column('kind', postgresql.ENUM(name='request_kind', create_type=False), nullable=False),
    sa.Column('legal_basis', postgresql.ENUM(name='legal_basis', create_type=False), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('planned_end', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.Enum('planned_return_home', 'custody_transfer', 'adoption', 'age', 'planned_move', 'unplanned_move', 'other', name='placement_end_reason'), nullable=True),
    sa.Column('end_note', sa.Text(), nullable=True),
    sa.Column('responsible_worker_id', sa.Uuid(), nullable=True),
    sa.Column('family_care_secretary_id', sa.Uuid(), nullable=True),
    sa.Column('fee_monthly', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('expense_allowance_monthly', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('daily_price', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('compensation_note', sa.Text(), nullable=True),
    sa.Column('network_examined', sa.Boolean(), nullable=False),
    sa.Column('not_kinship_reason', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    postgresql.ExcludeConstraint((sa.column('child_id'), '='), (sa.text("daterange(starts_on, ended_on, '[)')"), '&&'), using='gist', name='ex_placements_one_at_a_time'),
    sa.CheckConstraint('(ended_on IS NULL) = (end_reason IS NULL)', name=op.f('ck_placements_end_has_reason')),
    sa.CheckConstraint('(foster_home_id IS NULL) <> (institution_id IS NULL)', name=op.f('ck_placements_one_home_or_institution')),
    sa.CheckConstraint('ended_on IS NULL OR ended_on > starts_on', name=op.f('ck_placements_ends_after_start')),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_placements_child_id_children')),
    sa.ForeignKeyConstraint(['decision_record_id'], ['decision_records.id'], name=op.f('fk_placements_decision_record_id_decision_records')),
    sa.ForeignKeyConstraint(['family_care_secretary_id'], ['users.id'], name=op.f('fk_placements_family_care_secretary_id_users')),
    sa.ForeignKeyConstraint(['foster_home_id'], ['foster_homes.id'], name=op.f('fk_placements_foster_home_id_foster_homes')),
    sa.ForeignKeyConstraint(['household_child_id'], ['household_children.id'], name=op.f('fk_placements_household_child_id_household_children'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_placements_institution_id_institutions')),
    sa.ForeignKeyConstraint(['previous_placement_id'], ['placements.id'], name=op.f('fk_placements_previous_placement_id_placements')),
    sa.ForeignKeyConstraint(['request_id'], ['placement_requests.id'], name=op.f('fk_placements_request_id_placement_requests')),
    sa.ForeignKeyConstraint(['responsible_worker_id'], ['users.id'], name=op.f('fk_placements_responsible_worker_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements')),
    sa.UniqueConstraint('reference', name=op.f('uq_placements_reference'))
    )
    op.create_index('ix_placements_active_start', 'placements', ['starts_on'], unique=False, postgresql_where=sa.text('ended_on IS NULL'))
    op.create_index(op.f('ix_placements_child_id'), 'placements', ['child_id'], unique=False)
    op.create_index(op.f('ix_placements_family_care_secretary_id'), 'placements', ['family_care_secretary_id'], unique=False)
    op.create_index(op.f('ix_placements_foster_home_id'), 'placements', ['foster_home_id'], unique=False)
    op.create_index(op.f('ix_placements_institution_id'), 'placements', ['institution_id'], unique=False)
    op.create_index(op.f('ix_placements_previous_placement_id'), 'placements', ['previous_placement_id'], unique=False)
    op.create_index(op.f('ix_placements_request_id'), 'placements', ['request_id'], unique=False)
    op.create_index(op.f('ix_placements_responsible_worker_id'), 'placements', ['responsible_worker_id'], unique=False)
    op.create_table('followup_items',
    sa.Column('rule_id', sa.Uuid(), nullable=False),
    sa.Column('placement_id', sa.Uuid(), nullable=True),
    sa.Column('home_id', sa.Uuid(), nullable=True),
    sa.Column('sequence', sa.SmallInteger(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('original_due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('open', 'done', 'cancelled', name='followup_status'), nullable=False),
    sa.Column('responsible_user_id', sa.Uuid(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('completed_by', sa.String(length=200), nullable=True),
    sa.Column('completed_by_id', sa.Uuid(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('outcome', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('rescheduled_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.CheckConstraint("(status = 'done') = (completed_on IS NOT NULL)", name=op.f('ck_followup_items_done_has_date')),
    sa.CheckConstraint('(placement_id IS NULL) <> (home_id IS NULL)', name=op.f('ck_followup_items_one_subject')),
    sa.ForeignKeyConstraint(['home_id'], ['foster_homes.id'], name=op.f('fk_followup_items_home_id_foster_homes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_followup_items_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['responsible_user_id'], ['users.id'], name=op.f('fk_followup_items_responsible_user_id_users')),
    sa.ForeignKeyConstraint(['rule_id'], ['followup_rules.id'], name=op.f('fk_followup_items_rule_id_followup_rules')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_items'))
    )
    op.create_index('ix_followup_items_home', 'followup_items', ['home_id', 'rule_id'], unique=False, postgresql_where=sa.text('home_id IS NOT NULL'))
    op.create_index('ix_followup_items_open_by_date', 'followup_items', ['due_on'], unique=False, postgresql_where=sa.text("status = 'open'"))
    op.create_index('ix_followup_items_open_by_worker', 'followup_items', ['responsible_user_id', 'due_on'], unique=False, postgresql_where=sa.text("status = 'open'"))
    op.create_index('ix_followup_items_done', 'followup_items', ['rule_id', 'completed_on'], unique=False,
                    postgresql_include=['placement_id', 'original_due_on'],
                    postgresql_where=sa.text("status = 'done' AND placement_id IS NOT NULL"))
    op.create_index('ix_followup_items_due', 'followup_items', ['rule_id', 'original_due_on'], unique=False,
                    postgresql_include=['placement_id', 'status', 'completed_on'],
                    postgresql_where=sa.text('placement_id IS NOT NULL'))
    op.create_index('ix_followup_items_first', 'followup_items', ['rule_id', 'placement_id'], unique=False,
                    postgresql_include=['status', 'due_on', 'original_due_on', 'completed_on', 'outcome'],
                    postgresql_where=sa.text('sequence = 1'))
    op.create_index('uq_followup_items_home_rule_sequence', 'followup_items', ['home_id', 'rule_id', 'sequence'], unique=True, postgresql_where=sa.text('home_id IS NOT NULL'))
    op.create_index('uq_followup_items_placement_rule_sequence', 'followup_items', ['placement_id', 'rule_id', 'sequence'], unique=True, postgresql_where=sa.text('placement_id IS NOT NULL'))
    op.create_table('placement_extra_costs',
    sa.Column('placement_id', sa.Uuid(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('recurrence', sa.Enum('once', 'monthly', name='extra_cost_recurrence'), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_placement_extra_costs_amount_not_negative')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_placement_extra_costs_placement_id_placements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_extra_costs'))
    )
    op.create_index(op.f('ix_placement_extra_costs_placement_id'), 'placement_extra_costs', ['placement_id'], unique=False)
    op.add_column('users', sa.Column('team', sa.String(length=200), nullable=True))
    op.add_column('users', sa.Column('calendar_token_hash', sa.String(length=64), nullable=True))
    op.create_index(op.f('ix_users_team'), 'users', ['team'], unique=False)
    op.create_index(op.f('ix_users_unit'), 'users', ['unit'], unique=False)
    op.create_unique_constraint(op.f('uq_users_calendar_token_hash'), 'users', ['calendar_token_hash'])


def downgrade() -> None:
    op.drop_constraint(op.f('uq_users_calendar_token_hash'), 'users', type_='unique')
    op.drop_index(op.f('ix_users_unit'), table_name='users')
    op.drop_index(op.f('ix_users_team'), table_name='users')
    op.drop_column('users', 'calendar_token_hash')
    op.drop_column('users', 'team')
    op.drop_index(op.f('ix_placement_extra_costs_placement_id'), table_name='placement_extra_costs')
    op.drop_table('placement_extra_costs')
    op.drop_index('uq_followup_items_placement_rule_sequence', table_name='followup_items', postgresql_where=sa.text('placement_id IS NOT NULL'))
    op.drop_index('uq_followup_items_home_rule_sequence', table_name='followup_items', postgresql_where=sa.text('home_id IS NOT NULL'))
    op.drop_index('ix_followup_items_first', table_name='followup_items')
    op.drop_index('ix_followup_items_due', table_name='followup_items')
    op.drop_index('ix_followup_items_done', table_name='followup_items')
    op.drop_index('ix_followup_items_open_by_worker', table_name='followup_items', postgresql_where=sa.text("status = 'open'"))
    op.drop_index('ix_followup_items_open_by_date', table_name='followup_items', postgresql_where=sa.text("status = 'open'"))
    op.drop_index('ix_followup_items_home', table_name='followup_items', postgresql_where=sa.text('home_id IS NOT NULL'))
    op.drop_table('followup_items')
    op.drop_index(op.f('ix_placements_responsible_worker_id'), table_name='placements')
    op.drop_index(op.f('ix_placements_request_id'), table_name='placements')
    op.drop_index(op.f('ix_placements_previous_placement_id'), table_name='placements')
    op.drop_index(op.f('ix_placements_institution_id'), table_name='placements')
    op.drop_index(op.f('ix_placements_foster_home_id'), table_name='placements')
    op.drop_index(op.f('ix_placements_family_care_secretary_id'), table_name='placements')
    op.drop_index(op.f('ix_placements_child_id'), table_name='placements')
    op.drop_index('ix_placements_active_start', table_name='placements', postgresql_where=sa.text('ended_on IS NULL'))
    op.drop_table('placements')
    op.drop_table('followup_rules')
    for name in NEW_TYPES:
        op.execute(f"DROP TYPE {name}")
