"""immediate-result procedures (trả ngay)

Revision ID: b7d31e0c9a42
Revises: 524ee45bc6cf
Create Date: 2026-11-30 01:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d31e0c9a42'
down_revision = '524ee45bc6cf'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('immediate_result', sa.Boolean(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.drop_column('immediate_result')
