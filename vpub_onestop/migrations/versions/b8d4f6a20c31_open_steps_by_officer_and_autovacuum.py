"""the officers' open-steps index covers the leader's workload; autovacuum keeps up

The assignment tab shows each officer's open and overdue steps (queries/workload.py):
with agency_id at the end of `ix_step_task_open_assignee` that count reads the index
alone. On PostgreSQL, dossier and step_task are vacuumed after 1% of their rows changed
or were added instead of 20%, so the pages of the open work stay all-visible and the lists'
index-only scans stay index-only (models/dossier.py, bench/PLANS.md).

Revision ID: b8d4f6a20c31
Revises: b7d2e94c1a08
Create Date: 2026-11-30 07:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8d4f6a20c31'
down_revision = 'b7d2e94c1a08'
branch_labels = None
depends_on = None

OPEN_STEPS = sa.text("state IN ('awaiting_approval', 'in_progress', 'pending')")
ASSIGNEE = ['assignee_id', 'state', 'due_at', 'id', 'arrived_at', 'clock_running']


def _where(condition):
    return {"postgresql_where": condition, "sqlite_where": condition}


def _autovacuum(settings):
    if op.get_bind().dialect.name == 'postgresql':
        for table in ('dossier', 'step_task'):
            op.execute(f"ALTER TABLE {table} {settings}")


def upgrade():
    op.drop_index('ix_step_task_open_assignee', table_name='step_task')
    op.create_index(
        'ix_step_task_open_assignee', 'step_task', [*ASSIGNEE, 'agency_id'],
        **_where(OPEN_STEPS),
    )
    _autovacuum(
        "SET (autovacuum_vacuum_scale_factor = 0.01, "
        "autovacuum_vacuum_insert_scale_factor = 0.01)"
    )


def downgrade():
    _autovacuum(
        "RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor)"
    )
    op.drop_index('ix_step_task_open_assignee', table_name='step_task')
    op.create_index(
        'ix_step_task_open_assignee', 'step_task', ASSIGNEE, **_where(OPEN_STEPS),
    )
