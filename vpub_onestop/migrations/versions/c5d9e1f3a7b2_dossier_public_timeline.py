"""the dossiers' public timelines

The public lookup reads a dossier's public timeline with its row (docs/architecture.md
#public-timeline): the transition path appends each event's public entry; here the table
is created and filled from the events already written, set-based, by the same wording
rule (services/public_timeline.rebuild). A table of its own: filling it writes narrow new
rows instead of rewriting every dossier.

Revision ID: c5d9e1f3a7b2
Revises: c5e1a7d3b9f2
Create Date: 2026-11-30 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5d9e1f3a7b2'
down_revision = 'c5e1a7d3b9f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dossier_public_timeline',
    sa.Column('dossier_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('entries', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'],
                            name=op.f('fk_dossier_public_timeline_dossier_id_dossier')),
    sa.PrimaryKeyConstraint('dossier_id', name=op.f('pk_dossier_public_timeline'))
    )
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM dossier_event LIMIT 1")).first():
        from sqlalchemy.orm import Session

        from vpub_onestop.services.public_timeline import rebuild

        session = Session(bind=bind)
        rebuild(session)
        session.flush()


def downgrade():
    op.drop_table('dossier_public_timeline')
