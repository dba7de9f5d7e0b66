"""Supplement with uploads, withdrawal and rating: the rules a citizen meets after submitting."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.services.support import (
    actor,
    as_local,
    dossier_version,
    fresh,
    receipt_code_of,
    task_version,
    triggers,
)
from tests.web.citizen.conftest import (
    EXE,
    PDF,
    counts,
    document_ids,
    log_in,
    submit_online,
    text,
    token,
    upload,
    version_in,
)
from vpub_onestop.domain.satisfaction import CRITERIA
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.models import DossierEvent, Rating
from vpub_onestop.services import closing, processing, reception, supplements


def _in_progress(app: Flask, client: FlaskClient, *, sign_in: bool = True) -> tuple[int, int]:
    """citizen1's dossier, received, dispatched and assigned; returns (dossier, task)."""
    if sign_in:
        log_in(client, "citizen1")
    dossier_id = submit_online(app, client)
    with app.app_context():
        desk = actor("reception.px_quynhon")
        reception.receive_dossier(desk, dossier_id, expected_version=dossier_version(dossier_id))
        reception.dispatch_dossier(desk, dossier_id, expected_version=dossier_version(dossier_id))
        task_id = fresh(dossier_id).tasks[0].id
        specialist = actor("specialist.px_quynhon")
        processing.assign_task(
            actor("leader.px_quynhon"),
            task_id,
            specialist.user_id or 0,
            expected_version=task_version(task_id),
        )
    return dossier_id, task_id


def _ask_supplement(app: Flask, dossier_id: int) -> None:
    with app.app_context():
        supplements.request_supplement(
            actor("specialist.px_quynhon"),
            dossier_id,
            "Thiếu bản sao giấy xác nhận.",
            expected_version=dossier_version(dossier_id),
        )


