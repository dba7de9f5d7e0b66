"""the audit trail refuses changes; the sweep's runs and the outbox backlog for /metrics

The database itself refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL) on the
append-only tables (vpub_onestop/models/append_only.py, the same statements `create_all`
runs). The sweep records each run; the outbox's pending index serves the backlog figures.

Revision ID: c3a9f0d1e7b2
Revises: c3a9e1f0b2d4
Create Date: 2026-11-30 01:50:00

"""
from alembic import op
import sqlalchemy as sa
import vpub_onestop.models.base
from vpub_onestop.models.append_only import create_statements, drop_statements


# revision identifiers, used by Alembic.
revision = 'c3a9f0d1e7b2'
down_revision = 'c3a9e1f0b2d4'
branch_labels = None
depends_on = None

APPEND_ONLY_TABLES = ('dossier_event',)


def upgrade():
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_TABLES:
        for statement in create_statements(dialect, table):
            op.execute(statement)
    op.create_table('sweep_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finished_at', vpub_onestop.models.base.UTCDateTime(), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('dossiers_overdue', sa.Integer(), nullable=False),
    sa.Column('tasks_overdue', sa.Integer(), nullable=False),
    sa.Column('messages', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sweep_run'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_sent_at'))
        batch_op.create_index('ix_outbox_message_pending', ['sent_at', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_pending')
        batch_op.create_index(batch_op.f('ix_outbox_message_sent_at'), ['sent_at'], unique=False)
    op.drop_table('sweep_run')
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_TABLES:
        for statement in drop_statements(dialect, table):
            op.execute(statement)
    if dialect == 'postgresql':
        op.execute('DROP FUNCTION IF EXISTS refuse_audit_change()')
