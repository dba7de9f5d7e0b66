"""status feed, webhooks, idempotency keys: the national-portal feed's entries, webhook
subscriptions, their delivery log, the outbox's retry time and subscription link, and the
API submissions' idempotency keys
(docs/architecture.md#status-feed). The feed starts empty: it carries the status changes
made after the upgrade (a consumer takes the dossiers' current status from the API once).

Revision ID: c4f1e7a9b2d5
Revises: c4d8a2e61f37
Create Date: 2026-11-30 09:10:30.510253

"""
from alembic import op
import sqlalchemy as sa
import vpub_onestop.models.base


# revision identifiers, used by Alembic.
revision = 'c4f1e7a9b2d5'
down_revision = 'c4d8a2e61f37'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('idempotency_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('caller', sa.String(length=80), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('created_at', vpub_onestop.models.base.UTCDateTime(), nullable=False),
    sa.Column('expires_at', vpub_onestop.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_idempotency_key_dossier_id_dossier')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotency_key')),
    sa.UniqueConstraint('caller', 'key', name=op.f('uq_idempotency_key_caller_key'))
    )
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotency_key_expires_at'), ['expires_at'], unique=False)

    op.create_table('webhook_subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_name', sa.String(length=120), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('secret', sa.String(length=200), nullable=False),
    sa.Column('event_filter', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', vpub_onestop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_webhook_subscription_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_subscription'))
    )
    op.create_table('webhook_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('subscription_id', sa.Integer(), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('at', vpub_onestop.models.base.UTCDateTime(), nullable=False),
    sa.Column('delivered', sa.Boolean(), nullable=False),
    sa.Column('response_code', sa.Integer(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('next_try_at', vpub_onestop.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['message_id'], ['outbox_message.id'], name=op.f('fk_webhook_attempt_message_id_outbox_message')),
    sa.ForeignKeyConstraint(['subscription_id'], ['webhook_subscription.id'], name=op.f('fk_webhook_attempt_subscription_id_webhook_subscription')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_attempt'))
    )
    with op.batch_alter_table('webhook_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_attempt_message_id'), ['message_id'], unique=False)
        batch_op.create_index('ix_webhook_attempt_subscription_at', ['subscription_id', 'at'], unique=False)

    op.create_table('status_feed_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('dossier_code', sa.String(length=60), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('national_code', sa.Integer(), nullable=False),
    sa.Column('previous_code', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=30), nullable=False),
    sa.Column('channel_code', sa.Integer(), nullable=False),
    sa.Column('occurred_at', vpub_onestop.models.base.UTCDateTime(), nullable=False),
    sa.Column('submitted_at', vpub_onestop.models.base.UTCDateTime(), nullable=True),
    sa.Column('received_at', vpub_onestop.models.base.UTCDateTime(), nullable=True),
    sa.Column('due_at', vpub_onestop.models.base.UTCDateTime(), nullable=True),
    sa.Column('appointment_at', vpub_onestop.models.base.UTCDateTime(), nullable=True),
    sa.Column('finished_at', vpub_onestop.models.base.UTCDateTime(), nullable=True),
    sa.Column('returned_at', vpub_onestop.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_status_feed_entry_dossier_id_dossier')),
    sa.ForeignKeyConstraint(['event_id'], ['dossier_event.id'], name=op.f('fk_status_feed_entry_event_id_dossier_event')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_feed_entry')),
    sa.UniqueConstraint('position', name=op.f('uq_status_feed_entry_position'))
    )
    with op.batch_alter_table('status_feed_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_feed_entry_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index('ix_status_feed_entry_unsequenced', ['id'], unique=False, postgresql_where=sa.text('position IS NULL'), sqlite_where=sa.text('position IS NULL'))

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', vpub_onestop.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('subscription_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_outbox_message_subscription_id_webhook_subscription'), 'webhook_subscription', ['subscription_id'], ['id'])

    # ### end Alembic commands ###


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_message_subscription_id_webhook_subscription'), type_='foreignkey')
        batch_op.drop_column('subscription_id')
        batch_op.drop_column('next_attempt_at')

    with op.batch_alter_table('status_feed_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_status_feed_entry_unsequenced', postgresql_where=sa.text('position IS NULL'), sqlite_where=sa.text('position IS NULL'))
        batch_op.drop_index(batch_op.f('ix_status_feed_entry_dossier_id'))

    op.drop_table('status_feed_entry')
    with op.batch_alter_table('webhook_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_webhook_attempt_subscription_at')
        batch_op.drop_index(batch_op.f('ix_webhook_attempt_message_id'))

    op.drop_table('webhook_attempt')
    op.drop_table('webhook_subscription')
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotency_key_expires_at'))
    op.drop_table('idempotency_key')
    # ### end Alembic commands ###
