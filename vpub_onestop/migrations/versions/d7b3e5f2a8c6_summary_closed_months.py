"""the reporting read model's closed months: a month's flows and its end-of-month stocks

A report's carried-over and pending figures summed every daily summary row before its
period, so their cost grew with the history. A closed month holds the month's flows and
the open stocks' levels at its end (docs/architecture.md#reporting-read-model); the upgrade
closes every month already over from the existing daily rows (services/summary_months.py,
the same code the sweep's schedule and `flask summary rebuild` run).

Revision ID: d7b3e5f2a8c6
Revises: c5f1a9d3e7b4
Create Date: 2026-11-30 09:50:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


# revision identifiers, used by Alembic.
revision = 'd7b3e5f2a8c6'
down_revision = 'c5f1a9d3e7b4'
branch_labels = None
depends_on = None

FLOWS = ('received', 'early', 'on_time', 'late', 'stopped', 'refused', 'repeat_supplement')
STOCKS = ('open_within', 'open_overdue', 'open_supplement')


def _counts(*names):
    return [sa.Column(name, sa.Integer(), nullable=False) for name in names]


def upgrade():
    op.create_table('monthly_dossier_summary',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('procedure_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    *_counts(*FLOWS, *STOCKS),
    sa.PrimaryKeyConstraint('month', 'unit_id', 'procedure_id', 'channel',
                            name=op.f('pk_monthly_dossier_summary'))
    )
    op.create_table('monthly_step_summary',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('agency_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('procedure_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    *_counts('early', 'on_time', 'late', *STOCKS),
    sa.PrimaryKeyConstraint('month', 'agency_id', 'unit_id', 'procedure_id', 'channel',
                            name=op.f('pk_monthly_step_summary'))
    )
    op.create_table('summary_month',
    sa.Column('month', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('month', name=op.f('pk_summary_month'))
    )
    from vpub_onestop.services.summary_months import close_months

    close_months(Session(bind=op.get_bind()))


def downgrade():
    op.drop_table('summary_month')
    op.drop_table('monthly_step_summary')
    op.drop_table('monthly_dossier_summary')
