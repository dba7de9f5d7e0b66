"""lists read from open-state indexes; the calendar's revision token

The desk's lists and the agencies' open steps get partial indexes over open states only, in
each list's order, so a page reads what it shows at any volume (bench/PLANS.md); "my
dossiers" gets (owner, created_at, id), which replaces the owner-only index. The
calendar_revision row tells every process when to rebuild its cached calendar
(docs/architecture.md#calendar-cache).

Revision ID: ff4faef76073
Revises: d4e1a7c90b35
Create Date: 2026-11-30 03:31:04.283523

"""
from uuid import uuid4

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ff4faef76073'
down_revision = 'd4e1a7c90b35'
branch_labels = None
depends_on = None

OPEN_STEPS = sa.text("state IN ('awaiting_approval', 'in_progress', 'pending')")
DESK_RECEIVED = sa.text(
    "state IN ('awaiting_payment', 'received', 'supplement_requested', 'withdrawal_requested')"
)


def _where(condition):
    return {"postgresql_where": condition, "sqlite_where": condition}


def upgrade():
    calendar_revision = op.create_table(
        'calendar_revision',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_revision')),
    )
    op.bulk_insert(calendar_revision, [{'id': 1, 'token': uuid4().hex}])

    op.drop_index('ix_dossier_owner_user_id', table_name='dossier')
    op.create_index('ix_dossier_owner_created', 'dossier', ['owner_user_id', 'created_at', 'id'])
    op.create_index(
        'ix_dossier_desk_check', 'dossier', ['receiving_unit_id', 'submitted_at', 'id'],
        **_where(sa.text("state = 'submitted'")),
    )
    op.create_index(
        'ix_dossier_desk_received', 'dossier', ['receiving_unit_id', 'state', 'received_at', 'id'],
        **_where(DESK_RECEIVED),
    )
    op.create_index(
        'ix_dossier_desk_result', 'dossier', ['receiving_unit_id', 'finished_at', 'id'],
        **_where(sa.text("state = 'result_ready'")),
    )
    op.create_index(
        'ix_step_task_open_agency', 'step_task', ['agency_id', 'state', 'arrived_at', 'due_at'],
        **_where(OPEN_STEPS),
    )
    op.create_index(
        'ix_step_task_open_assignee', 'step_task', ['assignee_id', 'state', 'due_at', 'id'],
        **_where(OPEN_STEPS),
    )


def downgrade():
    op.drop_index('ix_step_task_open_assignee', table_name='step_task')
    op.drop_index('ix_step_task_open_agency', table_name='step_task')
    op.drop_index('ix_dossier_desk_result', table_name='dossier')
    op.drop_index('ix_dossier_desk_received', table_name='dossier')
    op.drop_index('ix_dossier_desk_check', table_name='dossier')
    op.drop_index('ix_dossier_owner_created', table_name='dossier')
    op.create_index('ix_dossier_owner_user_id', 'dossier', ['owner_user_id'])
    op.drop_table('calendar_revision')
