"""a step's events by task: the staff lists' "sent back" probe

The staff lists' "sent back" filter and the specialist's home-page count ask, for each step
in progress, whether the leader ever sent it back (queries/staff_list_sql.py). Without an
index on `dossier_event.task_id` each probe walked every event of the step's dossier
(bench/PLANS.md, "Reporting read model, third round"). Partial: half the events belong to
no step.

Revision ID: c5f1a9d3e7b4
Revises: c4f1e7a9b2d5
Create Date: 2026-11-30 09:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5f1a9d3e7b4'
down_revision = 'c4f1e7a9b2d5'
branch_labels = None
depends_on = None

WITH_TASK = sa.text("task_id IS NOT NULL")


def upgrade():
    op.create_index('ix_dossier_event_task_trigger', 'dossier_event', ['task_id', 'trigger'],
                    unique=False, postgresql_where=WITH_TASK, sqlite_where=WITH_TASK)


def downgrade():
    op.drop_index('ix_dossier_event_task_trigger', table_name='dossier_event')
