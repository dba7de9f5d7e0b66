"""mergers confirmed ahead of their effective day (scheduled_merge)

Carried out by the daily schedule on that day, cancellable until then
(docs/domain.md#scheduled-merge). A new, empty table.

Revision ID: b8e3f5a1c7d4
Revises: a4c1e7d2b9f6
Create Date: 2026-11-30 13:00:00

"""
from alembic import op
import sqlalchemy as sa

import vpub_onestop.models.base


# revision identifiers, used by Alembic.
revision = 'b8e3f5a1c7d4'
down_revision = 'a4c1e7d2b9f6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'scheduled_merge',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sources', sa.JSON(), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=False),
        sa.Column('effective', sa.Date(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=False),
        sa.Column('created_at', vpub_onestop.models.base.UTCDateTime(), nullable=False),
        sa.Column('finished_at', vpub_onestop.models.base.UTCDateTime(), nullable=True),
        sa.Column('refusal', sa.JSON(), nullable=True),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_scheduled_merge_created_by_user_account')),
        sa.ForeignKeyConstraint(['target_id'], ['agency.id'], name=op.f('fk_scheduled_merge_target_id_agency')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_merge')),
    )
    with op.batch_alter_table('scheduled_merge', schema=None) as batch_op:
        batch_op.create_index('ix_scheduled_merge_status_effective', ['status', 'effective'], unique=False)
        batch_op.create_index(batch_op.f('ix_scheduled_merge_target_id'), ['target_id'], unique=False)


def downgrade():
    with op.batch_alter_table('scheduled_merge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scheduled_merge_target_id'))
        batch_op.drop_index('ix_scheduled_merge_status_effective')
    op.drop_table('scheduled_merge')
