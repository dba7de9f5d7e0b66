"""What the officers and the applicant see of the time rules: the supplement deadline before
a stop and the stop notice after it, the written answer to a denial, and the immediate
result handed over at the counter."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from tests.services.support import actor, dossier_version, local, procedure_id, task_version
from tests.web.officer import scenarios
from tests.web.officer.conftest import Clients, Clock, blind_post, fresh, submit, text_of
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, Procedure
from vpub_onestop.services import processing, reception, supplements

CERTIFIED_COPY = "2.000815"


def _waiting_for_papers(clock: Clock) -> int:
    """Marriage (1.000894) received Mon 2/3/2026 08:00 at the commune, asked for a
    supplement on Wed 4/3/2026 09:00."""
    built = scenarios.dispatched(clock)
    scenarios.work_step(clock, built.tasks()[0], "px_quynhon", until=TaskState.IN_PROGRESS)
    supplements.request_supplement(
        actor("specialist.px_quynhon"),
        built.dossier_id,
        "Thiếu giấy xác nhận tình trạng hôn nhân.",
        now=clock.set(local(2026, 3, 4, 9)),
        expected_version=dossier_version(built.dossier_id),
    )
    return built.dossier_id


def test_the_desk_cannot_stop_before_the_supplement_deadline_and_notifies_after_it(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    dossier_id = _waiting_for_papers(clock)
    # 30 working days after Wed 4/3/2026: 19 left in March, then 1-3, 6-10, 13-15 April ->
    # until Wed 15/4/2026 17:00.
    clock.set(local(2026, 4, 14, 10))
    desk = client_for("reception.px_quynhon")
    page = f"/mot-cua/ho-so/{dossier_id}"
    html = text_of(desk.get(page))
    assert "Thời hạn bổ sung ghi trên Mẫu 02: đến hết 17:00 15/04/2026" in html
    assert "Chưa thể dừng: người nộp còn thời hạn bổ sung đến 17:00 15/04/2026." in html

    refused = blind_post(
        desk,
        f"{page}/dung-xu-ly",
        "close_unsupplemented",
        fresh(dossier_id).version,
        {"close_unsupplemented-reason": "Không bổ sung giấy tờ."},
    )
    assert refused.status_code == 422
    assert "còn thời hạn bổ sung đến 17:00 ngày 15/04/2026" in text_of(refused)
    assert fresh(dossier_id).state is DossierState.SUPPLEMENT_REQUESTED

    clock.set(local(2026, 4, 16, 8))
    stopped = submit(
        desk,
        page,
        f"{page}/dung-xu-ly",
        {"close_unsupplemented-reason": "Quá thời hạn mà không bổ sung giấy tờ."},
    )
    assert stopped.status_code == 302
    assert fresh(dossier_id).state is DossierState.STOPPED
    after = text_of(desk.get(page))
    assert "Dừng giải quyết hồ sơ, đã gửi thông báo cho người nộp" in after
    notice = f"/ho-so/{dossier_id}/phieu/thong-bao-dung.pdf"
    assert notice in after
    pdf = desk.get(notice)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_a_denied_online_dossier_shows_the_applicant_the_reasons_and_the_answer(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.submitted_online(clock)
    desk = actor("reception.px_quynhon")
    reception.receive_dossier(
        desk,
        built.dossier_id,
        now=clock.advance(minutes=10),
        expected_version=dossier_version(built.dossier_id),
    )
    reception.dispatch_dossier(
        desk,
        built.dossier_id,
        now=clock.advance(minutes=5),
        expected_version=dossier_version(built.dossier_id),
    )
    task = fresh(built.dossier_id).tasks[0]
    scenarios.work_step(clock, task, "px_quynhon", until=TaskState.IN_PROGRESS)
    reason = "Người đề nghị chưa đủ tuổi kết hôn theo quy định."
    processing.deny_step(
        actor("leader.px_quynhon"),
        task.id,
        reason,
        now=clock.advance(minutes=30),
        expected_version=task_version(task.id),
    )

    citizen = client_for("citizen1")
    html = text_of(citizen.get(f"/ho-so-cua-toi/{built.dossier_id}"))
    assert "Trả lời từ chối giải quyết hồ sơ" in html and reason in html
    assert "Từ chối giải quyết, có văn bản trả lời nêu lý do" in html
    answer = f"/ho-so/{built.dossier_id}/phieu/thong-bao-tu-choi.pdf"
    assert answer in html
    assert citizen.get(answer).status_code == 200
    assert "sớm hơn ngày hẹn" not in html


def test_an_immediate_result_procedure_is_handed_over_in_one_counter_operation(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    clock.set(local(2026, 3, 10, 9, 30))
    desk = client_for("reception.px_quynhon")
    url = f"/mot-cua/tai-quay?thu-tuc={procedure_id(CERTIFIED_COPY)}"
    form_page = text_of(desk.get(url))
    assert 'data-flag="immediate-result"' in form_page
    procedure = db.session.get(Procedure, procedure_id(CERTIFIED_COPY))
    assert procedure is not None
    ticks = {f"present_{doc.id}": "y" for doc in procedure.documents}

    response = submit(
        desk,
        url,
        url,
        {
            "name": "Trần Thị Bích Ngọc",
            "phone": "0914 223 402",
            "address": "12 Trần Hưng Đạo, phường Quy Nhơn",
            "fee_vnd": "4000",
            "fee_receipt_number": "BL-0000815",
            "sets_count": "1",
            **ticks,
        },
    )

    assert response.status_code == 302, text_of(response)
    db.session.rollback()
    dossier = db.session.scalars(select(Dossier)).one()
    assert dossier.state is DossierState.RETURNED
    # No receipt handed out by default: the page is not the "print Mẫu 01 now" one...
    assert "xong=tiep-nhan" not in response.headers["Location"]
    page = text_of(desk.get(response.headers["Location"]))
    assert "Trả kết quả ngay tại quầy" in page
    # ...but the receipt stays printable for an applicant who asks.
    assert f"/ho-so/{dossier.id}/phieu/mau-01.pdf" in page
