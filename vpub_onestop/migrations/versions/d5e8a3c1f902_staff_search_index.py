"""staff search: dossier.search_text and its text index (FTS5 trigram / pg_trgm GIN)

Each existing dossier's folded line is computed here by the same function the app uses
(domain.search.dossier_search_text), then the index is built over it
(vpub_onestop/models/search_index.py, the same statements `create_all` runs).

Revision ID: d5e8a3c1f902
Revises: f252b8ee9205
Create Date: 2026-11-30 04:40:00

"""
from alembic import op
import sqlalchemy as sa

from vpub_onestop.models.search_index import (
    SOURCE_COLUMNS,
    create_statements,
    drop_statements,
    search_text_of_row,
)


# revision identifiers, used by Alembic.
revision = 'd5e8a3c1f902'
down_revision = 'f252b8ee9205'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(f"SELECT id, {', '.join(SOURCE_COLUMNS)} FROM dossier")
    ).mappings()
    updates = [{'id': row['id'], 'line': search_text_of_row(row)} for row in rows]
    if updates:
        bind.execute(sa.text('UPDATE dossier SET search_text = :line WHERE id = :id'), updates)
    for statement in create_statements(bind.dialect.name):
        op.execute(statement)


def downgrade():
    for statement in drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_column('search_text')

