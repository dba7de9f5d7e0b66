"""The API's online submission: one request makes and submits the dossier with the
portal's checks; an Idempotency-Key makes a repeat harmless and a misused key refused."""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.conftest import Clock, database_urls
from tests.services.support import APPLICANT, PDF, actor, document_ids, procedure_id, unit_id
from vpub_onestop.domain.errors import ValidationError
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, IdempotencyKey
from vpub_onestop.services import api_submission, portal
from vpub_onestop.services.sweep import run_sweep

MARRIAGE = "1.000894"


def _request(note: str = "") -> tuple[portal.DraftDetails, list[portal.Upload]]:
    procedure = procedure_id(MARRIAGE)
    details = portal.DraftDetails(
        procedure_id=procedure, receiving_unit_id=unit_id("px_quynhon"), applicant=APPLICANT
    )
    uploads = [
        portal.Upload(f"giay-to-{doc}{note}.pdf", PDF, doc)
        for doc in document_ids(procedure, mandatory_only=True)
    ]
    return details, uploads


def _dossiers() -> int:
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(Dossier)) or 0


def _submit(key: str | None, note: str = "") -> api_submission.Answer:
    details, uploads = _request(note)
    return api_submission.submit_online(
        actor("citizen1"), "user:citizen1", details, uploads, key=key
    )


def test_one_request_submits_a_complete_dossier(app: Flask) -> None:
    with app.app_context():
        answer = _submit(None)
        dossier = db.session.scalars(select(Dossier)).one()
    assert answer.status_code == 201 and not answer.replayed
    assert dossier.state is DossierState.SUBMITTED and dossier.channel == "online"
    assert answer.body["code"] == dossier.code and answer.body["status_code"] == 1


def test_a_repeated_key_returns_the_first_answer_and_creates_nothing(app: Flask) -> None:
    with app.app_context():
        first = _submit("nop-ho-so-0001")
        again = _submit("nop-ho-so-0001")
        assert _dossiers() == 1
    assert again.replayed and again.body == first.body and again.status_code == 201


def test_a_key_reused_for_another_request_is_refused_naming_the_header(app: Flask) -> None:
    with app.app_context():
        _submit("nop-ho-so-0002")
        with pytest.raises(ValidationError) as refused:
            _submit("nop-ho-so-0002", note="-khac")
        assert _dossiers() == 1
    assert set(refused.value.field_errors) == {"Idempotency-Key"}


def test_an_incomplete_request_creates_nothing_and_keeps_the_key_free(app: Flask) -> None:
    with app.app_context():
        details, uploads = _request()
        with pytest.raises(ValidationError) as refused:
            api_submission.submit_online(
                actor("citizen1"), "user:citizen1", details, uploads[1:], key="k-3"
            )
        assert _dossiers() == 0
        assert set(refused.value.field_errors) == {f"doc_{uploads[0].required_document_id}"}
        # Complete this time, with the same key: accepted (the refusal stored nothing).
        assert not api_submission.submit_online(
            actor("citizen1"), "user:citizen1", details, uploads, key="k-3"
        ).replayed
        assert _dossiers() == 1


def test_a_key_is_forgotten_after_a_day(app: Flask, frozen_clock: Clock) -> None:
    with app.app_context():
        first = _submit("k-4")
        frozen_clock.advance(hours=24, seconds=1)
        later = _submit("k-4")
        assert _dossiers() == 2
    assert not later.replayed and later.body["code"] != first.body["code"]


def test_the_sweep_deletes_expired_keys_and_keeps_live_ones(
    app: Flask, frozen_clock: Clock
) -> None:
    with app.app_context():
        old = _submit("k-old")  # Mon 2/3 08:00: answers repeats until Tue 3/3 08:00
        frozen_clock.advance(hours=12)
        recent = _submit("k-recent", note="-2")  # 20:00: until Tue 3/3 20:00
        frozen_clock.advance(hours=12, seconds=1)  # Tue 3/3 08:00:01

        swept = run_sweep()

        db.session.expire_all()
        assert db.session.scalars(select(IdempotencyKey.key)).all() == ["k-recent"]
        assert swept.expired_keys == 1
        # The live key still answers a repeat with its first answer, and the dossiers of
        # both keys stay.
        again = _submit("k-recent", note="-2")
        assert again.replayed and again.body == recent.body
        assert _dossiers() == 2
        assert old.body["code"] in db.session.scalars(select(Dossier.code)).all()


def test_another_caller_may_use_the_same_key(app: Flask) -> None:
    with app.app_context():
        details, uploads = _request()
        api_submission.submit_online(actor("citizen1"), "user:1", details, uploads, key="k-5")
        api_submission.submit_online(actor("citizen2"), "user:2", details, uploads, key="k-5")
        assert _dossiers() == 2


if "postgres" in database_urls():  # SQLite runs one writer at a time: nothing races

    @pytest.mark.parametrize("app", ["postgres"], indirect=True)
    def test_two_requests_with_one_key_at_once_make_one_dossier(app: Flask) -> None:
        answers: list[api_submission.Answer] = []
        failures: list[BaseException] = []
        start = threading.Barrier(2)

        def client() -> None:
            try:
                with app.app_context():
                    details, uploads = _request()
                    start.wait()
                    answers.append(
                        api_submission.submit_online(
                            actor("citizen1"), "user:citizen1", details, uploads, key="k-6"
                        )
                    )
            except BaseException as error:
                failures.append(error)

        threads = [threading.Thread(target=client) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert failures == []
        with app.app_context():
            assert _dossiers() == 1
        assert len({answer.body["code"] for answer in answers}) == 1
