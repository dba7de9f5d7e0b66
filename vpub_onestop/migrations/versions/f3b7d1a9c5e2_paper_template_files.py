"""a required paper's uploaded blank template (stored name, type, size, uploaded name)

The stored object may be shared by several versions of the procedure (a new draft copies the
column), so the orphan sweep asks this column, through its index, before removing a
template (docs/domain.md#paper-templates).

Revision ID: f3b7d1a9c5e2
Revises: e2a6c8d4f0b9
Create Date: 2026-11-30 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3b7d1a9c5e2'
down_revision = 'e2a6c8d4f0b9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('required_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('template_file', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('template_file_type', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('template_file_size', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('template_file_name', sa.String(length=200), nullable=True))
        batch_op.create_index(
            batch_op.f('ix_required_document_template_file'), ['template_file'], unique=False
        )


def downgrade():
    with op.batch_alter_table('required_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_required_document_template_file'))
        batch_op.drop_column('template_file_name')
        batch_op.drop_column('template_file_size')
        batch_op.drop_column('template_file_type')
        batch_op.drop_column('template_file')
