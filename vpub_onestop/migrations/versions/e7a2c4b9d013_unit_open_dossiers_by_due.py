"""the staff lists' open work in due order

The staff list "all dossiers of my unit" (queries/staff_list_sql.py) shows the open ones
nearest due date first, a page at a time: (receiving_unit_id, due_at, id) over the open
states only lets a page read the rows it shows instead of sorting the unit's open work.
An agency's list walks its open steps nearest due first: (agency_id, due_at, id) and
(assignee_id, due_at, id) over the open step states (bench/PLANS.md, "Staff lists").

Revision ID: e7a2c4b9d013
Revises: b8d4f6a20c31
Create Date: 2026-11-30 07:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7a2c4b9d013'
down_revision = 'b8d4f6a20c31'
branch_labels = None
depends_on = None

OPEN_STEPS = sa.text("state IN ('awaiting_approval', 'in_progress', 'pending')")
OPEN = sa.text(
    "state IN ('awaiting_payment', 'processing', 'received', 'supplement_requested', "
    "'withdrawal_requested')"
)


def upgrade():
    op.create_index(
        'ix_dossier_open_unit_due', 'dossier', ['receiving_unit_id', 'due_at', 'id'],
        unique=False, postgresql_where=OPEN, sqlite_where=OPEN,
    )
    for column in ('agency_id', 'assignee_id'):
        op.create_index(
            f'ix_step_task_open_{column[:-3]}_due', 'step_task', [column, 'due_at', 'id'],
            unique=False, postgresql_where=OPEN_STEPS, sqlite_where=OPEN_STEPS,
        )


def downgrade():
    op.drop_index('ix_step_task_open_assignee_due', table_name='step_task')
    op.drop_index('ix_step_task_open_agency_due', table_name='step_task')
    op.drop_index('ix_dossier_open_unit_due', table_name='dossier')
