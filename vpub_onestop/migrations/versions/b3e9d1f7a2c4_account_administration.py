"""account administration: a forced password change, the folded search line, the admin version

`must_change_password` sends an account holding an administrator's temporary password to
the password change first; `search_text` is the accent-free line the administration's
account list searches (vpub_onestop/domain/search.py), filled here for existing accounts;
`admin_version` lets two administrators editing one account at once end with one winner
(docs/architecture.md#admin-audit).

Revision ID: b3e9d1f7a2c4
Revises: a1d7c3e5f9b2
Create Date: 2026-11-30 09:40:00

"""
from alembic import op
import sqlalchemy as sa

from vpub_onestop.domain.search import account_search_text


# revision identifiers, used by Alembic.
revision = 'b3e9d1f7a2c4'
down_revision = 'a1d7c3e5f9b2'
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('search_text', sa.String(length=600), nullable=True))
        batch_op.add_column(sa.Column('admin_version', sa.Integer(), server_default=sa.text('0'), nullable=False))
    _fill_search_text()


def _fill_search_text():
    bind = op.get_bind()
    users = sa.table(
        'user_account',
        sa.column('id', sa.Integer), sa.column('username', sa.String),
        sa.column('full_name', sa.String), sa.column('email', sa.String),
        sa.column('phone', sa.String), sa.column('search_text', sa.String),
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(users.c.id, users.c.username, users.c.full_name, users.c.email, users.c.phone)
            .where(users.c.id > last).order_by(users.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        bind.execute(
            users.update().where(users.c.id == sa.bindparam('user_id')),
            [
                {
                    'user_id': row.id,
                    'search_text': account_search_text(
                        username=row.username, full_name=row.full_name, email=row.email, phone=row.phone
                    ),
                }
                for row in rows
            ],
        )
        last = rows[-1].id


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('admin_version')
        batch_op.drop_column('search_text')
        batch_op.drop_column('must_change_password')
