"""the unit's open dossiers in due order

The staff list "all dossiers of my unit" (queries/staff_lists.py) shows the open ones
nearest due date first, a page at a time: (receiving_unit_id, due_at, id) over the open
states only lets a page read the rows it shows instead of sorting the unit's open work
(bench/PLANS.md, "Staff lists").

Revision ID: e7a2c4b9d013
Revises: ff4faef76073
Create Date: 2026-11-30 07:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7a2c4b9d013'
down_revision = 'ff4faef76073'
branch_labels = None
depends_on = None

OPEN = sa.text(
    "state IN ('awaiting_payment', 'processing', 'received', 'supplement_requested', "
    "'withdrawal_requested')"
)


def upgrade():
    op.create_index(
        'ix_dossier_open_unit_due', 'dossier', ['receiving_unit_id', 'due_at', 'id'],
        unique=False, postgresql_where=OPEN, sqlite_where=OPEN,
    )


def downgrade():
    op.drop_index('ix_dossier_open_unit_due', table_name='dossier')
