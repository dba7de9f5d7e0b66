"""Every role × every action of the officer workspace.

For each action, the dossier (or task) is brought to the state where the action applies;
then every member of the cast opens the page that offers it: the button is there exactly
for the right role, unit or agency, and assignee. Everyone else's POST is refused (403 or
404) and changes nothing; each rightful officer's POST, on a fresh copy, is accepted.

Agency actions run on both demo inter-agency procedures: LT.KS-TT-BHYT, whose second stage
has the police and social insurance in parallel, and 1.012781, where the land office hands
over to the tax office and back.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from tests.services.support import actor, dossier_version
from tests.unit.calendar_fixture import build_calendar
from tests.web.officer import scenarios
from tests.web.officer.conftest import (
    Clients,
    Clock,
    confirm_if_asked,
    csrf_of,
    form_for,
    fresh,
    text_of,
)
from vpub_onestop.domain.deadlines import effective_start
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.extensions import db
from vpub_onestop.services import closing, supplements

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

CAST = (
    "citizen1",
    "reception.px_quynhon",
    "reception.ttpvhcc",
    "unit_head.px_quynhon",
    "unit_head.ttpvhcc",
    "specialist.px_quynhon",
    "leader.px_quynhon",
    "specialist.congan",
    "leader.congan",
    "specialist.bhxh",
    "leader.bhxh",
    "specialist.vpdkdd",
    "leader.vpdkdd",
    "specialist.thue",
    "leader.thue",
    "supervisor.ttpvhcc",
    "admin.ttpvhcc",
)
COMMUNE_DESK = frozenset({"reception.px_quynhon", "unit_head.px_quynhon"})


@dataclass(frozen=True)
class Target:
    dossier_id: int
    task_id: int | None = None


@dataclass(frozen=True)
class Case:
    setup: Callable[[Clock], Target]
    page: Callable[[Target], str]
    action: Callable[[Target], str]
    prefix: str
    allowed: frozenset[str]
    done: Callable[[Target], bool]
    fields: Callable[[], dict[str, Any]] = field(default=lambda: {})


def _state(target: Target) -> tuple[DossierState, int, TaskState | None]:
    dossier = fresh(target.dossier_id)
    task = next((t for t in dossier.tasks if t.id == target.task_id), None)
    return dossier.state, dossier.version, task.state if task else None


# --- the one-stop desk ---------------------------------------------------------------


def _dossier_page(target: Target) -> str:
    return f"/mot-cua/ho-so/{target.dossier_id}"


def _check_page(target: Target) -> str:
    return f"/mot-cua/kiem-tra/{target.dossier_id}"


def _desk_action(slug: str) -> Callable[[Target], str]:
    return lambda target: f"/mot-cua/ho-so/{target.dossier_id}/{slug}"


def _in_state(state: DossierState) -> Callable[[Target], bool]:
    return lambda target: fresh(target.dossier_id).state is state


def _submitted(clock: Clock) -> Target:
    return Target(scenarios.submitted_online(clock).dossier_id)


def _received(clock: Clock) -> Target:
    return Target(scenarios.received_at_counter(clock).dossier_id)


def _dispatched(clock: Clock) -> Target:
    return Target(scenarios.dispatched(clock).dossier_id)


def _assigned(clock: Clock) -> Target:
    built = scenarios.dispatched(clock)
    scenarios.work_step(clock, built.tasks()[0], "px_quynhon", until=TaskState.IN_PROGRESS)
    return Target(built.dossier_id)


def _waiting_for_papers(clock: Clock) -> Target:
    target = _assigned(clock)
    supplements.request_supplement(
        actor("specialist.px_quynhon"),
        target.dossier_id,
        "Thiếu tờ khai.",
        now=clock.now,
        expected_version=dossier_version(target.dossier_id),
    )
    return target


def _papers_overdue(clock: Clock) -> Target:
    """Waiting for papers past the supplement deadline of its Mẫu 02 (only then may the
    desk stop it): the clock moves to the next working morning after that deadline."""
    target = _waiting_for_papers(clock)
    deadline = supplements.pending_supplement_deadline(db.session(), fresh(target.dossier_id))
    assert deadline is not None
    opening = effective_start(build_calendar(), deadline + timedelta(minutes=1))
    clock.set(opening + timedelta(hours=1))
    return target


def _waiting_for_payment(clock: Clock) -> Target:
    target = _assigned(clock)
    closing.request_payment(
        actor("specialist.px_quynhon"),
        target.dossier_id,
        50000,
        "Lệ phí.",
        now=clock.now,
        expected_version=dossier_version(target.dossier_id),
    )
    return target


def _ready(clock: Clock) -> Target:
    return Target(scenarios.result_ready(clock).dossier_id)


def _withdrawing(clock: Clock) -> Target:
    target = _dispatched(clock)
    closing.request_withdrawal(
        actor("reception.px_quynhon"),
        target.dossier_id,
        "Công dân xin rút.",
        now=clock.now,
        expected_version=dossier_version(target.dossier_id),
    )
    return target


def _desk(
    setup: Callable[[Clock], Target],
    page: Callable[[Target], str],
    slug: str,
    prefix: str,
    state: DossierState,
    fields: dict[str, Any] | None = None,
) -> Case:
    return Case(
        setup=setup,
        page=page,
        action=_desk_action(slug),
        prefix=prefix,
        allowed=COMMUNE_DESK,
        done=_in_state(state),
        fields=lambda: {f"{prefix}-{key}": value for key, value in (fields or {}).items()},
    )


DESK_CASES = {
    "receive": _desk(_submitted, _check_page, "tiep-nhan", "receive", DossierState.RECEIVED),
    "refuse": _desk(
        _submitted,
        _check_page,
        "tu-choi",
        "refuse",
        DossierState.REFUSED,
        {"reason": "Không thuộc thẩm quyền giải quyết."},
    ),
    "return_for_completion": _desk(
        _submitted,
        _check_page,
        "yeu-cau-hoan-thien",
        "rfc",
        DossierState.DRAFT,
        {"note": "Bổ sung giấy xác nhận tình trạng hôn nhân."},
    ),
    "dispatch": _desk(
        _received, _dossier_page, "chuyen-xu-ly", "dispatch", DossierState.PROCESSING
    ),
    "supply_supplement": _desk(
        _waiting_for_papers,
        _dossier_page,
        "nhan-bo-sung",
        "supply_supplement",
        DossierState.PROCESSING,
    ),
    "close_unsupplemented": _desk(
        _papers_overdue,
        _dossier_page,
        "dung-xu-ly",
        "close_unsupplemented",
        DossierState.STOPPED,
        {"reason": "Quá hạn bổ sung mà không bổ sung."},
    ),
    "confirm_payment": _desk(
        _waiting_for_payment,
        _dossier_page,
        "xac-nhan-nop-phi",
        "confirm_payment",
        DossierState.PROCESSING,
        {"receipt_number": "0004567"},
    ),
    "return_result": _desk(
        _ready,
        _dossier_page,
        "tra-ket-qua",
        "return_result",
        DossierState.RETURNED,
        {"method": "online"},
    ),
    "request_withdrawal": _desk(
        _dispatched,
        _dossier_page,
        "rut-ho-so",
        "request_withdrawal",
        DossierState.WITHDRAWAL_REQUESTED,
        {"reason": "Công dân xin rút hồ sơ."},
    ),
    "confirm_withdrawal": _desk(
        _withdrawing,
        _dossier_page,
        "xac-nhan-rut-ho-so",
        "confirm_withdrawal",
        DossierState.STOPPED,
    ),
}


# --- the agencies ----------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    code: str
    desk: str
    before: tuple[tuple[str, int], ...]  # steps done before the agency's turn
    agency: str


ROUTES = {
    "song-song": Route(scenarios.PARALLEL, "reception.px_quynhon", (("px_quynhon", 1),), "congan"),
    "tuan-tu": Route(scenarios.SEQUENTIAL, "reception.ttpvhcc", (("vpdkdd", 1),), "thue"),
}


def _task_at(route: Route, until: TaskState) -> Callable[[Clock], Target]:
    def setup(clock: Clock) -> Target:
        built = scenarios.dispatched(clock, route.code, desk=route.desk)
        for agency, stage in route.before:
            scenarios.work_step(clock, built.task(agency, stage), agency)
        task = built.task(route.agency)
        if until is not TaskState.PENDING:
            scenarios.work_step(clock, task, route.agency, until=until)
        return Target(built.dossier_id, task.id)

    return setup


def _task_page(target: Target) -> str:
    return f"/xu-ly/nhiem-vu/{target.task_id}"


def _task_in(state: TaskState) -> Callable[[Target], bool]:
    return lambda target: _state(target)[2] is state


def _work_cases(route: Route) -> dict[str, Case]:
    leader, specialist = f"leader.{route.agency}", f"specialist.{route.agency}"

    def case(
        until: TaskState,
        slug: str,
        prefix: str,
        allowed: set[str],
        done: Callable[[Target], bool],
        fields: Callable[[], dict[str, Any]],
    ) -> Case:
        return Case(
            setup=_task_at(route, until),
            page=_task_page,
            action=lambda target: f"/xu-ly/nhiem-vu/{target.task_id}/{slug}",
            prefix=prefix,
            allowed=frozenset(allowed),
            done=done,
            fields=fields,
        )

    def reassigned(target: Target) -> bool:
        task = next(t for t in fresh(target.dossier_id).tasks if t.id == target.task_id)
        return task.assignee_id == actor(leader).user_id

    return {
        "assign": case(
            TaskState.PENDING,
            "phan-cong",
            "assign",
            {leader},
            _task_in(TaskState.IN_PROGRESS),
            lambda: {"assign-assignee": str(actor(specialist).user_id)},
        ),
        "reassign": case(
            TaskState.IN_PROGRESS,
            "phan-cong",
            "assign",
            {leader},
            reassigned,
            lambda: {"assign-assignee": str(actor(leader).user_id)},
        ),
        "propose": case(
            TaskState.IN_PROGRESS,
            "trinh-ket-qua",
            "propose",
            {specialist},
            _task_in(TaskState.AWAITING_APPROVAL),
            lambda: {
                "propose-note": "Đủ điều kiện.",
                "propose-result_file": (io.BytesIO(PDF), "ket-qua.pdf"),
            },
        ),
        "approve": case(
            TaskState.AWAITING_APPROVAL,
            "phe-duyet",
            "approve",
            {leader},
            _task_in(TaskState.DONE),
            dict,
        ),
        "send_back": case(
            TaskState.AWAITING_APPROVAL,
            "tra-lai",
            "send_back",
            {leader},
            _task_in(TaskState.IN_PROGRESS),
            lambda: {"send_back-note": "Xem lại địa chỉ thường trú."},
        ),
        "deny": case(
            TaskState.IN_PROGRESS,
            "tu-choi-giai-quyet",
            "deny",
            {leader, specialist},
            _task_in(TaskState.DENIED),
            lambda: {"deny-reason": "Không đủ điều kiện theo luật."},
        ),
        "request_supplement": case(
            TaskState.IN_PROGRESS,
            "yeu-cau-bo-sung",
            "request_supplement",
            {leader, specialist},
            _in_state(DossierState.SUPPLEMENT_REQUESTED),
            lambda: {
                "request_supplement-items": "Tờ khai: thiếu chữ ký",
                "request_supplement-reason": "Tờ khai chưa có chữ ký của người khai.",
            },
        ),
        "request_payment": case(
            TaskState.IN_PROGRESS,
            "yeu-cau-nop-phi",
            "request_payment",
            {leader, specialist},
            _in_state(DossierState.AWAITING_PAYMENT),
            lambda: {"request_payment-amount_vnd": "120000"},
        ),
        "apologise": case(
            TaskState.IN_PROGRESS,
            "xin-loi",
            "apologise",
            {leader},
            lambda target: fresh(target.dossier_id).apologised_at is not None,
            lambda: {
                "apologise-reason": "Chờ xác minh với cơ quan khác.",
                "apologise-new_date": "2026-03-20",
            },
        ),
    }


CASES = [pytest.param(case, id=f"mot-cua-{name}") for name, case in DESK_CASES.items()] + [
    pytest.param(case, id=f"{route_name}-{name}")
    for route_name, route in ROUTES.items()
    for name, case in _work_cases(route).items()
]


@pytest.mark.parametrize("case", CASES)
def test_each_action_is_offered_to_and_accepted_from_exactly_the_right_officers(
    officer_app: Flask, client_for: Clients, clock: Clock, case: Case
) -> None:
    # The reassign case hands the step to the leader himself: a province that lets leaders
    # take steps (docs/policies.md#assign-to-leaders).
    officer_app.config["ASSIGN_TO_LEADERS"] = True
    target = case.setup(clock)
    page, action = case.page(target), case.action(target)
    before = _state(target)
    offered_to = set()
    tokens: dict[str, str] = {}
    for username in CAST:
        client = client_for(username)
        shown = client.get(page)
        if shown.status_code == 200 and form_for(text_of(shown), action) is not None:
            offered_to.add(username)
        if username in case.allowed:
            continue
        token = tokens.setdefault(username, csrf_of(client))
        data = {"csrf_token": token, f"{case.prefix}-version": str(before[1])}
        if case.prefix in ("assign", "propose", "approve", "send_back", "deny"):
            data[f"{case.prefix}-version"] = str(_task_version(target))
        data.update(case.fields())
        refused = client.post(action, data=data, content_type="multipart/form-data")
        assert refused.status_code in (403, 404), (username, refused.status_code)
        assert _state(target) == before, username

    assert offered_to == case.allowed

    for username in sorted(case.allowed):
        fresh_target = case.setup(clock)
        client = client_for(username)
        data = form_for(text_of(client.get(case.page(fresh_target))), case.action(fresh_target))
        assert data is not None
        data.update(case.fields())
        accepted = confirm_if_asked(
            client,
            client.post(case.action(fresh_target), data=data, content_type="multipart/form-data"),
            case.action(fresh_target),
            data,
        )
        assert accepted.status_code == 302, (username, text_of(accepted)[:500])
        assert case.done(fresh_target), username


def _task_version(target: Target) -> int:
    task = next(t for t in fresh(target.dossier_id).tasks if t.id == target.task_id)
    return task.version
