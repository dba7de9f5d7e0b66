"""The state columns hold the domain enums in Python and the same lower-case words in the
database as before the enums, so existing databases need no data migration."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from tests.services.support import (
    APPLICANT,
    actor,
    counter_receipt,
    dossier_version,
    fresh,
    local,
    procedure_id,
)
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, StepTask
from vpub_onestop.services import reception


def _dispatched() -> int:
    desk = actor("reception.px_quynhon")
    dossier_id = counter_receipt(
        desk, procedure_id("1.000894"), APPLICANT, now=local(2026, 3, 2)
    ).id
    reception.dispatch_dossier(
        desk, dossier_id, now=local(2026, 3, 2, 10), expected_version=dossier_version(dossier_id)
    )
    return dossier_id


def test_the_database_keeps_the_lower_case_words(app: Flask) -> None:
    with app.app_context():
        dossier_id = _dispatched()
        raw_dossier = db.session.execute(
            text("SELECT state FROM dossier WHERE id = :id"), {"id": dossier_id}
        ).scalar_one()
        raw_tasks = db.session.execute(
            text("SELECT state FROM step_task WHERE dossier_id = :id"), {"id": dossier_id}
        ).scalars()
        assert raw_dossier == "processing"
        assert set(raw_tasks) == {"pending"}


def test_a_row_written_before_the_enums_reads_back_as_a_member(app: Flask) -> None:
    with app.app_context():
        dossier_id = _dispatched()
        # what an older release (or a hand-written SQL fix) left in the column
        db.session.execute(
            text("UPDATE dossier SET state = 'awaiting_payment' WHERE id = :id"),
            {"id": dossier_id},
        )
        db.session.commit()
        assert fresh(dossier_id).state is DossierState.AWAITING_PAYMENT
        # and an SQL filter written with the member finds it
        found = db.session.scalars(
            select(Dossier.id).where(Dossier.state == DossierState.AWAITING_PAYMENT)
        ).all()
        assert found == [dossier_id]


def test_a_word_that_is_no_state_is_refused_before_it_reaches_the_table(app: Flask) -> None:
    with app.app_context():
        dossier_id = _dispatched()
        task = db.session.scalars(select(StepTask).where(StepTask.dossier_id == dossier_id)).one()
        task.state = "finished"  # type: ignore[assignment]
        with pytest.raises(StatementError):
            db.session.flush()
        db.session.rollback()
        assert fresh(dossier_id).tasks[0].state is TaskState.PENDING
