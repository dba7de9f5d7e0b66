"""the indicators' read model: daily per-unit and per-officer scores of processed dossiers;
payments by their moment

A database that already holds processed dossiers gets its tables filled here, from those
dossiers by the same rules the transition path keeps them with (docs/indicators.md
#stored-scores); an empty one (a new install) has nothing to fill.

Revision ID: a9c3e5b7d1f4
Revises: b8e3f5a1c7d4
Create Date: 2026-11-30 12:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9c3e5b7d1f4'
down_revision = 'b8e3f5a1c7d4'
branch_labels = None
depends_on = None

PAYMENTS = sa.text("trigger = 'confirm_payment'")


def _scores():
    return [
        sa.Column('processed', sa.Integer(), nullable=False),
        sa.Column('c1', sa.Integer(), nullable=False),
        sa.Column('c2_sum', sa.Double(), nullable=False),
        sa.Column('c2_dossiers', sa.Integer(), nullable=False),
        sa.Column('c3', sa.Integer(), nullable=False),
        sa.Column('c7', sa.Integer(), nullable=False),
    ]


def _dims():
    return [
        sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('procedure_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
    ]


def upgrade():
    op.create_table('daily_indicator_summary',
    sa.Column('day', sa.Date(), nullable=False),
    *_dims(),
    *_scores(),
    sa.Column('net_seconds', sa.Double(), nullable=False),
    sa.Column('e_result', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'unit_id', 'procedure_id', 'channel',
                            name=op.f('pk_daily_indicator_summary'))
    )
    op.create_table('daily_officer_summary',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('user_id', sa.Integer(), autoincrement=False, nullable=False),
    *_dims(),
    *_scores(),
    sa.PrimaryKeyConstraint('day', 'user_id', 'unit_id', 'procedure_id', 'channel',
                            name=op.f('pk_daily_officer_summary'))
    )
    op.create_index('ix_dossier_event_payment_at', 'dossier_event', ['at'], unique=False,
                    postgresql_where=PAYMENTS, sqlite_where=PAYMENTS)
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM dossier WHERE timeliness IS NOT NULL LIMIT 1")).first():
        from sqlalchemy.orm import Session

        from vpub_onestop.services.summary_rebuild import rebuild_scores

        session = Session(bind=bind)
        rebuild_scores(session)
        session.flush()


def downgrade():
    op.drop_index('ix_dossier_event_payment_at', table_name='dossier_event')
    op.drop_table('daily_officer_summary')
    op.drop_table('daily_indicator_summary')
