"""Agency work through the API: a leader's and a specialist's tokens do on a step what the
task page `/xu-ly/nhiem-vu/<id>` lets them do, with its refusals (404 outside the agency,
428 without a version, 409 naming who changed the step, 403 for an act not offered, 422
naming the field), and the acts on the dossier through the one-stop unit carry the
dossier's version."""

from __future__ import annotations

import base64
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Clock
from tests.services.support import PDF, actor, fresh
from tests.web.api.conftest import Tokens, bearer, problem
from tests.web.officer import scenarios
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier

PDF_JSON = {"filename": "du-thao-ket-qua.pdf", "content_base64": base64.b64encode(PDF).decode()}


class Step:
    """One step of a dossier as an officer's token sees and acts on it."""

    def __init__(self, api: FlaskClient, token: str, code: str) -> None:
        self.api, self.headers, self.code = api, bearer(token), code

    def dossier(self) -> dict[str, Any]:
        answer = self.api.get(f"/api/v1/dossiers/{self.code}", headers=self.headers)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        return answer.get_json()  # type: ignore[no-any-return]

    def only_step(self) -> dict[str, Any]:
        (step,) = self.dossier()["steps"]
        return step  # type: ignore[no-any-return]

    def act(self, trigger: str, **body: Any) -> Any:
        return self.api.post(
            f"/api/v1/dossiers/{self.code}/transitions",
            json={"trigger": trigger, **body},
            headers=self.headers,
        )


def _stored(dossier_id: int) -> Dossier:
    """The dossier as the database holds it now (the API's requests ran in their own
    sessions: end this one's read first)."""
    db.session.rollback()
    return fresh(dossier_id)


def _dispatched(clock: Clock) -> tuple[int, str, int]:
    """Marriage registration (1.000894) received and dispatched at Quy Nhơn's commune
    centre: its one step is at the commune's own office, pending."""
    built = scenarios.dispatched(clock)
    task = built.tasks()[0]
    return built.dossier_id, str(fresh(built.dossier_id).code), task.id


def test_a_step_is_assigned_proposed_sent_back_and_approved_through_the_api(
    api_app: Flask, api: FlaskClient, token_for: Tokens, frozen_clock: Clock
) -> None:
    dossier_id, code, task_id = _dispatched(frozen_clock)
    leader = Step(api, token_for("leader.px_quynhon"), code)
    specialist = Step(api, token_for("specialist.px_quynhon"), code)

    step = leader.only_step()
    assert (step["task_id"], step["state"]) == (task_id, "pending")
    assert "assign" in step["actions"]
    # The commune's specialist opens his office's step, as its page, with no act to take.
    assert specialist.only_step()["actions"] == []

    assigned = leader.act(
        "assign",
        task_id=task_id,
        expected_version=step["version"],
        assignee_id=actor("specialist.px_quynhon").user_id,
    )
    assert assigned.status_code == 200, assigned.get_data(as_text=True)
    (after_assign,) = assigned.get_json()["steps"]
    assert after_assign["state"] == "in_progress"
    assert after_assign["assignee_name"] == _stored(dossier_id).tasks[0].assignee.full_name

    mine = specialist.only_step()
    assert "propose" in mine["actions"] and "approve" not in mine["actions"]
    proposed = specialist.act(
        "propose",
        task_id=task_id,
        expected_version=mine["version"],
        note="Đủ điều kiện đăng ký kết hôn.",
        result_file=PDF_JSON,
    )
    assert proposed.status_code == 200, proposed.get_data(as_text=True)
    assert specialist.only_step()["state"] == "awaiting_approval"

    sent_back = leader.act(
        "send_back",
        task_id=task_id,
        expected_version=leader.only_step()["version"],
        note="Ghi rõ căn cứ pháp lý trong dự thảo.",
    )
    assert sent_back.status_code == 200
    assert leader.only_step()["state"] == "in_progress"

    specialist.act(
        "propose",
        task_id=task_id,
        expected_version=specialist.only_step()["version"],
        note="Đã bổ sung căn cứ pháp lý.",
        result_file=PDF_JSON,
    )
    approved = leader.act(
        "approve", task_id=task_id, expected_version=leader.only_step()["version"]
    )
    assert approved.status_code == 200, approved.get_data(as_text=True)
    # The only step approved: the result goes back to the one-stop unit to be returned.
    body = approved.get_json()
    assert body["state"] == DossierState.RESULT_READY.value
    assert body["steps"][0]["state"] == TaskState.DONE.value and body["steps"][0]["actions"] == []
    assert _stored(dossier_id).state is DossierState.RESULT_READY


