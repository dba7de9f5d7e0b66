"""the dossier's public timeline, kept on its row

The public lookup answers from the dossier's row alone (docs/architecture.md
#public-timeline): the transition path appends each event's public entry; here the
column is added and filled from the events already written, in one set-based statement,
by the same wording rule (services/public_timeline.rebuild).

Revision ID: c5d9e1f3a7b2
Revises: a9c3e5b7d1f4
Create Date: 2026-11-30 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5d9e1f3a7b2'
down_revision = 'a9c3e5b7d1f4'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('dossier', sa.Column('public_timeline', sa.Text(), nullable=True))
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM dossier_event LIMIT 1")).first():
        from sqlalchemy.orm import Session

        from vpub_onestop.services.public_timeline import rebuild

        session = Session(bind=bind)
        rebuild(session)
        session.flush()


def downgrade():
    op.drop_column('dossier', 'public_timeline')
