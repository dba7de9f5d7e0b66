"""Forms that do not trap a tired officer: the return form starts on the delivery the
applicant chose, the assignment list shows each officer's load and leaves the leaders out
unless the province lets them take steps, and a final act asks once before it happens."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from tests.services.support import actor, counter_receipt, dossier_version, procedure_id
from tests.web.officer import scenarios
from tests.web.officer.conftest import (
    Clients,
    Clock,
    form_for,
    forms_in,
    fresh,
    submit,
    text_of,
)
from tests.web.officer.scenarios import Built
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.extensions import db
from vpub_onestop.models import DossierEvent, User
from vpub_onestop.services import reception

DESK = "reception.px_quynhon"


def _ready_with_delivery(clock: Clock, delivery: str) -> Built:
    """A file received at the counter with the applicant's chosen delivery, worked by the
    commune and back at the desk with its result."""
    desk = actor(DESK)
    dossier = counter_receipt(
        desk, procedure_id(scenarios.SIMPLE), result_delivery=delivery, now=clock.now
    )
    reception.dispatch_dossier(
        desk,
        dossier.id,
        now=clock.advance(minutes=5),
        expected_version=dossier_version(dossier.id),
    )
    built = Built(dossier.id)
    scenarios.work_step(clock, built.tasks()[0], "px_quynhon")
    return built


@pytest.mark.parametrize("delivery", ["online", "post", "counter"])
def test_the_return_form_starts_on_the_delivery_the_applicant_chose(
    officer_app: Flask, client_for: Clients, clock: Clock, delivery: str
) -> None:
    built = _ready_with_delivery(clock, delivery)
    page = f"/mot-cua/ho-so/{built.dossier_id}"
    fields = form_for(text_of(client_for(DESK).get(page)), f"{page}/tra-ket-qua")
    assert fields is not None
    # The only ticked radio button is the applicant's choice.
    assert fields["return_result-method"] == delivery


def test_an_online_result_goes_out_online_when_the_officer_just_confirms(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = _ready_with_delivery(clock, "online")
    page = f"/mot-cua/ho-so/{built.dossier_id}"
    returned = submit(client_for(DESK), page, f"{page}/tra-ket-qua")
    assert returned.status_code == 302
    dossier = fresh(built.dossier_id)
    assert dossier.state is DossierState.RETURNED
    event = db.session.scalars(
        select(DossierEvent).where(
            DossierEvent.dossier_id == built.dossier_id, DossierEvent.trigger == "return_result"
        )
    ).one()
    assert event.data["result_codes"] == [f"{dossier.code}-KQ1"]  # the electronic result


def test_a_final_act_asks_once_and_keeps_what_the_officer_typed(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.submitted_online(clock)
    desk = client_for(DESK)
    page = f"/mot-cua/kiem-tra/{built.dossier_id}"
    action = f"/mot-cua/ho-so/{built.dossier_id}/tu-choi"
    fields = form_for(text_of(desk.get(page)), action)
    assert fields is not None
    fields["refuse-reason"] = "Thủ tục không thuộc thẩm quyền của xã."

    asked = desk.post(action, data=fields, content_type="multipart/form-data")
    html = text_of(asked)
    assert asked.status_code == 200
    assert "Xác nhận «Từ chối tiếp nhận»? Thao tác này không thể hoàn tác." in html
    assert fresh(built.dossier_id).state is DossierState.SUBMITTED  # nothing happened yet
    again = form_for(html, action)
    assert again is not None
    assert again["refuse-reason"] == "Thủ tục không thuộc thẩm quyền của xã."
    assert again["xac-nhan"] == "1"
    # The confirm button is a plain submit button and has the focus: Enter confirms,
    # with no script; "Không, quay lại" leaves the file as it was.
    assert re.search(r'<button type="submit"[^>]*autofocus>Xác nhận: Từ chối tiếp nhận<', html)
    assert f'href="/mot-cua/ho-so/{built.dossier_id}">Không, quay lại<' in html

    confirmed = desk.post(action, data=again, content_type="multipart/form-data")
    assert confirmed.status_code == 302
    assert fresh(built.dossier_id).state is DossierState.REFUSED


def test_the_agency_leader_is_asked_before_denying(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    built = scenarios.dispatched(clock)
    task = built.tasks()[0]
    scenarios.work_step(clock, task, "px_quynhon", until=TaskState.AWAITING_APPROVAL)
    leader = client_for("leader.px_quynhon")
    page = f"/xu-ly/nhiem-vu/{task.id}"
    fields = form_for(text_of(leader.get(page)), f"{page}/tu-choi-giai-quyet")
    assert fields is not None
    fields["deny-reason"] = "Một bên chưa đủ tuổi kết hôn."
    asked = leader.post(
        f"{page}/tu-choi-giai-quyet", data=fields, content_type="multipart/form-data"
    )
    assert asked.status_code == 200
    assert "Xác nhận «Từ chối giải quyết»?" in text_of(asked)
    assert built.tasks()[0].state is TaskState.AWAITING_APPROVAL  # nothing happened yet

    denied = submit(
        leader, page, f"{page}/tu-choi-giai-quyet", {"deny-reason": "Một bên chưa đủ tuổi."}
    )
    assert denied.status_code == 302
    assert built.tasks()[0].state is TaskState.DENIED


def test_an_everyday_act_is_not_asked_about(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    """Receiving a complete file is the desk's daily routine, not a final act: one press."""
    built = scenarios.submitted_online(clock)
    desk = client_for(DESK)
    page = f"/mot-cua/kiem-tra/{built.dossier_id}"
    action = f"/mot-cua/ho-so/{built.dossier_id}/tiep-nhan"
    fields = form_for(text_of(desk.get(page)), action)
    assert fields is not None
    answer = desk.post(action, data=fields, content_type="multipart/form-data")
    assert answer.status_code == 302
    assert fresh(built.dossier_id).state is DossierState.RECEIVED