def test_a_step_act_is_refused_as_the_task_page_refuses_it(
    api_app: Flask, api: FlaskClient, token_for: Tokens, frozen_clock: Clock
) -> None:
    dossier_id, code, task_id = _dispatched(frozen_clock)
    _, other_code, other_task = _dispatched(frozen_clock)
    leader = Step(api, token_for("leader.px_quynhon"), code)
    version = leader.only_step()["version"]
    assign = {"task_id": task_id, "assignee_id": actor("specialist.px_quynhon").user_id}

    # Another agency's officers are told the step does not exist, as its page tells them;
    # a step of another dossier named under this code neither.
    for outsider in ("leader.congan", "specialist.bhxh"):
        refused = Step(api, token_for(outsider), code).act(
            "assign", expected_version=version, **assign
        )
        problem(refused, 404)
    problem(
        leader.act("assign", expected_version=version, **{**assign, "task_id": other_task}), 404
    )
    assert (
        Step(api, token_for("leader.px_quynhon"), other_code).only_step()["task_id"] == other_task
    )

    # No version: 428, nothing done. A body that misses what the act needs: 422 naming it.
    missing = problem(leader.act("assign", **assign), 428)
    assert missing["type"].endswith("version-required")
    named = problem(leader.act("assign", expected_version=version), 422)
    assert {e["field"] for e in named["errors"]} == {"task_id", "assignee_id"}
    # An assignee from another agency is the service's rule, named as the page names it.
    stranger = {**assign, "assignee_id": actor("specialist.congan").user_id}
    wrong = problem(leader.act("assign", expected_version=version, **stranger), 422)
    assert [e["field"] for e in wrong["errors"]] == ["assignee_id"]
    # The specialist may not assign or approve: the page offers him neither (403).
    specialist = Step(api, token_for("specialist.px_quynhon"), code)
    problem(specialist.act("assign", expected_version=version, **assign), 403)
    assert _stored(dossier_id).tasks[0].state is TaskState.PENDING

    assert leader.act("assign", expected_version=version, **assign).status_code == 200
    problem(specialist.act("approve", task_id=task_id, expected_version=version + 1), 403)
    # The leader's second request on the page he read before: one winner, and the 409
    # names who changed the step (himself, in another window) so he reloads.
    stale = problem(
        leader.act("deny", task_id=task_id, expected_version=version, note="x" * 9), 409
    )
    assert stale["changed_by"] == "Cán bộ leader.px_quynhon"
    assert stale["current_version"] == leader.only_step()["version"]
    assert _stored(dossier_id).tasks[0].state is TaskState.IN_PROGRESS

    current = specialist.only_step()["version"]
    no_file = problem(specialist.act("propose", task_id=task_id, expected_version=current), 422)
    assert {e["field"] for e in no_file["errors"]} == {"note", "result_file"}
    garbled = {"filename": "kq.pdf", "content_base64": "không phải base64"}
    bad = problem(
        specialist.act(
            "propose", task_id=task_id, expected_version=current, note="Đủ.", result_file=garbled
        ),
        422,
    )
    assert [e["field"] for e in bad["errors"]] == ["result_file"]
    # A denial needs its reason (at least 5 characters), as the page's form does.
    short = problem(leader.act("deny", task_id=task_id, expected_version=current, note="Sai"), 422)
    assert [e["field"] for e in short["errors"]] == ["note"]
    assert _stored(dossier_id).tasks[0].state is TaskState.IN_PROGRESS


def test_a_system_client_does_not_act_on_steps(
    api_app: Flask, api: FlaskClient, frozen_clock: Clock
) -> None:
    from tests.web.api.test_catalogue_and_clients import _system_token

    _, code, task_id = _dispatched(frozen_clock)
    token = _system_token(api_app, "dossiers:read", "dossiers:write", agency="px_quynhon")
    refused = Step(api, token, code).act("approve", task_id=task_id, expected_version=1)
    problem(refused, 403)
    assert Step(api, token, code).dossier()["steps"] == []


