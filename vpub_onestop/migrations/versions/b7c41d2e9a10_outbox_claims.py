"""outbox claims: a delivery run holds a message from claim to outcome

Revision ID: b7c41d2e9a10
Revises: b7c41e2d9a05
Create Date: 2026-11-30 01:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import vpub_onestop.models.base


# revision identifiers, used by Alembic.
revision = 'b7c41d2e9a10'
down_revision = 'b7c41e2d9a05'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_at', vpub_onestop.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('claimed_at')
