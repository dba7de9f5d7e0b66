"""the indicators' stored facts: a dossier's "has a component file", the dossiers received
with one per day (daily and closed-month dossier summaries), and the ratings per day

Filled here by set-based statements (docs/indicators.md#stored-facts): at a million
dossiers the flag is one UPDATE over the dossiers that have a component file, the
summaries are grouped counts. The local day is the moment plus seven hours: Vietnam's time
(domain.calendar.LOCAL_TZ, Asia/Ho_Chi_Minh) is UTC+7 all year, without daylight saving,
since 1975. A summary row a receipt should have had is expected to exist (the dossiers'
summary counts every receipt); `flask summary rebuild` recomputes all of it.

Revision ID: c5e1a7d3b9f2
Revises: a9c3e5b7d1f4
Create Date: 2026-11-30 16:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5e1a7d3b9f2'
down_revision = 'a9c3e5b7d1f4'
branch_labels = None
depends_on = None


def _local_day(bind, column):
    if bind.dialect.name == 'postgresql':
        return f"CAST({column} + INTERVAL '7 hours' AS DATE)"
    return f"date({column}, '+7 hours')"


def _month(bind, column):
    if bind.dialect.name == 'postgresql':
        return f"CAST(date_trunc('month', {column}) AS DATE)"
    return f"date({column}, 'start of month')"


_KEYS = ("unit_id", "procedure_id", "channel")


def _same_keys(target, source, first):
    return " AND ".join(f"{target}.{k} = {source}.{k}" for k in (first, *_KEYS))


def upgrade():
    op.add_column('dossier', sa.Column('has_component_file', sa.Boolean(), nullable=False,
                                       server_default=sa.false()))
    for table in ('daily_dossier_summary', 'monthly_dossier_summary'):
        op.add_column(table, sa.Column('digitised', sa.Integer(), nullable=False,
                                       server_default='0'))
        with op.batch_alter_table(table) as batch:
            batch.alter_column('digitised', server_default=None)
    op.create_table('daily_rating_summary',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('ratings', sa.Integer(), nullable=False),
    sa.Column('very', sa.Integer(), nullable=False),
    sa.Column('satisfied', sa.Integer(), nullable=False),
    sa.Column('unsatisfied', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('procedure_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('day', 'unit_id', 'procedure_id', 'channel',
                            name=op.f('pk_daily_rating_summary'))
    )
    bind = op.get_bind()
    op.execute(
        "UPDATE dossier SET has_component_file = true WHERE id IN "
        "(SELECT dossier_id FROM dossier_file WHERE kind = 'component')"
    )
    # Received (not voided) with a component file, on the local day of receipt.
    op.execute(
        "UPDATE daily_dossier_summary AS s SET digitised = f.n FROM ("
        f"SELECT {_local_day(bind, 'received_at')} AS day, receiving_unit_id AS unit_id, "
        "procedure_id, channel, count(*) AS n FROM dossier "
        "WHERE has_component_file AND received_at IS NOT NULL AND state <> 'voided' "
        f"GROUP BY 1, 2, 3, 4) AS f WHERE {_same_keys('s', 'f', 'day')}"
    )
    op.execute(
        "UPDATE monthly_dossier_summary AS m SET digitised = f.n FROM ("
        f"SELECT {_month(bind, 'day')} AS month, unit_id, procedure_id, channel, "
        "sum(digitised) AS n FROM daily_dossier_summary WHERE digitised <> 0 "
        f"GROUP BY 1, 2, 3, 4) AS f WHERE {_same_keys('m', 'f', 'month')}"
    )
    # Answers 3 / 2 / anything else: very satisfied, satisfied, not (domain.satisfaction).
    op.execute(
        "INSERT INTO daily_rating_summary "
        "(day, unit_id, procedure_id, channel, ratings, very, satisfied, unsatisfied) "
        f"SELECT {_local_day(bind, 'r.rated_at')}, d.receiving_unit_id, d.procedure_id, "
        "d.channel, count(DISTINCT r.id), "
        "sum(CASE WHEN a.score = 3 THEN 1 ELSE 0 END), "
        "sum(CASE WHEN a.score = 2 THEN 1 ELSE 0 END), "
        "sum(CASE WHEN a.score NOT IN (3, 2) THEN 1 ELSE 0 END) "
        "FROM rating AS r JOIN dossier AS d ON d.id = r.dossier_id "
        "LEFT JOIN rating_answer AS a ON a.rating_id = r.id "
        "WHERE d.state <> 'voided' GROUP BY 1, 2, 3, 4"
    )


def downgrade():
    op.drop_table('daily_rating_summary')
    for table in ('monthly_dossier_summary', 'daily_dossier_summary', 'dossier'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('has_component_file' if table == 'dossier' else 'digitised')
