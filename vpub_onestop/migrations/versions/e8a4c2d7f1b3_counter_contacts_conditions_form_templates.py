"""counter contacts, procedure conditions, downloadable form templates

Revision ID: e8a4c2d7f1b3
Revises: a7c3e5f19b20
Create Date: 2026-11-30 06:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8a4c2d7f1b3'
down_revision = 'a7c3e5f19b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('opening_hours', sa.String(length=300), nullable=True))
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conditions', sa.Text(), nullable=True))
    with op.batch_alter_table('required_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('template_fields', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('required_document', schema=None) as batch_op:
        batch_op.drop_column('template_fields')
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.drop_column('conditions')
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('opening_hours')
        batch_op.drop_column('phone')
        batch_op.drop_column('address')
