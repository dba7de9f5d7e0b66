"""the agency's open-steps index carries the assignee: the task list counts its tabs, its
urgency cards and its officers' loads in one index-only pass

`ix_step_task_open_agency` gains `assignee_id` as its last column, so the task list's one
grouped count (queries/open_work.py) reads every column it tests or groups by from the index
(bench/PROFILE.md, "Fifth round: task list tail"). The list's own walk (agency, state, due_at)
keeps its order: the new column comes last. The index holds only open steps (about 80,000 at
a million dossiers): rebuilt in about a second.

Revision ID: c4d8a2e6f1b3
Revises: c5d9e1f3a7b2
Create Date: 2026-11-30 15:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4d8a2e6f1b3'
down_revision = 'c5d9e1f3a7b2'
branch_labels = None
depends_on = None

OPEN_STEPS = sa.text("state IN ('awaiting_approval', 'in_progress', 'pending')")
BEFORE = ['agency_id', 'state', 'due_at', 'arrived_at', 'clock_running']


def _rebuild(columns):
    op.drop_index('ix_step_task_open_agency', table_name='step_task')
    op.create_index(
        'ix_step_task_open_agency', 'step_task', columns,
        postgresql_where=OPEN_STEPS, sqlite_where=OPEN_STEPS,
    )


def upgrade():
    _rebuild([*BEFORE, 'assignee_id'])


def downgrade():
    _rebuild(BEFORE)
