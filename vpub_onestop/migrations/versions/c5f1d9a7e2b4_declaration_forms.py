"""electronic declaration forms: a procedure version's form definition, a dossier's answers

The definition is JSON on the procedure version; the answers are JSON on the dossier with
the definition's version (docs/domain.md#declaration-forms). Nullable columns with no
default: adding them rewrites no row, on the 1M-dossier set as on a small one.

Revision ID: c5f1d9a7e2b4
Revises: b3e9d1f7a2c4
Create Date: 2026-11-30 09:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5f1d9a7e2b4'
down_revision = 'b3e9d1f7a2c4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_definition', sa.JSON(), nullable=True))
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_answers', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('form_version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('form_search_text', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_column('form_search_text')
        batch_op.drop_column('form_version')
        batch_op.drop_column('form_answers')
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.drop_column('form_definition')
