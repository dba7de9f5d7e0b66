"""Immediate-result procedures (trả ngay): a certified copy is received, processed and
returned at the counter in one operation, and is still recorded and counted."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from tests.services.support import APPLICANT, actor, as_local, fresh, local, procedure_id, triggers
from tests.services.support import unit_id as unit_of
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.extensions import db
from vpub_onestop.models import OutboxMessage, Procedure, RequiredDocument
from vpub_onestop.queries.slip_list import applicable_slips
from vpub_onestop.queries.stats_report import build_report
from vpub_onestop.queries.stats_scope import Period, build_scope
from vpub_onestop.services import counter

CERTIFIED_COPY = "2.000815"  # Chứng thực bản sao từ bản chính: returned in the same visit
MARRIAGE = "1.000894"


def _walk_in(code: str) -> counter.WalkIn:
    pid = procedure_id(code)
    documents = db.session.scalars(
        select(RequiredDocument.id).where(RequiredDocument.procedure_id == pid)
    ).all()
    return counter.WalkIn(
        procedure_id=pid,
        applicant=APPLICANT,
        present_document_ids=frozenset(documents),
        fee_vnd=4000,
        fee_receipt_number="0000815",
    )


def test_the_seed_marks_the_certified_copy_as_an_immediate_result_procedure(app: Flask) -> None:
    with app.app_context():
        flags = dict(db.session.execute(select(Procedure.code, Procedure.immediate_result)).all())
        assert flags[CERTIFIED_COPY] is True
        assert flags[MARRIAGE] is False


def test_a_certified_copy_is_received_processed_and_returned_in_one_counter_operation(
    app: Flask,
) -> None:
    with app.app_context():
        now = local(2026, 3, 10, 9, 30)
        dossier = counter.hand_over_at_counter(
            actor("reception.px_quynhon"), _walk_in(CERTIFIED_COPY), now=now
        )
        dossier = fresh(dossier.id)
        assert dossier.state is DossierState.RETURNED and dossier.outcome == "approved"
        assert dossier.code is not None
        for moment in (dossier.received_at, dossier.finished_at, dossier.returned_at):
            assert as_local(moment) == now
        # Same-day limit, finished the same day: on time, and every step is recorded.
        assert dossier.timeliness == "on_time"
        assert triggers(dossier.id) == [
            "receive_at_counter",
            "dispatch",
            "task.arrive",
            "task.complete_at_counter",
            "finish",
            "return_result",
        ]
        assert [task.state for task in dossier.tasks] == [TaskState.DONE]
        # The applicant is told it was returned; no receipt-and-appointment message.
        subjects = db.session.scalars(
            select(OutboxMessage.subject).where(
                OutboxMessage.dossier_id == dossier.id, OutboxMessage.channel == "email"
            )
        ).all()
        assert len(subjects) == 1 and "Đã trả kết quả" in subjects[0]
        # The receipt stays printable for an applicant who asks for it.
        keys = [key for key, _title in applicable_slips(db.session(), dossier, for_citizen=True)]
        assert "mau-01" in keys

        # Counted in the unit's statistics: received in March, processed on time.
        report = build_report(
            build_scope(unit_of("px_quynhon")),
            Period(date(2026, 3, 1), date(2026, 3, 31)),
            datetime(2026, 4, 1, tzinfo=now.tzinfo),
        )
        assert (report.total.received, report.total.on_time) == (1, 1)


def test_a_procedure_with_an_appointment_cannot_be_handed_over_at_once(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            counter.hand_over_at_counter(
                actor("reception.px_quynhon"), _walk_in(MARRIAGE), now=local(2026, 3, 10, 9)
            )
        assert "không trả kết quả ngay" in refused.value.message
        assert db.session.scalar(select(OutboxMessage.id)) is None
