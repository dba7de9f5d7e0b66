"""agency administration: the names an agency bore before a rename, version counters on
agencies and calendar days, and each calendar day's legal basis

An administrator renames and merges agencies (the 2025 reorganisation) and edits the
calendar from the admin pages: old slips print the name they were issued under
(`agency_name`), two administrators never overwrite each other silently (`version`), and a
day off carries the decision that moved it (`calendar_override.basis`,
docs/domain.md#agency-administration, docs/domain.md#calendar).

Revision ID: c4d8a2e61f37
Revises: d7a3f1c9e5b8
Create Date: 2026-11-30 09:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4d8a2e61f37'
down_revision = 'd7a3f1c9e5b8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'agency_name',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('until', sa.Date(), nullable=False),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'],
                                name=op.f('fk_agency_name_agency_id_agency')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_name')),
    )
    op.create_index(op.f('ix_agency_name_agency_id'), 'agency_name', ['agency_id'], unique=False)
    # Small tables (a few hundred agencies, a few dozen days a year): adding a column with
    # a constant default is immediate on PostgreSQL 11+ and a plain ALTER on SQLite.
    op.add_column('agency', sa.Column('version', sa.Integer(), server_default='1',
                                      nullable=False))
    op.add_column('calendar_override', sa.Column('basis', sa.String(length=500), nullable=True))
    op.add_column('calendar_override', sa.Column('version', sa.Integer(), server_default='1',
                                                 nullable=False))


def downgrade():
    with op.batch_alter_table('calendar_override') as batch:
        batch.drop_column('version')
        batch.drop_column('basis')
    with op.batch_alter_table('agency') as batch:
        batch.drop_column('version')
    op.drop_index(op.f('ix_agency_name_agency_id'), table_name='agency_name')
    op.drop_table('agency_name')
