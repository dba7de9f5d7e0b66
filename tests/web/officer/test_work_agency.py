"""Agencies at work: the leader's and the specialist's lists, the task page and its acts,
the demo inter-agency procedures (parallel and sequential)."""

from __future__ import annotations

import io
import re

from flask import Flask
from sqlalchemy import select

from tests.services.support import actor, local
from tests.web.officer import scenarios
from tests.web.officer.conftest import Clients, Clock, fresh, submit, text_of
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.extensions import db
from vpub_onestop.models import DossierEvent, DossierFile, OutboxMessage, StepTask
from vpub_onestop.services.accounts import create_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _task(task_id: int) -> StepTask:
    db.session.rollback()
    task = db.session.get(StepTask, task_id)
    assert task is not None
    return task


def _page(task_id: int) -> str:
    return f"/xu-ly/nhiem-vu/{task_id}"


def _work_via_web(client_for: Clients, agency: str, task_id: int) -> None:
    """The leader assigns, the specialist proposes with the result file, the leader approves."""
    page = _page(task_id)
    leader, specialist = client_for(f"leader.{agency}"), client_for(f"specialist.{agency}")
    assert submit(leader, page, f"{page}/phan-cong").status_code == 302
    proposed = submit(
        specialist,
        page,
        f"{page}/trinh-ket-qua",
        {"propose-note": "Đủ điều kiện.", "propose-result_file": (io.BytesIO(PDF), "kq.pdf")},
    )
    assert proposed.status_code == 302, text_of(proposed)
    assert submit(leader, page, f"{page}/phe-duyet").status_code == 302


