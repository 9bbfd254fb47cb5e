"""children, needs, network, schools, enrolments, rule settings

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


NEW_ENUM_TYPES = [
    "school_kind", "gender", "need_level", "network_conclusion", "network_relation", "contact_frequency",
    "kinship_assessment",
]


def upgrade() -> None:
    op.create_table('rule_settings',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('updated_by', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rule_settings'))
    )
    op.create_table('schools',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('preschool', 'primary_f6', 'primary_79', 'primary_f9', 'upper_secondary', 'adapted', name='school_kind'), nullable=False),
    sa.Column('municipality', sa.String(length=100), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('unit_code', sa.String(length=8), nullable=True),
    sa.Column('street', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180', name=op.f('ck_schools_coordinates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schools')),
    sa.UniqueConstraint('unit_code', name=op.f('uq_schools_unit_code'))
    )
    op.create_index('ix_schools_municipality', 'schools', ['municipality'], unique=False)
    op.create_index('ix_schools_name', 'schools', ['name', 'id'], unique=False)
    op.create_table('children',
    sa.Column('reference', sa.String(length=12), nullable=False),
    sa.Column('first_name', sa.String(length=200), nullable=False),
    sa.Column('last_name', sa.String(length=200), nullable=False),
    sa.Column('personal_number', sa.String(length=13), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('gender', sa.Enum('girl', 'boy', 'other', name='gender'), nullable=False),
    sa.Column('languages', postgresql.ARRAY(sa.String(length=40)), nullable=False),
    sa.Column('religion_culture', sa.String(length=200), nullable=True),
    sa.Column('allergies', postgresql.ARRAY(sa.String(length=40)), nullable=False),
    sa.Column('health_notes', sa.Text(), nullable=True),
    sa.Column('responsible_worker_id', sa.Uuid(), nullable=True),
    sa.Column('protected_identity', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=True),
    sa.Column('postal_code', sa.String(length=6), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('municipality', sa.String(length=100), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('(latitude IS NULL) = (longitude IS NULL) AND (latitude IS NULL OR latitude BETWEEN -90 AND 90)', name=op.f('ck_children_coordinates')),
    sa.ForeignKeyConstraint(['responsible_worker_id'], ['users.id'], name=op.f('fk_children_responsible_worker_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_children')),
    sa.UniqueConstraint('personal_number', name=op.f('uq_children_personal_number')),
    sa.UniqueConstraint('reference', name=op.f('uq_children_reference'))
    )
    op.create_index('ix_children_birth_date', 'children', ['birth_date'], unique=False)
    op.create_index('ix_children_name', 'children', ['last_name', 'first_name', 'id'], unique=False)
    op.create_index(op.f('ix_children_responsible_worker_id'), 'children', ['responsible_worker_id'], unique=False)
    op.create_table('child_assignments',
    sa.Column('child_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('assigned_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_child_assignments_child_id_children'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_child_assignments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('child_id', 'user_id', name=op.f('pk_child_assignments'))
    )
    op.create_index(op.f('ix_child_assignments_user_id'), 'child_assignments', ['user_id'], unique=False)
    op.create_table('child_need_assessments',
    sa.Column('child_id', sa.Uuid(), nullable=False),
    sa.Column('domain', postgresql.ENUM(name='bbic_domain', create_type=False), nullable=False),  # made in 0001
    sa.Column('level', sa.Enum('none', 'some', 'substantial', 'critical', name='need_level'), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_child_need_assessments_child_id_children'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_child_need_assessments'))
    )
    op.create_index('ix_child_need_assessments_child_domain', 'child_need_assessments', ['child_id', 'domain', 'recorded_at'], unique=False)
    op.create_table('child_wishes',
    sa.Column('child_id', sa.Uuid(), nullable=False),
    sa.Column('said_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_child_wishes_child_id_children'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_child_wishes'))
    )
    op.create_index(op.f('ix_child_wishes_child_id'), 'child_wishes', ['child_id'], unique=False)
    op.create_table('enrolments',
    sa.Column('child_id', sa.Uuid(), nullable=False),
    sa.Column('school_id', sa.Uuid(), nullable=False),
    sa.Column('grade', sa.SmallInteger(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    postgresql.ExcludeConstraint((sa.column('child_id'), '='), (sa.text('daterange(started_on, ended_on)'), '&&'), using='gist', name='ex_enrolments_one_school_at_a_time'),
    sa.CheckConstraint('ended_on IS NULL OR ended_on > started_on', name=op.f('ck_enrolments_period_order')),
    sa.CheckConstraint('grade BETWEEN -1 AND 13', name=op.f('ck_enrolments_grade_range')),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_enrolments_child_id_children'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_enrolments_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolments'))
    )
    op.create_index('ix_enrolments_child', 'enrolments', ['child_id', 'started_on'], unique=False)
    op.create_index(op.f('ix_enrolments_school_id'), 'enrolments', ['school_id'], unique=False)
    op.create_table('network_examinations',
    sa.Column('child_id', sa.Uuid(), nullable=False),
    sa.Column('examined_on', sa.Date(), nullable=False),
    sa.Column('conclusion', sa.Enum('kinship_possible', 'no_suitable_kinship', 'in_progress', name='network_conclusion'), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_network_examinations_child_id_children'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_examinations'))
    )
    op.create_index(op.f('ix_network_examinations_child_id'), 'network_examinations', ['child_id'], unique=False)
    op.create_table('network_members',
    sa.Column('child_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('personal_number', sa.String(length=13), nullable=True),
    sa.Column('relation', sa.Enum('mother', 'father', 'sibling', 'half_sibling', 'grandparent', 'aunt_uncle', 'cousin', 'other_relative', 'family_friend', 'neighbour', 'professional', name='network_relation'), nullable=False),
    sa.Column('importance', sa.SmallInteger(), nullable=False),
    sa.Column('contact_frequency', sa.Enum('weekly', 'fortnightly', 'monthly', 'quarterly', 'yearly', 'none', name='contact_frequency'), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=True),
    sa.Column('postal_code', sa.String(length=6), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('municipality', sa.String(length=100), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('willing_kinship_home', sa.Boolean(), nullable=False),
    sa.Column('kinship_assessment', sa.Enum('not_assessed', 'in_progress', 'suitable', 'not_suitable', name='kinship_assessment'), nullable=False),
    sa.Column('kinship_home_id', sa.Uuid(), nullable=True),
    sa.Column('protected_from', sa.Boolean(), nullable=False),
    sa.Column('protected_reason', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('NOT protected_from OR protected_reason IS NOT NULL', name=op.f('ck_network_members_protection_has_reason')),
    sa.CheckConstraint('importance BETWEEN 1 AND 3', name=op.f('ck_network_members_importance_range')),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_network_members_child_id_children'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['kinship_home_id'], ['foster_homes.id'], name=op.f('fk_network_members_kinship_home_id_foster_homes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_members'))
    )
    op.create_index(op.f('ix_network_members_child_id'), 'network_members', ['child_id'], unique=False)
    op.create_index(op.f('ix_network_members_kinship_home_id'), 'network_members', ['kinship_home_id'], unique=False)
    op.create_index(op.f('ix_network_members_personal_number'), 'network_members', ['personal_number'], unique=False)
    op.create_table('sibling_links',
    sa.Column('child_a_id', sa.Uuid(), nullable=False),
    sa.Column('child_b_id', sa.Uuid(), nullable=False),
    sa.Column('half', sa.Boolean(), nullable=False),
    sa.CheckConstraint('child_a_id < child_b_id', name=op.f('ck_sibling_links_ordered_pair')),
    sa.ForeignKeyConstraint(['child_a_id'], ['children.id'], name=op.f('fk_sibling_links_child_a_id_children'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['child_b_id'], ['children.id'], name=op.f('fk_sibling_links_child_b_id_children'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('child_a_id', 'child_b_id', name=op.f('pk_sibling_links'))
    )
    op.create_index(op.f('ix_sibling_links_child_b_id'), 'sibling_links', ['child_b_id'], unique=False)
    # Counting placed children per home reads placed_until from the index too (no table visits).
    op.drop_index('ix_household_children_placed', table_name='household_children')
    op.create_index(
        'ix_household_children_placed', 'household_children', ['home_id', 'placed_from'],
        postgresql_where=sa.text("relation = 'placed'"), postgresql_include=['placed_until'],
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_sibling_links_child_b_id'), table_name='sibling_links')
    op.drop_table('sibling_links')
    op.drop_index(op.f('ix_network_members_personal_number'), table_name='network_members')
    op.drop_index(op.f('ix_network_members_kinship_home_id'), table_name='network_members')
    op.drop_index(op.f('ix_network_members_child_id'), table_name='network_members')
    op.drop_table('network_members')
    op.drop_index(op.f('ix_network_examinations_child_id'), table_name='network_examinations')
    op.drop_table('network_examinations')
    op.drop_index(op.f('ix_enrolments_school_id'), table_name='enrolments')
    op.drop_index('ix_enrolments_child', table_name='enrolments')
    op.drop_table('enrolments')
    op.drop_index(op.f('ix_child_wishes_child_id'), table_name='child_wishes')
    op.drop_table('child_wishes')
    op.drop_index('ix_child_need_assessments_child_domain', table_name='child_need_assessments')
    op.drop_table('child_need_assessments')
    op.drop_index(op.f('ix_child_assignments_user_id'), table_name='child_assignments')
    op.drop_table('child_assignments')
    op.drop_index(op.f('ix_children_responsible_worker_id'), table_name='children')
    op.drop_index('ix_children_name', table_name='children')
    op.drop_index('ix_children_birth_date', table_name='children')
    op.drop_table('children')
    op.drop_index('ix_schools_name', table_name='schools')
    op.drop_index('ix_schools_municipality', table_name='schools')
    op.drop_table('schools')
    op.drop_table('rule_settings')
    op.drop_index('ix_household_children_placed', table_name='household_children')
    op.create_index(
        'ix_household_children_placed', 'household_children', ['home_id', 'placed_from'],
        postgresql_where=sa.text("relation = 'placed'"),
    )
    for enum_type in NEW_ENUM_TYPES:
        op.execute(f"DROP TYPE IF EXISTS {enum_type}")