def test_acts_on_the_dossier_from_a_step_carry_the_dossiers_version(
    api_app: Flask, api: FlaskClient, token_for: Tokens, frozen_clock: Clock
) -> None:
    dossier_id, code, task_id = _dispatched(frozen_clock)
    task = fresh(dossier_id).tasks[0]
    scenarios.work_step(frozen_clock, task, "px_quynhon", until=TaskState.IN_PROGRESS)
    leader = Step(api, token_for("leader.px_quynhon"), code)
    specialist = Step(api, token_for("specialist.px_quynhon"), code)
    step = specialist.only_step()
    assert step["actions"][-2:] == ["request_supplement", "request_payment"]
    assert "apologise" in leader.only_step()["actions"]  # Mẫu 04 is the leader's
    problem(
        specialist.act(
            "apologise",
            task_id=task_id,
            expected_version=specialist.dossier()["version"],
            note="Chờ xác minh.",
            new_date="2026-03-10",
        ),
        403,
    )

    dossier_version = specialist.dossier()["version"]
    payment = problem(
        specialist.act(
            "request_payment", task_id=task_id, expected_version=dossier_version, amount_vnd=0
        ),
        422,
    )
    assert [e["field"] for e in payment["errors"]] == ["amount_vnd"]
    empty = problem(
        specialist.act(
            "request_supplement",
            task_id=task_id,
            expected_version=dossier_version,
            note="Thiếu giấy tờ.",
            items=[],
        ),
        422,
    )
    assert [e["field"] for e in empty["errors"]] == ["items"]

    # Monday 2/3 08:15, within the 3 working days after receipt: the first request is
    # free (Decree 61/2018 Art. 19(4)), no justification asked.
    asked = specialist.act(
        "request_supplement",
        task_id=task_id,
        expected_version=dossier_version,
        note="Giấy xác nhận tình trạng hôn nhân đã hết hạn.",
        items=[{"name": "Giấy xác nhận tình trạng hôn nhân", "reason": "Còn hạn sử dụng"}],
    )
    assert asked.status_code == 200, asked.get_data(as_text=True)
    assert asked.get_json()["state"] == DossierState.SUPPLEMENT_REQUESTED.value
    # The step's version did not move with the dossier's: sending it for a dossier act
    # is a stale dossier version.
    stale = problem(
        leader.act(
            "request_payment",
            task_id=task_id,
            expected_version=dossier_version,
            amount_vnd=50_000,
        ),
        409,
    )
    assert stale["changed_by"] == "Cán bộ specialist.px_quynhon"


def test_an_apology_keeps_the_appointments_hour_and_names_a_bad_day(
    api_app: Flask, api: FlaskClient, token_for: Tokens, frozen_clock: Clock
) -> None:
    dossier_id, code, task_id = _dispatched(frozen_clock)
    leader = Step(api, token_for("leader.px_quynhon"), code)
    dossier = leader.dossier()
    # Received Mon 2/3/2026 08:00, 5 working days: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 —
    # the appointment is Mon 9/3 at 08:00.
    assert dossier["appointment_at"] == "2026-03-09T08:00:00+07:00"
    earlier = problem(
        leader.act(
            "apologise",
            task_id=task_id,
            expected_version=dossier["version"],
            note="Chờ kết quả xác minh.",
            new_date="2026-03-06",
        ),
        422,
    )
    assert [e["field"] for e in earlier["errors"]] == ["new_date"]
    apologised = leader.act(
        "apologise",
        task_id=task_id,
        expected_version=dossier["version"],
        note="Chờ kết quả xác minh.",
        new_date="2026-03-10",
    )
    assert apologised.status_code == 200, apologised.get_data(as_text=True)
    # Tuesday 10/3, at the hour of the appointment it replaces.
    assert apologised.get_json()["appointment_at"] == "2026-03-10T08:00:00+07:00"
    assert _stored(dossier_id).apologised_at is not None