def test_a_refused_supplement_file_changes_nothing(app: Flask, client: FlaskClient) -> None:
    dossier_id, _ = _in_progress(app, client)
    _ask_supplement(app, dossier_id)
    before = counts(app)
    page = text(client.get(f"/ho-so-cua-toi/{dossier_id}"))
    mandatory = document_ids(app, "1.000894")[0]
    response = client.post(
        f"/ho-so-cua-toi/{dossier_id}/bo-sung",
        data={
            "csrf_token": token(client, f"/ho-so-cua-toi/{dossier_id}"),
            "version": version_in(page),
            f"doc_{mandatory}": [upload(PDF, "dung.pdf"), upload(EXE, "sai.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Tệp “sai.pdf” không phải PDF, JPEG hoặc PNG" in text(response)
    assert counts(app) == before
    with app.app_context():
        assert fresh(dossier_id).state is DossierState.SUPPLEMENT_REQUESTED


def test_a_supplement_without_any_file_is_refused(app: Flask, client: FlaskClient) -> None:
    dossier_id, _ = _in_progress(app, client)
    _ask_supplement(app, dossier_id)
    page = text(client.get(f"/ho-so-cua-toi/{dossier_id}"))
    response = client.post(
        f"/ho-so-cua-toi/{dossier_id}/bo-sung",
        data={
            "csrf_token": token(client, f"/ho-so-cua-toi/{dossier_id}"),
            "version": version_in(page),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Vui lòng tải lên giấy tờ bổ sung." in text(response)
    with app.app_context():
        assert fresh(dossier_id).state is DossierState.SUPPLEMENT_REQUESTED


def test_the_citizen_asks_to_withdraw_and_may_not_once_the_result_is_ready(
    app: Flask, client: FlaskClient
) -> None:
    dossier_id, task_id = _in_progress(app, client)
    page = text(client.get(f"/ho-so-cua-toi/{dossier_id}"))
    assert "Rút hồ sơ" in page
    empty = client.post(
        f"/ho-so-cua-toi/{dossier_id}/rut",
        data={
            "csrf_token": token(client, "/ho-so-cua-toi"),
            "version": version_in(page),
            "reason": "",
        },
    )
    assert empty.status_code == 422 and "Vui lòng ghi lý do rút hồ sơ." in text(empty)
    done = client.post(
        f"/ho-so-cua-toi/{dossier_id}/rut",
        data={
            "csrf_token": token(client, "/ho-so-cua-toi"),
            "version": version_in(page),
            "reason": "Đã đăng ký ở nơi khác.",
        },
    )
    assert done.status_code == 302
    with app.app_context():
        assert fresh(dossier_id).state is DossierState.WITHDRAWAL_REQUESTED
        assert triggers(dossier_id)[-1] == "request_withdrawal"

    other_id, other_task = _in_progress(app, client, sign_in=False)
    with app.app_context():
        specialist, leader = actor("specialist.px_quynhon"), actor("leader.px_quynhon")
        processing.propose_result(
            specialist, other_task, "Đủ điều kiện.", expected_version=task_version(other_task)
        )
        processing.approve_step(leader, other_task, expected_version=task_version(other_task))
    page = text(client.get(f"/ho-so-cua-toi/{other_id}"))
    assert "Đã xử lý xong" in page and f"/ho-so-cua-toi/{other_id}/rut" not in page


def test_a_withdrawal_from_a_page_older_than_the_officers_act_names_who_changed_it(
    app: Flask, client: FlaskClient
) -> None:
    dossier_id, _ = _in_progress(app, client)
    page = text(client.get(f"/ho-so-cua-toi/{dossier_id}"))
    # While the page is open, the specialist asks for a supplement.
    with app.app_context():
        supplements.request_supplement(
            actor("specialist.px_quynhon"),
            dossier_id,
            "Thiếu bản sao giấy xác nhận.",
            expected_version=dossier_version(dossier_id),
        )
        asked_at = as_local(db.session.scalars(select(func.max(DossierEvent.at))).one())

    response = client.post(
        f"/ho-so-cua-toi/{dossier_id}/rut",
        data={
            "csrf_token": token(client, "/ho-so-cua-toi"),
            "version": version_in(page),
            "reason": "Đã đăng ký ở nơi khác.",
        },
    )

    assert response.status_code == 409
    refusal = text(response)
    assert f"Cán bộ specialist.px_quynhon cập nhật lúc {asked_at:%H:%M %d/%m/%Y}" in refusal
    assert "tải lại trang" in refusal
    with app.app_context():
        assert fresh(dossier_id).state is DossierState.SUPPLEMENT_REQUESTED
        assert "request_withdrawal" not in triggers(dossier_id)


def test_rating_needs_the_returned_result_and_every_criterion(
    app: Flask, client: FlaskClient
) -> None:
    dossier_id, task_id = _in_progress(app, client)
    rate_url = f"/ho-so-cua-toi/{dossier_id}/danh-gia"
    assert client.get(rate_url).status_code == 302  # not returned yet: back to the dossier
    with app.app_context():
        processing.propose_result(
            actor("specialist.px_quynhon"),
            task_id,
            "Đủ điều kiện.",
            expected_version=task_version(task_id),
        )
        processing.approve_step(
            actor("leader.px_quynhon"), task_id, expected_version=task_version(task_id)
        )
        closing.return_result(
            actor("reception.px_quynhon"),
            dossier_id,
            "counter",
            expected_version=dossier_version(dossier_id),
            receipt_code=receipt_code_of(dossier_id),
        )
    form = text(client.get(rate_url))
    for _, wording in CRITERIA:
        assert wording in form
    assert form.count('value="3"') == len(CRITERIA) and "Rất hài lòng" in form
    partial = {key: "2" for key, _ in CRITERIA[:-1]}
    missing = client.post(rate_url, data={"csrf_token": token(client, rate_url), **partial})
    assert missing.status_code == 422
    assert "Vui lòng chọn một mức đánh giá." in text(missing)
    kept = re.findall(r'<input checked [^>]*value="2"', text(missing))
    assert len(kept) == len(CRITERIA) - 1  # the answers given are kept
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Rating)) == 0
    complete = {key: "1" for key, _ in CRITERIA}
    assert (
        client.post(rate_url, data={"csrf_token": token(client, rate_url), **complete}).status_code
        == 302
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Rating)) == 1


def test_a_second_rating_of_the_same_dossier_is_refused_by_the_service(
    app: Flask, client: FlaskClient
) -> None:
    from vpub_onestop.domain.errors import ValidationError
    from vpub_onestop.services import portal

    dossier_id, task_id = _in_progress(app, client)
    with app.app_context():
        processing.propose_result(
            actor("specialist.px_quynhon"),
            task_id,
            "Đủ điều kiện.",
            expected_version=task_version(task_id),
        )
        processing.approve_step(
            actor("leader.px_quynhon"), task_id, expected_version=task_version(task_id)
        )
        closing.return_result(
            actor("reception.px_quynhon"),
            dossier_id,
            "counter",
            expected_version=dossier_version(dossier_id),
            receipt_code=receipt_code_of(dossier_id),
        )
        citizen = actor("citizen1")
        answers = {key: 3 for key, _ in CRITERIA}
        portal.rate(citizen, dossier_id, answers)
        try:
            portal.rate(citizen, dossier_id, answers)
        except ValidationError as refused:
            assert "chỉ đánh giá một lần" in refused.message
        else:
            raise AssertionError("a second rating was accepted")
        assert db.session.scalar(select(func.count()).select_from(Rating)) == 1
