"""accounts: session generation, failed sign-ins and lock, demo marker

Revision ID: c3a9e1f0b2d4
Revises: b7c41d2e9a10
Create Date: 2026-11-30 01:40:00.000000

"""
from alembic import op
import sqlalchemy as sa
import vpub_onestop.models.base


# revision identifiers, used by Alembic.
revision = 'c3a9e1f0b2d4'
down_revision = 'b7c41d2e9a10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_demo', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('first_failed_at', vpub_onestop.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('locked_until', vpub_onestop.models.base.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('first_failed_at')
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('session_generation')
        batch_op.drop_column('is_demo')
