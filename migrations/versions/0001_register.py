"""register of foster homes, agencies and institutions

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


EXTENSIONS = ["btree_gist", "cube", "earthdistance", "pg_trgm"]
ENUM_TYPES = [
    "household_child_relation",
    "support_contact_kind",
    "bbic_domain",
    "experience_level",
    "assessment_outcome",
    "contract_level",
    "home_status",
    "home_kind",
    "gender_preference",
    "institution_kind",
]


def upgrade() -> None:
    # btree_gist: exclusion constraints on date ranges; cube + earthdistance: distance search; pg_trgm: name search.
    for extension in EXTENSIONS:
        op.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
    op.create_table('agencies',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organisation_number', sa.String(length=11), nullable=False),
    sa.Column('municipality', sa.String(length=100), nullable=True),
    sa.Column('contact_person', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closed_reason', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agencies')),
    sa.UniqueConstraint('organisation_number', name=op.f('uq_agencies_organisation_number'))
    )
    op.create_table('institutions',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('hvb', 'sis', 'supported_housing', name='institution_kind'), nullable=False),
    sa.Column('operator', sa.String(length=200), nullable=True),
    sa.Column('street', sa.String(length=200), nullable=True),
    sa.Column('postal_code', sa.String(length=6), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('municipality', sa.String(length=100), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('age_min', sa.SmallInteger(), nullable=False),
    sa.Column('age_max', sa.SmallInteger(), nullable=False),
    sa.Column('gender_preference', sa.Enum('any', 'girl', 'boy', name='gender_preference'), nullable=False),
    sa.Column('daily_price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('target_groups', sa.ARRAY(sa.String(length=40)), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closed_reason', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('age_min <= age_max', name=op.f('ck_institutions_age_order')),
    sa.CheckConstraint('daily_price >= 0', name=op.f('ck_institutions_price_not_negative')),
    sa.CheckConstraint('places >= 0', name=op.f('ck_institutions_places_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_institutions'))
    )
    op.create_table('agency_contracts',
    sa.Column('agency_id', sa.Uuid(), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    postgresql.ExcludeConstraint((sa.column('agency_id'), '='), (sa.text("daterange(valid_from, valid_to, '[]')"), '&&'), using='gist', name='ex_agency_contracts_no_overlap'),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_agency_contracts_period_order')),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_agency_contracts_agency_id_agencies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_contracts'))
    )
    op.create_index(op.f('ix_agency_contracts_agency_id'), 'agency_contracts', ['agency_id'], unique=False)
    op.create_table('foster_homes',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('own', 'consultant', 'kinship', 'emergency', 'reinforced', name='home_kind'), nullable=False),
    sa.Column('status', sa.Enum('applicant', 'under_assessment', 'approved', 'paused', 'closed', name='home_status'), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=True),
    sa.Column('contract_level', sa.Enum('standard', 'reinforced', 'emergency', name='contract_level'), nullable=True),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('postal_code', sa.String(length=6), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('municipality', sa.String(length=100), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('age_min', sa.SmallInteger(), nullable=False),
    sa.Column('age_max', sa.SmallInteger(), nullable=False),
    sa.Column('max_sibling_group', sa.SmallInteger(), nullable=False),
    sa.Column('gender_preference', sa.Enum('any', 'girl', 'boy', name='gender_preference'), nullable=False),
    sa.Column('placement_kinds', sa.ARRAY(sa.String(length=20)), nullable=False),
    sa.Column('available_from', sa.Date(), nullable=True),
    sa.Column('tags', sa.ARRAY(sa.String(length=40)), nullable=False),
    sa.Column('religion_culture', sa.String(length=200), nullable=True),
    sa.Column('pets', sa.ARRAY(sa.String(length=20)), nullable=False),
    sa.Column('smoking', sa.Boolean(), nullable=False),
    sa.Column('wishes', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("(kind = 'consultant') = (agency_id IS NOT NULL)", name=op.f('ck_foster_homes_agency_iff_consultant')),
    sa.CheckConstraint('age_min <= age_max', name=op.f('ck_foster_homes_age_order')),
    sa.CheckConstraint('latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180', name=op.f('ck_foster_homes_coordinates')),
    sa.CheckConstraint('max_sibling_group >= 1', name=op.f('ck_foster_homes_sibling_group_positive')),
    sa.CheckConstraint('places >= 0', name=op.f('ck_foster_homes_places_not_negative')),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_foster_homes_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_foster_homes'))
    )
    op.create_index(op.f('ix_foster_homes_agency_id'), 'foster_homes', ['agency_id'], unique=False)
    op.create_index('ix_foster_homes_earth', 'foster_homes', [sa.literal_column('ll_to_earth(latitude, longitude)')], unique=False, postgresql_using='gist')
    op.create_index('ix_foster_homes_kind_status', 'foster_homes', ['kind', 'status'], unique=False)
    op.create_index('ix_foster_homes_municipality', 'foster_homes', ['municipality'], unique=False)
    op.create_index('ix_foster_homes_name_trgm', 'foster_homes', ['name'], unique=False, postgresql_using='gin', postgresql_ops={'name': 'gin_trgm_ops'})
    op.create_index('ix_foster_homes_tags', 'foster_homes', ['tags'], unique=False, postgresql_using='gin')
    op.create_table('agency_contract_prices',
    sa.Column('contract_id', sa.Uuid(), nullable=False),
    sa.Column('level', sa.Enum('standard', 'reinforced', 'emergency', name='contract_level'), nullable=False),
    sa.Column('daily_price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('daily_price >= 0', name=op.f('ck_agency_contract_prices_price_not_negative')),
    sa.ForeignKeyConstraint(['contract_id'], ['agency_contracts.id'], name=op.f('fk_agency_contract_prices_contract_id_agency_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_contract_prices'))
    )
    op.create_index(op.f('ix_agency_contract_prices_contract_id'), 'agency_contract_prices', ['contract_id'], unique=False)
    op.create_index('uq_agency_contract_prices_level', 'agency_contract_prices', ['contract_id', 'level'], unique=True)
    op.create_table('home_assessments',
    sa.Column('home_id', sa.Uuid(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('assessor', sa.String(length=200), nullable=False),
    sa.Column('outcome', sa.Enum('pending', 'approved', 'rejected', name='assessment_outcome'), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('completed_on IS NULL OR completed_on >= started_on', name=op.f('ck_home_assessments_period_order')),
    sa.ForeignKeyConstraint(['home_id'], ['foster_homes.id'], name=op.f('fk_home_assessments_home_id_foster_homes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_home_assessments'))
    )
    op.create_index(op.f('ix_home_assessments_home_id'), 'home_assessments', ['home_id'], unique=False)
    op.create_table('home_domain_competences',
    sa.Column('home_id', sa.Uuid(), nullable=False),
    sa.Column('domain', sa.Enum('health', 'education', 'emotional_behavioural', 'identity', 'family_social_relations', 'social_presentation', 'self_care', name='bbic_domain'), nullable=False),
    sa.Column('experience', sa.Enum('none', 'some', 'substantial', 'extensive', name='experience_level'), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['home_id'], ['foster_homes.id'], name=op.f('fk_home_domain_competences_home_id_foster_homes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_home_domain_competences'))
    )
    op.create_index('uq_home_domain_competences_home_domain', 'home_domain_competences', ['home_id', 'domain'], unique=True)
    op.create_table('home_status_changes',
    sa.Column('home_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.Enum('applicant', 'under_assessment', 'approved', 'paused', 'closed', name='home_status'), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['home_id'], ['foster_homes.id'], name=op.f('fk_home_status_changes_home_id_foster_homes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_home_status_changes'))
    )
    op.create_index(op.f('ix_home_status_changes_home_id'), 'home_status_changes', ['home_id'], unique=False)
    op.create_table('home_support_contacts',
    sa.Column('home_id', sa.Uuid(), nullable=False),
    sa.Column('contact_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('home_visit', 'phone', 'supervision', 'training', 'meeting', 'other', name='support_contact_kind'), nullable=False),
    sa.Column('staff_name', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['home_id'], ['foster_homes.id'], name=op.f('fk_home_support_contacts_home_id_foster_homes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_home_support_contacts'))
    )
    op.create_index('ix_home_support_contacts_home_date', 'home_support_contacts', ['home_id', 'contact_date'], unique=False)
    op.create_table('home_trainings',
    sa.Column('home_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('domain', sa.Enum('health', 'education', 'emotional_behavioural', 'identity', 'family_social_relations', 'social_presentation', 'self_care', name='bbic_domain'), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['home_id'], ['foster_homes.id'], name=op.f('fk_home_trainings_home_id_foster_homes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_home_trainings'))
    )
    op.create_index(op.f('ix_home_trainings_home_id'), 'home_trainings', ['home_id'], unique=False)
    op.create_table('household_adults',
    sa.Column('home_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('personal_number', sa.String(length=13), nullable=False),
    sa.Column('languages', sa.ARRAY(sa.String(length=40)), nullable=False),
    sa.Column('occupation', sa.String(length=200), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['home_id'], ['foster_homes.id'], name=op.f('fk_household_adults_home_id_foster_homes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_adults'))
    )
    op.create_index(op.f('ix_household_adults_home_id'), 'household_adults', ['home_id'], unique=False)
    op.create_index(op.f('ix_household_adults_personal_number'), 'household_adults', ['personal_number'], unique=False)
    op.create_table('household_children',
    sa.Column('home_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('birth_year', sa.SmallInteger(), nullable=False),
    sa.Column('relation', sa.Enum('own', 'placed', name='household_child_relation'), nullable=False),
    sa.Column('placed_from', sa.Date(), nullable=True),
    sa.Column('placed_until', sa.Date(), nullable=True),
    sa.Column('placing_municipality', sa.String(length=100), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.CheckConstraint("relation <> 'placed' OR placed_from IS NOT NULL", name=op.f('ck_household_children_placed_has_start')),
    sa.CheckConstraint('placed_until IS NULL OR placed_until > placed_from', name=op.f('ck_household_children_placed_period_order')),
    sa.ForeignKeyConstraint(['home_id'], ['foster_homes.id'], name=op.f('fk_household_children_home_id_foster_homes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_children'))
    )
    op.create_index(op.f('ix_household_children_home_id'), 'household_children', ['home_id'], unique=False)
    op.create_index('ix_household_children_placed', 'household_children', ['home_id', 'placed_from'], unique=False, postgresql_where=sa.text("relation = 'placed'"))


def downgrade() -> None:
    op.drop_index('ix_household_children_placed', table_name='household_children', postgresql_where=sa.text("relation = 'placed'"))
    op.drop_index(op.f('ix_household_children_home_id'), table_name='household_children')
    op.drop_table('household_children')
    op.drop_index(op.f('ix_household_adults_personal_number'), table_name='household_adults')
    op.drop_index(op.f('ix_household_adults_home_id'), table_name='household_adults')
    op.drop_table('household_adults')
    op.drop_index(op.f('ix_home_trainings_home_id'), table_name='home_trainings')
    op.drop_table('home_trainings')
    op.drop_index('ix_home_support_contacts_home_date', table_name='home_support_contacts')
    op.drop_table('home_support_contacts')
    op.drop_index(op.f('ix_home_status_changes_home_id'), table_name='home_status_changes')
    op.drop_table('home_status_changes')
    op.drop_index('uq_home_domain_competences_home_domain', table_name='home_domain_competences')
    op.drop_table('home_domain_competences')
    op.drop_index(op.f('ix_home_assessments_home_id'), table_name='home_assessments')
    op.drop_table('home_assessments')
    op.drop_index('uq_agency_contract_prices_level', table_name='agency_contract_prices')
    op.drop_index(op.f('ix_agency_contract_prices_contract_id'), table_name='agency_contract_prices')
    op.drop_table('agency_contract_prices')
    op.drop_index('ix_foster_homes_tags', table_name='foster_homes', postgresql_using='gin')
    op.drop_index('ix_foster_homes_name_trgm', table_name='foster_homes', postgresql_using='gin', postgresql_ops={'name': 'gin_trgm_ops'})
    op.drop_index('ix_foster_homes_municipality', table_name='foster_homes')
    op.drop_index('ix_foster_homes_kind_status', table_name='foster_homes')
    op.drop_index('ix_foster_homes_earth', table_name='foster_homes', postgresql_using='gist')
    op.drop_index(op.f('ix_foster_homes_agency_id'), table_name='foster_homes')
    op.drop_table('foster_homes')
    op.drop_index(op.f('ix_agency_contracts_agency_id'), table_name='agency_contracts')
    op.drop_table('agency_contracts')
    op.drop_table('institutions')
    op.drop_table('agencies')
    for enum_type in ENUM_TYPES:
        op.execute(f"DROP TYPE IF EXISTS {enum_type}")
    for extension in reversed(EXTENSIONS):
        op.execute(f"DROP EXTENSION IF EXISTS {extension}")
