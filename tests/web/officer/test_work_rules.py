"""The rules an agency meets on the task page, each refused with a clear message: the
3-working-day supplement rule, the single apology and its deadline; and the payment
request answered at the desk."""

from __future__ import annotations

from flask import Flask

from tests.services.support import actor, local
from tests.web.officer import scenarios
from tests.web.officer.conftest import Clients, Clock, blind_post, fresh, submit, text_of
from vpub_onestop.domain.status import DossierState, TaskState

REQUEST = {
    "request_supplement-items": "Bản vẽ ranh giới thửa đất: bản nộp bị mờ",
    "request_supplement-reason": "Cần bản vẽ rõ nét để đối chiếu thực địa.",
}


def _land_task(clock: Clock) -> tuple[int, int]:
    """1.012781 (10 WD) received at the province centre Mon 2/3 09:00 (due Mon 16/3 09:00),
    dispatched, and assigned to the land office's specialist."""
    clock.set(local(2026, 3, 2, 9, 0))
    built = scenarios.dispatched(clock, scenarios.SEQUENTIAL, desk="reception.ttpvhcc")
    task = built.task("vpdkdd", stage=1)
    scenarios.work_step(clock, task, "vpdkdd", until=TaskState.IN_PROGRESS)
    return built.dossier_id, task.id


