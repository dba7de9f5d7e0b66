"""each step carries its dossier's clock; the open-steps indexes cover the badges

`step_task.clock_running` is a copy of "the dossier's clock runs" (Decree 61/2018 Art. 19(4):
only a file being completed stops it), kept by the transition path, so the agency's task
list counts its urgency badges and the sweep finds running steps from the step's own index
(docs/architecture.md#step-clock-copy, bench/PLANS.md). Existing steps take the value from
their dossier's state here. The two open-steps indexes are rebuilt with the columns the
badges and the tab counts test (due_at, arrived_at, clock_running), so both are index-only.
On PostgreSQL, dossier and step_task pages written from now on keep 15% free (fillfactor),
so the sweep's flag writes can stay on their page without new index entries (models/dossier.py).

Revision ID: a7c3e5f19b20
Revises: ff4faef76073
Create Date: 2026-11-30 06:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e5f19b20'
down_revision = 'ff4faef76073'
branch_labels = None
depends_on = None

OPEN_STEPS = sa.text("state IN ('awaiting_approval', 'in_progress', 'pending')")
# domain.dossier_clock.CLOCK_RUNNING_STATES as of this revision (open, not completing the file).
RUNNING_DOSSIERS = "('awaiting_payment', 'processing', 'received', 'withdrawal_requested')"


def _where(condition):
    return {"postgresql_where": condition, "sqlite_where": condition}


def _fillfactor(value):
    if op.get_bind().dialect.name == 'postgresql':
        for table in ('dossier', 'step_task'):
            op.execute(f"ALTER TABLE {table} SET (fillfactor = {value})")


def upgrade():
    _fillfactor(85)
    # The old indexes go first: the fill below then writes no entry into them.
    op.drop_index('ix_step_task_open_assignee', table_name='step_task')
    op.drop_index('ix_step_task_open_agency', table_name='step_task')
    with op.batch_alter_table('step_task') as batch:
        batch.add_column(
            sa.Column('clock_running', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.execute(
        "UPDATE step_task SET clock_running = TRUE WHERE dossier_id IN "
        f"(SELECT id FROM dossier WHERE state IN {RUNNING_DOSSIERS})"
    )
    op.create_index(
        'ix_step_task_open_agency', 'step_task',
        ['agency_id', 'state', 'due_at', 'arrived_at', 'clock_running'],
        **_where(OPEN_STEPS),
    )
    op.create_index(
        'ix_step_task_open_assignee', 'step_task',
        ['assignee_id', 'state', 'due_at', 'id', 'arrived_at', 'clock_running'],
        **_where(OPEN_STEPS),
    )


def downgrade():
    _fillfactor(100)
    op.drop_index('ix_step_task_open_assignee', table_name='step_task')
    op.drop_index('ix_step_task_open_agency', table_name='step_task')
    with op.batch_alter_table('step_task') as batch:
        batch.drop_column('clock_running')
    op.create_index(
        'ix_step_task_open_agency', 'step_task', ['agency_id', 'state', 'arrived_at', 'due_at'],
        **_where(OPEN_STEPS),
    )
    op.create_index(
        'ix_step_task_open_assignee', 'step_task', ['assignee_id', 'state', 'due_at', 'id'],
        **_where(OPEN_STEPS),
    )
