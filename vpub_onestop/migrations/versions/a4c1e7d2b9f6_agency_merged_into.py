"""an agency's successor after a merger (merged_into_id, merged_on)

The successor's one-stop desk answers for the open dossiers the merged agency received
(docs/domain.md#merger-successor-desk). A small table: adding two nullable columns and an
index is instant on the bench sets.

Revision ID: a4c1e7d2b9f6
Revises: f3b7d1a9c5e2
Create Date: 2026-11-30 12:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4c1e7d2b9f6'
down_revision = 'f3b7d1a9c5e2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('merged_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_agency_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_agency_merged_into_id_agency'), 'agency', ['merged_into_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_agency_merged_into_id_agency'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_agency_merged_into_id'))
        batch_op.drop_column('merged_on')
        batch_op.drop_column('merged_into_id')
