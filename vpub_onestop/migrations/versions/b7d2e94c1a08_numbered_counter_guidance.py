"""numbered Mẫu 02 at the counter: slip_counter, and the number on counter_guidance

Each guidance logged at the counter gets the next number of its unit's year, allocated from
slip_counter by one upsert (docs/domain.md#identifiers). Guidance logged before this
revision is numbered here in the order it was given (local year of `at`), and the counters
start after the last of those numbers.

Revision ID: b7d2e94c1a08
Revises: e8a4c2d7f1b3
Create Date: 2026-11-30 07:00:00

"""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d2e94c1a08'
down_revision = 'e8a4c2d7f1b3'
branch_labels = None
depends_on = None

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def upgrade():
    slip_counter = op.create_table(
        'slip_counter',
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('form', sa.String(length=20), nullable=False),
        sa.Column('last_seq', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['unit_id'], ['agency.id'], name=op.f('fk_slip_counter_unit_id_agency')
        ),
        sa.PrimaryKeyConstraint('unit_id', 'year', 'form', name=op.f('pk_slip_counter')),
    )
    with op.batch_alter_table('counter_guidance') as batch:
        batch.add_column(sa.Column('number_year', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('number_seq', sa.Integer(), nullable=True))

    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, unit_id, at FROM counter_guidance ORDER BY at, id")
    ).all()
    last: dict[tuple[int, int], int] = {}
    for guidance_id, unit_id, at in rows:
        if isinstance(at, str):  # SQLite hands the stored text back
            at = datetime.fromisoformat(at)
        if at.tzinfo is None:
            at = at.replace(tzinfo=timezone.utc)
        key = (unit_id, at.astimezone(LOCAL).year)
        last[key] = last.get(key, 0) + 1
        bind.execute(
            sa.text("UPDATE counter_guidance SET number_year = :y, number_seq = :n WHERE id = :id"),
            {"y": key[1], "n": last[key], "id": guidance_id},
        )
    if last:
        op.bulk_insert(
            slip_counter,
            [
                {'unit_id': unit, 'year': year, 'form': 'mau-02', 'last_seq': seq}
                for (unit, year), seq in last.items()
            ],
        )

    with op.batch_alter_table('counter_guidance') as batch:
        batch.alter_column('number_year', existing_type=sa.Integer(), nullable=False)
        batch.alter_column('number_seq', existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint(
            'uq_counter_guidance_number', ['unit_id', 'number_year', 'number_seq']
        )


def downgrade():
    with op.batch_alter_table('counter_guidance') as batch:
        batch.drop_constraint('uq_counter_guidance_number', type_='unique')
        batch.drop_column('number_seq')
        batch.drop_column('number_year')
    op.drop_table('slip_counter')
