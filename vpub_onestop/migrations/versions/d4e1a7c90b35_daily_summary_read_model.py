"""the reporting read model: daily dossier and step summaries; steps by arrival

After upgrading a database that already holds dossiers, fill the new tables once with
`flask summary rebuild` (the transition path keeps them from then on).

Revision ID: d4e1a7c90b35
Revises: d5e8a3c1f902
Create Date: 2026-11-30 03:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e1a7c90b35'
down_revision = 'd5e8a3c1f902'
branch_labels = None
depends_on = None

STOCKS = ('open_within', 'open_overdue', 'open_supplement')
OPEN_DOSSIERS = sa.text(
    "state IN ('awaiting_payment', 'processing', 'received', 'supplement_requested', "
    "'withdrawal_requested')"
)
RUNNING_STEPS = sa.text("state IN ('awaiting_approval', 'in_progress', 'pending')")


def _counts(*names):
    return [sa.Column(name, sa.Integer(), nullable=False) for name in names]


def upgrade():
    op.create_table('daily_dossier_summary',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('procedure_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    *_counts('received', 'early', 'on_time', 'late', 'stopped', 'refused',
             'repeat_supplement', *STOCKS),
    sa.PrimaryKeyConstraint('day', 'unit_id', 'procedure_id', 'channel',
                            name=op.f('pk_daily_dossier_summary'))
    )
    op.create_table('daily_step_summary',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('agency_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('procedure_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    *_counts('early', 'on_time', 'late', *STOCKS),
    sa.PrimaryKeyConstraint('day', 'agency_id', 'unit_id', 'procedure_id', 'channel',
                            name=op.f('pk_daily_step_summary'))
    )


    with op.batch_alter_table('step_task', schema=None) as batch_op:
        batch_op.create_index('ix_step_task_arrived_at', ['arrived_at'], unique=False)
    # The deadline dashboard's open work, read from the index alone.
    op.create_index('ix_dossier_open_dashboard', 'dossier',
                    ['receiving_unit_id', 'state', 'due_at'], unique=False,
                    postgresql_include=['id', 'procedure_id', 'channel', 'apologised_at',
                                        'received_at'],
                    postgresql_where=OPEN_DOSSIERS, sqlite_where=OPEN_DOSSIERS)
    op.create_index('ix_step_task_running_dashboard', 'step_task',
                    ['agency_id', 'name', 'assignee_id', 'due_at'], unique=False,
                    postgresql_include=['dossier_id', 'state'],
                    postgresql_where=RUNNING_STEPS, sqlite_where=RUNNING_STEPS)


def downgrade():
    op.drop_index('ix_step_task_running_dashboard', table_name='step_task')
    op.drop_index('ix_dossier_open_dashboard', table_name='dossier')
    with op.batch_alter_table('step_task', schema=None) as batch_op:
        batch_op.drop_index('ix_step_task_arrived_at')
    op.drop_table('daily_step_summary')
    op.drop_table('daily_dossier_summary')
