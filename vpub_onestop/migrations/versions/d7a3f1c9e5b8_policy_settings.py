"""policies effective from a day: the administrator's decisions, append-only

One row per decision (policy key, the day it takes effect, its value, the note, who and
when); the value in force on a day is the latest decision effective by then, config the
default (vpub_onestop/domain/policies.py, docs/policies.md#effective-dates). Rows are
never updated or deleted (vpub_onestop/models/append_only.py).

Revision ID: d7a3f1c9e5b8
Revises: c5f1d9a7e2b4
Create Date: 2026-11-30 10:00:00

"""
from alembic import op
import sqlalchemy as sa
import vpub_onestop.models.base
from vpub_onestop.models.append_only import create_statements, drop_statements


# revision identifiers, used by Alembic.
revision = 'd7a3f1c9e5b8'
down_revision = 'c5f1d9a7e2b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('policy_setting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_at', vpub_onestop.models.base.UTCDateTime(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id'], name=op.f('fk_policy_setting_recorded_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_setting'))
    )
    op.create_index('ix_policy_setting_key_from', 'policy_setting', ['key', 'effective_from', 'id'], unique=False)
    for statement in create_statements(op.get_bind().dialect.name, 'policy_setting'):
        op.execute(statement)


def downgrade():
    for statement in drop_statements(op.get_bind().dialect.name, 'policy_setting'):
        op.execute(statement)
    op.drop_index('ix_policy_setting_key_from', table_name='policy_setting')
    op.drop_table('policy_setting')
