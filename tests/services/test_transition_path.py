"""The single transition path: events, versions, stale pages, rollbacks, code races."""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from tests.services.support import (
    APPLICANT,
    actor,
    counter_receipt,
    dossier_version,
    draft_with_documents,
    event_count,
    fresh,
    local,
    online_submission,
    procedure_id,
    submit_draft,
    triggers,
    unit_id,
)
from vpub_onestop.domain.errors import StaleDossier, TransitionNotAllowed
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, OutboxMessage, StatusFeedEntry, StepTask
from vpub_onestop.services import intake, portal, reception, status_feed


def test_counter_receipt_writes_one_event_and_dispatch_bumps_the_version(app: Flask) -> None:
    with app.app_context():
        desk = actor("reception.px_quynhon")
        dossier = counter_receipt(desk, procedure_id("1.000894"), APPLICANT, now=local(2026, 3, 2))
        dossier_id = dossier.id
        assert triggers(dossier_id) == ["receive_at_counter"]
        version_before = fresh(dossier_id).version

        reception.dispatch_dossier(
            desk, dossier_id, expected_version=version_before, now=local(2026, 3, 2, 10)
        )

        after = fresh(dossier_id)
        assert after.state is DossierState.PROCESSING
        assert after.version > version_before
        # one dossier event for the dispatch, one task event for the step that arrived
        assert triggers(dossier_id) == ["receive_at_counter", "dispatch", "task.arrive"]


def test_a_stale_page_is_refused_and_changes_nothing(app: Flask) -> None:
    with app.app_context():
        desk = actor("reception.px_quynhon")
        dossier_id = counter_receipt(
            desk, procedure_id("1.000894"), APPLICANT, now=local(2026, 3, 2)
        ).id
        stale_version = fresh(dossier_id).version
        reception.dispatch_dossier(
            desk, dossier_id, expected_version=stale_version, now=local(2026, 3, 2, 10)
        )
        events_before = event_count(dossier_id)

        other_desk = actor("reception.px_quynhon")
        with pytest.raises(StaleDossier) as refused:
            reception.dispatch_dossier(
                other_desk, dossier_id, expected_version=stale_version, now=local(2026, 3, 2, 11)
            )

        assert "tải lại trang" in refused.value.message
        assert event_count(dossier_id) == events_before
        assert fresh(dossier_id).state is DossierState.PROCESSING


def test_a_second_identical_action_is_refused_by_the_workflow(app: Flask) -> None:
    with app.app_context():
        desk = actor("reception.px_quynhon")
        dossier_id = counter_receipt(
            desk, procedure_id("1.000894"), APPLICANT, now=local(2026, 3, 2)
        ).id
        reception.dispatch_dossier(
            desk,
            dossier_id,
            now=local(2026, 3, 2, 10),
            expected_version=dossier_version(dossier_id),
        )
        with pytest.raises(TransitionNotAllowed):
            reception.dispatch_dossier(
                desk,
                dossier_id,
                now=local(2026, 3, 2, 10, 5),
                expected_version=dossier_version(dossier_id),
            )
        assert triggers(dossier_id).count("dispatch") == 1


def test_a_crash_in_the_middle_leaves_no_dossier_no_event_and_no_used_number(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    with app.app_context():
        desk = actor("reception.px_quynhon")

        def broken_notification(*args: object, **kwargs: object) -> None:
            raise RuntimeError("mail template exploded")

        monkeypatch.setattr(intake.notify, "dossier_message", broken_notification)
        with pytest.raises(RuntimeError):
            counter_receipt(desk, procedure_id("1.000894"), APPLICANT, now=local(2026, 3, 2))
        monkeypatch.undo()

        assert db.session.scalar(select(func.count()).select_from(Dossier)) == 0
        assert db.session.scalar(select(func.count()).select_from(StepTask)) == 0
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        assert event_count() == 0
        # the number was not consumed: the next receipt that day is still 0001
        dossier = counter_receipt(desk, procedure_id("1.000894"), APPLICANT, now=local(2026, 3, 2))
        assert dossier.code == "000.01.31.H21-260302-0001"


def test_two_officers_receiving_at_the_same_second_get_consecutive_codes(app: Flask) -> None:
    with app.app_context():
        desks = [actor("reception.px_quynhon"), actor("reception.px_quynhon")]
        procedure = procedure_id("1.000894")
    moment = local(2026, 3, 5, 8, 30)
    codes: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(desks))

    def receive(desk: object) -> None:
        with app.app_context():
            try:
                barrier.wait()
                codes.append(counter_receipt(desk, procedure, APPLICANT, now=moment).code or "")  # type: ignore[arg-type]
            except BaseException as exc:  # collected and re-raised by the test
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=receive, args=(desk,)) for desk in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(codes) == ["000.01.31.H21-260305-0001", "000.01.31.H21-260305-0002"]


def test_notifications_are_queued_in_the_same_transaction(app: Flask) -> None:
    with app.app_context():
        desk = actor("reception.px_quynhon")
        dossier = counter_receipt(desk, procedure_id("1.000894"), APPLICANT, now=local(2026, 3, 2))
        messages = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.dossier_id == dossier.id)
        ).all()
        channels = sorted(m.channel for m in messages)
        assert channels == ["email", "sms"]
        email = next(m for m in messages if m.channel == "email")
        assert "Nguyễn Thị Hồng Nhung" in email.body
        assert "000.01.31.H21-260302-0001" in email.subject


