"""the dashboard's running-steps index carries the clock and the state as keys

SQLite ignores INCLUDE columns, so there the deadline dashboard's step count read every
running step's row for `clock_running` and `state` (130–175 ms on the 200k set). As key
columns they serve both databases from the index alone (docs/architecture.md
#reporting-read-model, bench/PLANS.md). The index is partial (running steps only): a
rebuild of tens of thousands of entries.

Revision ID: e2a6c8d4f0b9
Revises: d7b3e5f2a8c6
Create Date: 2026-11-30 09:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2a6c8d4f0b9'
down_revision = 'd7b3e5f2a8c6'
branch_labels = None
depends_on = None

RUNNING_STEPS = sa.text("state IN ('awaiting_approval', 'in_progress', 'pending')")
KEYS = ['agency_id', 'name', 'assignee_id', 'due_at']


def upgrade():
    op.drop_index('ix_step_task_running_dashboard', table_name='step_task')
    op.create_index('ix_step_task_running_dashboard', 'step_task',
                    [*KEYS, 'clock_running', 'state'], unique=False,
                    postgresql_include=['dossier_id'],
                    postgresql_where=RUNNING_STEPS, sqlite_where=RUNNING_STEPS)


def downgrade():
    op.drop_index('ix_step_task_running_dashboard', table_name='step_task')
    op.create_index('ix_step_task_running_dashboard', 'step_task', KEYS, unique=False,
                    postgresql_include=['dossier_id', 'state', 'clock_running'],
                    postgresql_where=RUNNING_STEPS, sqlite_where=RUNNING_STEPS)