def test_a_supplement_within_three_working_days_needs_no_justification(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    dossier_id, task_id = _land_task(clock)
    # Received Mon 2/3 09:00: the window is counted in days, through Thu 5/3 until closing
    # (Tue 3, Wed 4, Thu 5 are the three working days after the receipt day).
    clock.set(local(2026, 3, 5, 16, 30))
    page = f"/xu-ly/nhiem-vu/{task_id}"
    html = text_of(client_for("specialist.vpdkdd").get(page))
    assert "Đã quá 3 ngày làm việc" not in html
    assert "đến hết 17:00 05/03/2026" in html

    response = submit(client_for("specialist.vpdkdd"), page, f"{page}/yeu-cau-bo-sung", REQUEST)

    assert response.status_code == 302
    assert fresh(dossier_id).state is DossierState.SUPPLEMENT_REQUESTED
    # the one-stop unit sees it waiting for the applicant, and takes the papers in
    desk = client_for("reception.ttpvhcc")
    code = fresh(dossier_id).code
    assert code and code in text_of(desk.get("/mot-cua/tiep-nhan?loai=cho-bo-sung"))
    dossier_page = f"/mot-cua/ho-so/{dossier_id}"
    assert "Bản vẽ ranh giới thửa đất" in text_of(desk.get(dossier_page))
    supplied = submit(desk, dossier_page, f"{dossier_page}/nhan-bo-sung")
    assert supplied.status_code == 302
    assert fresh(dossier_id).state is DossierState.PROCESSING


def test_a_later_supplement_request_needs_a_written_justification(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    dossier_id, task_id = _land_task(clock)
    clock.set(local(2026, 3, 6, 9, 0))  # Fri: beyond Thu 5/3 17:00
    page = f"/xu-ly/nhiem-vu/{task_id}"
    specialist = client_for("specialist.vpdkdd")
    assert "Đã quá 3 ngày làm việc kể từ khi tiếp nhận" in text_of(specialist.get(page))

    refused = submit(specialist, page, f"{page}/yeu-cau-bo-sung", REQUEST)

    assert refused.status_code == 422
    html = text_of(refused)
    assert "Không thể yêu cầu bổ sung: đã quá 3 ngày làm việc kể từ khi tiếp nhận." in html
    error_at = html.index('id="request_supplement-justification-error"')
    assert "ít nhất 20 ký tự" in html[error_at : error_at + 200]
    assert fresh(dossier_id).state is DossierState.PROCESSING

    justified = submit(
        specialist,
        page,
        f"{page}/yeu-cau-bo-sung",
        {
            **REQUEST,
            "request_supplement-justification": (
                "Đo đạc thực địa ngày 05/3 cho thấy ranh giới khác hồ sơ."
            ),
        },
    )
    assert justified.status_code == 302
    assert fresh(dossier_id).state is DossierState.SUPPLEMENT_REQUESTED


def test_an_apology_is_accepted_once(officer_app: Flask, client_for: Clients, clock: Clock) -> None:
    dossier_id, task_id = _land_task(clock)
    clock.set(local(2026, 3, 12, 9, 0))  # Thu, more than one working day before Mon 16/3
    page = f"/xu-ly/nhiem-vu/{task_id}"
    leader = client_for("leader.vpdkdd")
    assert f"{page}/xin-loi" not in text_of(client_for("specialist.vpdkdd").get(page))

    first = submit(
        leader,
        page,
        f"{page}/xin-loi",
        {"apologise-reason": "Chờ kết quả đo đạc lại.", "apologise-new_date": "2026-03-19"},
    )

    assert first.status_code == 302
    dossier = fresh(dossier_id)
    assert dossier.apologised_at is not None
    assert dossier.appointment_at == local(2026, 3, 19, 9, 0)
    html = text_of(leader.get(page))
    assert f"{page}/xin-loi" not in html
    assert "chỉ được xin lỗi và hẹn lại một lần" in html

    second = blind_post(
        leader,
        f"{page}/xin-loi",
        "apologise",
        dossier.version,
        {"apologise-reason": "Lần hai.", "apologise-new_date": "2026-03-20"},
    )
    assert second.status_code == 422
    assert "chỉ được xin lỗi và hẹn lại một lần" in text_of(second)
    assert fresh(dossier_id).appointment_at == local(2026, 3, 19, 9, 0)


def test_an_apology_at_16_59_on_the_friday_before_a_monday_due_date_is_on_time(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    dossier_id, task_id = _land_task(clock)
    # Due Mon 16/3 09:00: the last day is Fri 13/3, until 17:00.
    clock.set(local(2026, 3, 13, 16, 59))
    page = f"/xu-ly/nhiem-vu/{task_id}"
    leader = client_for("leader.vpdkdd")
    html = text_of(leader.get(page))
    assert "chậm nhất đến hết 17:00 13/03/2026" in html
    assert 'data-flag="late-apology"' not in html

    response = submit(
        leader,
        page,
        f"{page}/xin-loi",
        {"apologise-reason": "Chờ kết quả đo đạc lại.", "apologise-new_date": "2026-03-19"},
    )

    assert response.status_code == 302
    assert fresh(dossier_id).apologised_at is not None
    assert "Xin lỗi muộn" not in text_of(leader.get(page))


def test_a_late_apology_is_recorded_and_flagged_on_the_task_and_dossier_pages(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    dossier_id, task_id = _land_task(clock)
    clock.set(local(2026, 3, 16, 10, 0))  # Mon, an hour after the due moment itself
    page = f"/xu-ly/nhiem-vu/{task_id}"
    leader = client_for("leader.vpdkdd")
    warning = text_of(leader.get(page))
    assert "Đã quá thời hạn gửi văn bản xin lỗi (17:00 13/03/2026)" in warning

    response = submit(
        leader,
        page,
        f"{page}/xin-loi",
        {"apologise-reason": "Chờ kết quả đo đạc lại.", "apologise-new_date": "2026-03-19"},
    )

    assert response.status_code == 302
    dossier = fresh(dossier_id)
    assert dossier.apologised_at is not None
    assert dossier.appointment_at == local(2026, 3, 19, 9, 0)
    assert dossier.due_at == local(2026, 3, 16, 9, 0)  # lateness is not erased
    assert "Xin lỗi muộn" in text_of(leader.get(page))
    desk_page = text_of(client_for("reception.ttpvhcc").get(f"/mot-cua/ho-so/{dossier_id}"))
    assert "Xin lỗi muộn" in desk_page
    assert "xin lỗi muộn" in desk_page  # the timeline entry
    assert f"/ho-so/{dossier_id}/phieu/mau-04.pdf" in desk_page


def test_a_payment_request_pauses_the_step_until_the_desk_confirms_the_receipt(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    dossier_id, task_id = _land_task(clock)
    page = f"/xu-ly/nhiem-vu/{task_id}"
    specialist = client_for("specialist.vpdkdd")
    asked = submit(
        specialist,
        page,
        f"{page}/yeu-cau-nop-phi",
        {"request_payment-amount_vnd": "250000", "request_payment-note": "Lệ phí cấp giấy."},
    )
    assert asked.status_code == 302
    assert fresh(dossier_id).state is DossierState.AWAITING_PAYMENT
    assert f"{page}/trinh-ket-qua" not in text_of(specialist.get(page))  # paused

    desk = client_for("reception.ttpvhcc")
    dossier_page = f"/mot-cua/ho-so/{dossier_id}"
    empty = submit(desk, dossier_page, f"{dossier_page}/xac-nhan-nop-phi")
    assert empty.status_code == 422
    paid = submit(
        desk,
        dossier_page,
        f"{dossier_page}/xac-nhan-nop-phi",
        {"confirm_payment-receipt_number": "0001234"},
    )
    assert paid.status_code == 302
    dossier = fresh(dossier_id)
    assert dossier.state is DossierState.PROCESSING and dossier.fee_receipt_number == "0001234"
    assert f"{page}/trinh-ket-qua" in text_of(specialist.get(page))
    assert actor("specialist.vpdkdd").user_id == dossier.tasks[0].assignee_id