def _name(username: str) -> str:
    user_id = actor(username).user_id
    return db.session.scalars(select(User.full_name).where(User.id == user_id)).one()


def test_the_assignment_list_shows_each_specialists_load_and_no_leader(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    # Two steps in the specialist's hands, received 2/3 and 3/3 (5 working days each).
    first = scenarios.dispatched(clock)
    scenarios.work_step(clock, first.tasks()[0], "px_quynhon", until=TaskState.IN_PROGRESS)
    clock.advance(days=1)
    second = scenarios.dispatched(clock)
    scenarios.work_step(clock, second.tasks()[0], "px_quynhon", until=TaskState.IN_PROGRESS)
    # Two hours after the first step's due moment (a morning, a working day later than the
    # second's receipt): the first is overdue, the second, due a day later, is not.
    clock.set(first.tasks()[0].due_at + timedelta(hours=2))
    assert clock.now < second.tasks()[0].due_at
    waiting = scenarios.dispatched(clock)  # a new step waiting to be assigned

    leader = client_for("leader.px_quynhon")
    html = text_of(leader.get("/xu-ly?loai=cho-phan-cong"))
    specialist = _name("specialist.px_quynhon")
    assert f"{specialist} — 2 đang xử lý, 1 quá hạn" in html
    choices = re.findall(r"<option [^>]*>([^<]*)</option>", html)
    assert choices and all(_name("leader.px_quynhon") not in choice for choice in choices)

    # A leader's id sent anyway (an old page, a forged request) is refused.
    page = f"/xu-ly/nhiem-vu/{waiting.tasks()[0].id}"
    refused = submit(
        leader,
        page,
        f"{page}/phan-cong",
        {"assign-assignee": str(actor("leader.px_quynhon").user_id)},
    )
    assert refused.status_code == 422
    assert waiting.tasks()[0].assignee_id is None


def test_a_province_may_let_leaders_take_steps(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    officer_app.config["ASSIGN_TO_LEADERS"] = True
    waiting = scenarios.dispatched(clock)
    leader = client_for("leader.px_quynhon")
    html = text_of(leader.get("/xu-ly?loai=cho-phan-cong"))
    assert f"{_name('leader.px_quynhon')} — 0 đang xử lý, 0 quá hạn" in html
    page = f"/xu-ly/nhiem-vu/{waiting.tasks()[0].id}"
    taken = submit(
        leader,
        page,
        f"{page}/phan-cong",
        {"assign-assignee": str(actor("leader.px_quynhon").user_id)},
    )
    assert taken.status_code == 302
    assert waiting.tasks()[0].assignee_id == actor("leader.px_quynhon").user_id


def test_every_action_is_a_native_control_the_keyboard_reaches(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    """Each act on the desk's and the agency's pages is a form with a real submit button
    (Tab reaches it, Enter presses it) inside a <summary>-opened card, never a script-only
    link or a control taken out of the tab order."""
    built = scenarios.result_ready(clock)
    pages = {
        DESK: f"/mot-cua/ho-so/{built.dossier_id}",
        "leader.px_quynhon": "/xu-ly?loai=cho-phan-cong",
    }
    for username, page in pages.items():
        html = text_of(client_for(username).get(page))
        assert forms_in(html), page
        assert not re.search(r'<(a|button|summary|input|select|textarea)[^>]*tabindex="-1"', html)
        assert "onclick" not in html
        for form in re.findall(r'<form method="post".*?</form>', html, flags=re.S):
            assert re.search(r'<button type="submit"', form), form[:200]
