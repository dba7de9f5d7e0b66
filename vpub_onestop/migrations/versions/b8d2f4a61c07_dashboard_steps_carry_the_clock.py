"""the dashboard's running-steps index carries the step's copy of its dossier's clock

The deadline dashboard counts each agency's running steps (a step at its agency whose
dossier's clock runs, Decree 61/2018 Art. 19(4)). With `step_task.clock_running` in the
index, the whole province's counts are read from the index alone, without joining every
open dossier (docs/architecture.md#reporting-read-model, bench/PLANS.md).

Revision ID: b8d2f4a61c07
Revises: e7a2c4b9d013
Create Date: 2026-11-30 07:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8d2f4a61c07'
down_revision = 'e7a2c4b9d013'
branch_labels = None
depends_on = None

RUNNING_STEPS = sa.text("state IN ('awaiting_approval', 'in_progress', 'pending')")


def _create(include):
    op.create_index('ix_step_task_running_dashboard', 'step_task',
                    ['agency_id', 'name', 'assignee_id', 'due_at'], unique=False,
                    postgresql_include=include,
                    postgresql_where=RUNNING_STEPS, sqlite_where=RUNNING_STEPS)


def upgrade():
    op.drop_index('ix_step_task_running_dashboard', table_name='step_task')
    _create(['dossier_id', 'state', 'clock_running'])


def downgrade():
    op.drop_index('ix_step_task_running_dashboard', table_name='step_task')
    _create(['dossier_id', 'state'])
