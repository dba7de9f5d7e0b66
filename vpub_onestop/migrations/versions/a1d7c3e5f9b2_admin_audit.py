"""the administration audit: one append-only row per administrator's change

Who, when, the object (type and id), the action, its fields before and after as JSON and
an optional reason; the database refuses UPDATE and DELETE on it like the dossier's
audit trail (vpub_onestop/models/append_only.py, docs/architecture.md#admin-audit).

Revision ID: a1d7c3e5f9b2
Revises: c4f1a9e27b10
Create Date: 2026-11-30 09:20:00

"""
from alembic import op
import sqlalchemy as sa
import vpub_onestop.models.base
from vpub_onestop.models.append_only import create_statements, drop_statements


# revision identifiers, used by Alembic.
revision = 'a1d7c3e5f9b2'
down_revision = 'c4f1a9e27b10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('admin_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', vpub_onestop.models.base.UTCDateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=80), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_admin_audit_actor_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_audit'))
    )
    op.create_index('ix_admin_audit_actor_at', 'admin_audit', ['actor_id', 'at'], unique=False)
    op.create_index('ix_admin_audit_at', 'admin_audit', ['at', 'id'], unique=False)
    op.create_index('ix_admin_audit_object', 'admin_audit', ['object_type', 'object_id', 'at'], unique=False)
    for statement in create_statements(op.get_bind().dialect.name, 'admin_audit'):
        op.execute(statement)


def downgrade():
    for statement in drop_statements(op.get_bind().dialect.name, 'admin_audit'):
        op.execute(statement)
    op.drop_index('ix_admin_audit_object', table_name='admin_audit')
    op.drop_index('ix_admin_audit_at', table_name='admin_audit')
    op.drop_index('ix_admin_audit_actor_at', table_name='admin_audit')
    op.drop_table('admin_audit')
