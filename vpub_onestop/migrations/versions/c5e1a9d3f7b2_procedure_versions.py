"""procedure versions: status (draft, published, retired), the row's revision, an online
limit and the "any unit may take it in" flag

A published procedure version is never edited; a change is a new draft that replaces it
when published, and dossiers keep the version they were received under
(docs/domain.md#catalogue-versions). Existing rows: the current version is published, any
older one retired.

Revision ID: c5e1a9d3f7b2
Revises: b8d2f4a61c07
Create Date: 2026-11-30 09:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5e1a9d3f7b2'
down_revision = 'b8d2f4a61c07'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('status', sa.Enum('draft', 'published', 'retired', name='procedurestatus',
                                        native_enum=False, create_constraint=False, length=10),
                      server_default='published', nullable=False))
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('online_limit_amount', sa.Numeric(precision=8, scale=2),
                                      nullable=True))
        batch_op.add_column(sa.Column('online_limit_unit', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('any_unit', sa.Boolean(), server_default='0', nullable=False))
    op.execute(
        sa.text("UPDATE procedure SET status = 'retired' WHERE is_current = :no").bindparams(
            no=False
        )
    )


def downgrade():
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.drop_column('any_unit')
        batch_op.drop_column('online_limit_unit')
        batch_op.drop_column('online_limit_amount')
        batch_op.drop_column('revision')
        batch_op.drop_column('status')
