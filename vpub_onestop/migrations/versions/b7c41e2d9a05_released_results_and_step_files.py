"""released results and step files

A step's files name their step; the document the approving leader releases as the result
carries its electronic code and release time. The old kind "result" was the specialist's
proposal, a draft: it becomes "draft", attached to the step that proposed it.

Revision ID: b7c41e2d9a05
Revises: 6138339056ce
Create Date: 2026-11-30 00:50:00

"""
from alembic import op
import sqlalchemy as sa
import vpub_onestop.models.base


# revision identifiers, used by Alembic.
revision = 'b7c41e2d9a05'
down_revision = '6138339056ce'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dossier_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('task_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('result_code', sa.String(length=80), nullable=True))
        batch_op.add_column(
            sa.Column('released_at', vpub_onestop.models.base.UTCDateTime(), nullable=True)
        )
        batch_op.create_index(batch_op.f('ix_dossier_file_task_id'), ['task_id'], unique=False)
        batch_op.create_unique_constraint(
            batch_op.f('uq_dossier_file_result_code'), ['result_code']
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_dossier_file_task_id_step_task'), 'step_task', ['task_id'], ['id']
        )
    # The proposal event of the same moment, by the same officer, names the step.
    op.execute(
        """
        UPDATE dossier_file SET kind = 'draft', task_id = (
            SELECT MIN(e.task_id) FROM dossier_event e
            WHERE e.dossier_id = dossier_file.dossier_id
              AND e."trigger" = 'task.propose'
              AND e.actor_id = dossier_file.uploaded_by_id
              AND e.at = dossier_file.uploaded_at
        )
        WHERE kind = 'result'
        """
    )


def downgrade():
    op.execute("UPDATE dossier_file SET kind = 'result' WHERE kind IN ('draft', 'working')")
    with op.batch_alter_table('dossier_file', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_dossier_file_task_id_step_task'), type_='foreignkey'
        )
        batch_op.drop_constraint(batch_op.f('uq_dossier_file_result_code'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_dossier_file_task_id'))
        batch_op.drop_column('released_at')
        batch_op.drop_column('result_code')
        batch_op.drop_column('task_id')
