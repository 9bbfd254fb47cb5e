"""placement requests and decision records

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('placement_requests',
    sa.Column('reference', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.Enum('long_term', 'emergency', 'respite', name='request_kind'), nullable=False),
    sa.Column('legal_basis', sa.Enum('sol', 'lvu_2', 'lvu_3', 'lvu_6', name='legal_basis'), nullable=False),
    sa.Column('wanted_start', sa.Date(), nullable=False),
    sa.Column('expected_length_months', sa.SmallInteger(), nullable=True),
    sa.Column('together', sa.Boolean(), nullable=False),
    sa.Column('required_tags', postgresql.ARRAY(sa.String(length=40)), nullable=False),
    sa.Column('wish_tags', postgresql.ARRAY(sa.String(length=40)), nullable=False),
    sa.Column('wishes', sa.Text(), nullable=True),
    sa.Column('urgency', sa.SmallInteger(), nullable=False),
    sa.Column('protection_needs', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('open', 'matched', 'placed', 'withdrawn', name='request_status'), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('urgency BETWEEN 1 AND 3', name=op.f('ck_placement_requests_urgency_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_requests')),
    sa.UniqueConstraint('reference', name=op.f('uq_placement_requests_reference'))
    )
    op.create_index(op.f('ix_placement_requests_status'), 'placement_requests', ['status'], unique=False)
    op.create_table('decision_records',
    sa.Column('request_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('settings', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('candidates', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('excluded', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('chosen_home_id', sa.Uuid(), nullable=False),
    sa.Column('motive', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['chosen_home_id'], ['foster_homes.id'], name=op.f('fk_decision_records_chosen_home_id_foster_homes')),
    sa.ForeignKeyConstraint(['request_id'], ['placement_requests.id'], name=op.f('fk_decision_records_request_id_placement_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_records'))
    )
    op.create_index(op.f('ix_decision_records_request_id'), 'decision_records', ['request_id'], unique=False)
    op.create_table('placement_request_children',
    sa.Column('request_id', sa.Uuid(), nullable=False),
    sa.Column('child_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_placement_request_children_child_id_children')),
    sa.ForeignKeyConstraint(['request_id'], ['placement_requests.id'], name=op.f('fk_placement_request_children_request_id_placement_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', 'child_id', name=op.f('pk_placement_request_children'))
    )
    op.create_index(op.f('ix_placement_request_children_child_id'), 'placement_request_children', ['child_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_placement_request_children_child_id'), table_name='placement_request_children')
    op.drop_table('placement_request_children')
    op.drop_index(op.f('ix_decision_records_request_id'), table_name='decision_records')
    op.drop_table('decision_records')
    op.drop_index(op.f('ix_placement_requests_status'), table_name='placement_requests')
    op.drop_table('placement_requests')
    for enum_type in ("request_kind", "legal_basis", "request_status"):
        op.execute(f"DROP TYPE IF EXISTS {enum_type}")