def test_a_receipt_that_fails_at_its_commit_tells_nobody_and_the_retry_tells_once(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The applicant's messages and the feed entry are written just before the commit: a
    failure there leaves no message, no entry and the dossier as it was, and the officer's
    retry sends the two messages of the receipt once, not the failed attempt's as well."""
    with app.app_context():
        citizen, desk = actor("citizen1"), actor("reception.px_quynhon")
        moment = local(2026, 3, 2, 10)
        dossier_id = online_submission(
            citizen, procedure_id("1.001193"), unit_id("px_quynhon"), now=moment
        )

        def messages() -> list[tuple[str, str]]:
            return _messages(dossier_id)

        submitted = messages()  # e-mail and SMS of the submission
        feed_before = db.session.scalar(select(func.count()).select_from(StatusFeedEntry))

        def receiver_down(*args: object, **kwargs: object) -> None:
            raise RuntimeError("webhook queue exploded")

        monkeypatch.setattr(status_feed.webhooks, "enqueue", receiver_down)
        version = dossier_version(dossier_id)
        with pytest.raises(RuntimeError):
            reception.receive_dossier(desk, dossier_id, expected_version=version, now=moment)
        monkeypatch.undo()

        assert fresh(dossier_id).state is DossierState.SUBMITTED
        assert messages() == submitted
        assert db.session.scalar(select(func.count()).select_from(StatusFeedEntry)) == feed_before

        reception.receive_dossier(desk, dossier_id, expected_version=version, now=moment)
        after = messages()
        assert len(after) == len(submitted) + 2  # the receipt's e-mail and SMS, once
        assert ("email", "[000.01.31.H21-260302-0001] Hồ sơ đã được tiếp nhận") in after
        assert [channel for channel, _ in after].count("sms") == 2
        assert db.session.scalar(select(func.count()).select_from(StatusFeedEntry)) == (
            feed_before + 1
        )


def test_a_receipt_whose_dossier_changed_after_its_check_loses_at_the_commit(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The version check passed, then another transaction changed the row before this one
    wrote it: the dossier's UPDATE names the version it read, finds no such row and the
    officer is told to reload; nothing of the receipt is left (event, steps, messages)."""
    with app.app_context():
        citizen, desk = actor("citizen1"), actor("reception.px_quynhon")
        moment = local(2026, 3, 2, 10)
        dossier_id = online_submission(
            citizen, procedure_id("1.001193"), unit_id("px_quynhon"), now=moment
        )
        version = dossier_version(dossier_id)
        events, submitted = event_count(dossier_id), _messages(dossier_id)
        real_message = reception.notify.dossier_message

        def another_officer_first(session: Session, *args: object, **kwargs: object) -> None:
            # Stands in for a change committed by another request in the meantime.
            with session.no_autoflush:
                session.execute(
                    text("UPDATE dossier SET version = version + 1 WHERE id = :id"),
                    {"id": dossier_id},
                )
            real_message(session, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(reception.notify, "dossier_message", another_officer_first)
        with pytest.raises(StaleDossier) as lost:
            reception.receive_dossier(desk, dossier_id, expected_version=version, now=moment)
        monkeypatch.undo()

        assert "tải lại trang" in lost.value.message
        db.session.rollback()
        assert fresh(dossier_id).state is DossierState.SUBMITTED
        assert dossier_version(dossier_id) == version
        assert event_count(dossier_id) == events
        assert fresh(dossier_id).tasks == []
        assert _messages(dossier_id) == submitted
        received = reception.receive_dossier(desk, dossier_id, expected_version=version, now=moment)
        assert received.state is DossierState.RECEIVED
        assert dossier_version(dossier_id) == version + 1


def _messages(dossier_id: int) -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(OutboxMessage.channel, OutboxMessage.subject).where(
            OutboxMessage.dossier_id == dossier_id
        )
    )
    return sorted((channel, subject) for channel, subject in rows)


def test_a_submission_that_fails_after_its_messages_were_queued_tells_nobody(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The messages are queued mid-way (the declaration is filed after them): a failure
    there drops them with the transaction, and the retry sends its own two only."""
    with app.app_context():
        citizen = actor("citizen1")
        moment = local(2026, 3, 2, 10)
        dossier_id = draft_with_documents(
            citizen, procedure_id("1.001193"), unit_id("px_quynhon"), now=moment
        )

        def printer_jammed(*args: object, **kwargs: object) -> None:
            raise RuntimeError("declaration printer jammed")

        monkeypatch.setattr(portal.declaration, "print_and_file", printer_jammed)
        with pytest.raises(RuntimeError):
            submit_draft(citizen, dossier_id, now=moment)
        monkeypatch.undo()
        assert fresh(dossier_id).state is DossierState.DRAFT
        assert _messages(dossier_id) == []

        submit_draft(citizen, dossier_id, now=moment)
        sent = _messages(dossier_id)
        assert [channel for channel, _ in sent] == ["email", "sms"]
        assert sent[0][1] == "[000.01.31.H21-260302-0001] Đã nộp hồ sơ trực tuyến"
