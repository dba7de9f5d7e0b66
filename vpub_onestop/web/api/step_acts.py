"""Agency work through `POST /api/v1/dossiers/{code}/transitions` (docs/api.md#step-acts):
the acts the task page `/xu-ly/nhiem-vu/<id>` offers a specialist or a leader, named by
the step's `task_id`, checked by the page's own gate (web/task_gate.py) and done by the
page's services (services/processing.py, supplements.py, closing.py). Nothing here decides
a rule: the body is read into the arguments the page's form would have given.

`expected_version` is the step's `version` for the acts on the step, the dossier's for the
three acts on the dossier through the one-stop unit (supplement, payment, apology), as on
the page. Working files (`attach`) change no state and stay on the page.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from vpub_onestop import clock
from vpub_onestop.access.loading import load_task
from vpub_onestop.domain.errors import N_, NotFound, ValidationError
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.extensions import db
from vpub_onestop.queries.workspace import offered_on_task
from vpub_onestop.services import closing, processing, supplements
from vpub_onestop.services.counter import MAX_FEE_VND
from vpub_onestop.web.api.inputs import Fields
from vpub_onestop.web.task_gate import apology_moment, check_offered

INT_MAX = 2**31 - 1
ITEMS_MAX, ITEM_TEXT_MAX = 30, 300  # the page's item lines keep 300 characters each
FILENAME_MAX = 200
# What the services call a field, where the API's body calls it otherwise.
_API_NAMES = {"new_appointment": "new_date"}

# (actor, task, version, now) -> the service's call; made by reading the body first, so
# that a malformed body is answered (422) before anything is loaded.
Run = Callable[[Actor, Any, int, datetime], object]


def _assign(fields: Fields, note: str) -> Run:
    assignee = fields.integer("assignee_id", minimum=1, maximum=INT_MAX, required=True) or 0
    return lambda a, task, v, now: processing.assign_task(
        a, task.id, assignee, expected_version=v, now=now
    )


def _result_file(fields: Fields) -> tuple[str, bytes] | None:
    """The draft result document as JSON carries it: {"filename", "content_base64"}."""
    value = fields.source.get("result_file")
    if value is None:
        fields.fail("result_file", _l("Vui lòng đính kèm văn bản kết quả."))
        return None
    name = value.get("filename") if isinstance(value, dict) else None
    encoded = value.get("content_base64") if isinstance(value, dict) else None
    if not isinstance(name, str) or not name.strip() or len(name) > FILENAME_MAX:
        fields.fail("result_file", _l("Cần tên tệp (filename) và nội dung base64."))
        return None
    try:
        content = base64.b64decode(encoded if isinstance(encoded, str) else "", validate=True)
    except (binascii.Error, ValueError):
        content = b""
    if not content:
        fields.fail("result_file", _l("Nội dung tệp (content_base64) không hợp lệ."))
        return None
    return name.strip(), content


def _propose(fields: Fields, note: str) -> Run:
    if not note.strip():
        fields.fail("note", _l("Vui lòng ghi kết quả đề xuất."))
    result = _result_file(fields)
    return lambda a, task, v, now: processing.propose_result(
        a, task.id, note, result_file=result, expected_version=v, now=now
    )


def _approve(fields: Fields, note: str) -> Run:
    return lambda a, task, v, now: processing.approve_step(
        a, task.id, note=note or None, expected_version=v, now=now
    )


def _send_back(fields: Fields, note: str) -> Run:
    return lambda a, task, v, now: processing.send_back_step(
        a, task.id, note, expected_version=v, now=now
    )


def _deny(fields: Fields, note: str) -> Run:
    return lambda a, task, v, now: processing.deny_step(
        a, task.id, note, expected_version=v, now=now
    )


def _items(fields: Fields) -> list[dict[str, str]]:
    """The papers to bring, as the page's item lines give them (name, and why)."""
    value = fields.source.get("items")
    entries: list[Any] = value if isinstance(value, list) else []
    items = [
        {"name": e["name"].strip()[:ITEM_TEXT_MAX], "reason": e.get("reason", "")[:ITEM_TEXT_MAX]}
        for e in entries[:ITEMS_MAX]
        if isinstance(e, dict)
        and isinstance(e.get("name"), str)
        and e["name"].strip()
        and isinstance(e.get("reason", ""), str)
    ]
    if not items or len(items) != len(entries):
        fields.fail("items", _l('Liệt kê ít nhất một giấy tờ: [{"name": …, "reason": …}].'))
    return items


def _supplement(fields: Fields, note: str) -> Run:
    items = _items(fields)
    justification = fields.text("justification", 2000)
    return lambda a, task, v, now: supplements.request_supplement(
        a,
        task.dossier_id,
        note,
        items=items,
        justification=justification,
        expected_version=v,
        now=now,
    )


def _payment(fields: Fields, note: str) -> Run:
    amount = fields.integer("amount_vnd", minimum=1, maximum=MAX_FEE_VND, required=True) or 0
    return lambda a, task, v, now: closing.request_payment(
        a, task.dossier_id, amount, note or None, expected_version=v, now=now
    )


def _apologise(fields: Fields, note: str) -> Run:
    day = fields.day("new_date", required=True)
    return lambda a, task, v, now: closing.apologise(
        a,
        task.dossier_id,
        note,
        apology_moment(task.dossier, day, now) if day else now,
        expected_version=v,
        now=now,
    )


STEP_ACTS: dict[str, Callable[[Fields, str], Run]] = {
    "assign": _assign,
    "propose": _propose,
    "approve": _approve,
    "send_back": _send_back,
    "deny": _deny,
    "request_supplement": _supplement,
    "request_payment": _payment,
    "apologise": _apologise,
}


def act_on_step(
    actor: Actor, code: str, trigger: str, expected: int | None, fields: Fields, note: str
) -> None:
    """Read the act's fields (422 naming them), load the step as its page does (404 for a
    step outside the caller's agency or of another dossier), pass the page's gate (428,
    409, 403) and run the page's service (its rules answer 422)."""
    task_id = fields.integer("task_id", minimum=1, maximum=INT_MAX, required=True)
    run = STEP_ACTS[trigger](fields, note)
    fields.check()
    assert task_id is not None
    now = clock.now()
    task = load_task(db.session(), task_id, actor)
    if task.dossier.code != code:
        raise NotFound(N_("Không tìm thấy nhiệm vụ xử lý."))
    version = check_offered(task, trigger, expected, offered_on_task(actor, task, now))
    try:
        run(actor, task, version, now)
    except ValidationError as error:
        renamed = {_API_NAMES.get(k, k): m for k, m in error.field_errors.items()}
        raise ValidationError(error.message, renamed) from None