def test_in_a_parallel_stage_each_agency_sees_only_its_own_task(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.parallel_stage(clock)
    police, insurance = built.task("congan"), built.task("bhxh")
    police_list = text_of(client_for("leader.congan").get("/xu-ly"))
    insurance_list = text_of(client_for("leader.bhxh").get("/xu-ly"))
    assert _page(police.id) in police_list and _page(insurance.id) not in police_list
    assert _page(insurance.id) in insurance_list and _page(police.id) not in insurance_list
    assert client_for("leader.congan").get(_page(insurance.id)).status_code == 404
    assert client_for("specialist.bhxh").get(_page(police.id)).status_code == 404

    # the leader assigns from the list and comes back to it
    assigned = submit(client_for("leader.congan"), "/xu-ly", f"{_page(police.id)}/phan-cong")
    assert assigned.headers["Location"].endswith("/xu-ly")
    assert _task(police.id).assignee_id == actor("specialist.congan").user_id
    assert _page(police.id) in text_of(client_for("specialist.congan").get("/xu-ly"))
    assert _task(insurance.id).state is TaskState.PENDING


def test_a_specialist_sees_his_tasks_by_due_date_with_badges_and_counts(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    def assigned(code: str, received: tuple[int, int, int, int, int]) -> int:
        clock.set(local(*received))
        built = scenarios.dispatched(clock, code)
        task = built.tasks()[0]
        scenarios.work_step(clock, task, "px_quynhon", until=TaskState.IN_PROGRESS)
        return task.id

    overdue = assigned("2.000815", (2026, 2, 26, 8, 0))  # same day: due Thu 26/2 17:00
    later = assigned("1.000894", (2026, 3, 2, 8, 0))  # 5 WD: due Mon 9/3 08:00
    soon = assigned(scenarios.PARALLEL, (2026, 3, 2, 8, 30))  # 1 WD step: due Tue 3/3 08:30
    today = assigned("1.001193", (2026, 3, 2, 8, 0))  # same day: due Mon 2/3 17:00
    clock.set(local(2026, 3, 2, 10, 0))

    html = text_of(client_for("specialist.px_quynhon").get("/xu-ly"))

    table = html[html.index("<table") : html.index("</table>")]
    order = sorted((overdue, today, soon, later), key=lambda task_id: table.index(_page(task_id)))
    assert order == [overdue, today, soon, later]
    rows = {
        task_id: next(r for r in table.split("<tr")[1:] if _page(task_id) in r) for task_id in order
    }
    assert "Quá hạn" in rows[overdue]
    assert "Đến hạn hôm nay" in rows[today]
    assert "Còn dưới 1 ngày làm việc" in rows[soon]
    assert "Trong hạn" in rows[later]
    for key in ("overdue", "today", "soon"):
        assert f'data-urgency="{key}">1<' in html
    # another specialist's work is not in this list
    assert "Công việc của tôi" in html


def test_a_proposal_carries_the_result_file_and_approval_finishes_early(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.dispatched(clock)  # 1.000894, due Mon 9/3
    task = built.tasks()[0]
    scenarios.work_step(clock, task, "px_quynhon", until=TaskState.IN_PROGRESS)
    page = _page(task.id)
    specialist = client_for("specialist.px_quynhon")

    no_file = submit(specialist, page, f"{page}/trinh-ket-qua", {"propose-note": "Đủ điều kiện."})
    assert no_file.status_code == 422
    assert "Vui lòng đính kèm văn bản kết quả." in text_of(no_file)

    proposed = submit(
        specialist,
        page,
        f"{page}/trinh-ket-qua",
        {
            "propose-note": "Đủ điều kiện cấp giấy chứng nhận kết hôn.",
            "propose-result_file": (io.BytesIO(PDF), "giấy chứng nhận kết hôn.pdf"),
        },
    )
    assert proposed.status_code == 302
    assert _task(task.id).state is TaskState.AWAITING_APPROVAL
    result = db.session.scalars(select(DossierFile).where(DossierFile.kind == "draft")).one()
    assert result.original_name == "giấy chứng nhận kết hôn.pdf"
    assert result.task_id == task.id and result.result_code is None  # a draft, not a result

    leader = client_for("leader.px_quynhon")
    leader_page = text_of(leader.get(page))
    assert "giấy chứng nhận kết hôn.pdf" in leader_page
    assert f"{page}/phe-duyet" in leader_page
    assert f"{page}/phe-duyet" not in text_of(specialist.get(page))

    approved = submit(leader, page, f"{page}/phe-duyet")
    assert approved.status_code == 302
    assert fresh(built.dossier_id).state is DossierState.RESULT_READY
    # The approved draft of the only step is released as the result, coded <code>-KQ1.
    assert (
        db.session.get(DossierFile, result.id).result_code == f"{fresh(built.dossier_id).code}-KQ1"
    )
    early = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.dossier_id == built.dossier_id, OutboxMessage.channel == "email"
        )
    ).all()
    assert any("sớm hơn ngày hẹn" in message.body for message in early)


def test_the_leader_sends_back_with_a_note_or_denies_with_reasons(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.dispatched(clock)
    task = built.tasks()[0]
    scenarios.work_step(clock, task, "px_quynhon", until=TaskState.AWAITING_APPROVAL)
    page = _page(task.id)
    leader = client_for("leader.px_quynhon")

    sent_back = submit(
        leader, page, f"{page}/tra-lai", {"send_back-note": "Bổ sung căn cứ pháp lý."}
    )
    assert sent_back.status_code == 302
    assert _task(task.id).state is TaskState.IN_PROGRESS
    assert "Bổ sung căn cứ pháp lý." in text_of(client_for("specialist.px_quynhon").get(page))

    denied = submit(
        leader, page, f"{page}/tu-choi-giai-quyet", {"deny-reason": "Một bên đang có vợ."}
    )
    assert denied.status_code == 302
    dossier = fresh(built.dossier_id)
    assert dossier.state is DossierState.RESULT_READY and dossier.outcome == "denied"
    assert "Từ chối giải quyết" in text_of(
        client_for("reception.px_quynhon").get("/mot-cua/tra-ket-qua")
    )


def test_a_sequential_route_hands_over_from_agency_to_agency(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.dispatched(clock, scenarios.SEQUENTIAL, desk="reception.ttpvhcc")
    first = built.task("vpdkdd", stage=1)
    assert _page(first.id) not in text_of(client_for("leader.thue").get("/xu-ly"))

    _work_via_web(client_for, "vpdkdd", first.id)
    tax = built.task("thue")
    assert tax.state is TaskState.PENDING
    assert _page(tax.id) in text_of(client_for("leader.thue").get("/xu-ly"))
    assert _page(tax.id) not in text_of(client_for("leader.vpdkdd").get("/xu-ly"))
    assert client_for("leader.vpdkdd").get(_page(tax.id)).status_code == 404

    _work_via_web(client_for, "thue", tax.id)
    last = built.task("vpdkdd", stage=3)
    assert _page(last.id) in text_of(client_for("leader.vpdkdd").get("/xu-ly"))
    _work_via_web(client_for, "vpdkdd", last.id)

    dossier = fresh(built.dossier_id)
    assert dossier.state is DossierState.RESULT_READY and dossier.outcome == "approved"
    assert [t.state for t in dossier.tasks] == [TaskState.DONE] * 3


def test_a_page_left_open_loses_to_the_other_leader_with_a_clear_409(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    create_user(
        "leader2.congan",
        "password-123",
        "Phó trưởng phòng Cảnh sát QLHC",
        Role.LEADER,
        agency_key="congan",
    )
    built = scenarios.parallel_stage(clock)
    task = built.task("congan")
    scenarios.work_step(clock, task, "congan", until=TaskState.AWAITING_APPROVAL)
    page = _page(task.id)
    mine, theirs = client_for("leader.congan"), client_for("leader2.congan")
    stale_page = text_of(mine.get(page))
    assert f"{page}/phe-duyet" in stale_page

    clock.set(local(2026, 3, 2, 10, 15))
    assert (
        submit(
            theirs, page, f"{page}/tra-lai", {"send_back-note": "Kiểm tra lại địa chỉ."}
        ).status_code
        == 302
    )
    token = re.search(r'name="csrf_token" value="([^"]+)"', stale_page)
    version = re.search(r'name="approve-version" value="(\d+)"', stale_page)
    assert token and version
    lost = mine.post(
        f"{page}/phe-duyet",
        data={"csrf_token": token.group(1), "approve-version": version.group(1)},
    )

    assert lost.status_code == 409
    assert (
        "Nhiệm vụ xử lý đã được Phó trưởng phòng Cảnh sát QLHC cập nhật lúc 10:15 02/03/2026"
        in text_of(lost)
    )
    assert "Tải lại trang" in text_of(lost)
    assert _task(task.id).state is TaskState.IN_PROGRESS
    approvals = db.session.scalars(
        select(DossierEvent).where(
            DossierEvent.trigger == "task.approve", DossierEvent.task_id == task.id
        )
    ).all()
    assert approvals == []


def test_paper_dispatched_after_three_pm_reaches_the_agency_next_morning(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    clock.set(local(2026, 3, 2, 15, 30))
    built = scenarios.dispatched(clock)
    task = built.tasks()[0]
    leader = client_for("leader.px_quynhon")
    assert _page(task.id) not in text_of(leader.get("/xu-ly"))
    waiting = text_of(leader.get(_page(task.id)))
    assert "được chuyển đến cơ quan lúc 07:00 03/03/2026" in waiting
    assert f"{_page(task.id)}/phan-cong" not in waiting

    clock.set(local(2026, 3, 3, 7, 0))
    assert _page(task.id) in text_of(leader.get("/xu-ly"))
    assert submit(leader, _page(task.id), f"{_page(task.id)}/phan-cong").status_code == 302
