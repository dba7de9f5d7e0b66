"""The two state machines, checked pair by pair against docs/domain.md#transitions, by hand.

The expectation tables below are typed from the brief, not read from the module, so a
slip in the module's table (a missing source, a wrong destination) makes a test fail.
"""

from __future__ import annotations

import copy
import gc
import itertools
from concurrent.futures import ThreadPoolExecutor
from enum import Enum

import pytest
from transitions import Machine

from vpub_onestop.domain import workflow
from vpub_onestop.domain.errors import TransitionNotAllowed
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.domain.workflow import (
    DOSSIER_TRIGGERS,
    TASK_TRIGGERS,
    Workflow,
    dossier_triggers_from,
    fire_dossier,
    fire_task,
    task_triggers_from,
    trigger_spec,
)

ALL_BUT_VOIDED = [
    "draft",
    "submitted",
    "received",
    "refused",
    "processing",
    "supplement_requested",
    "awaiting_payment",
    "withdrawal_requested",
    "stopped",
    "result_ready",
    "returned",
]

# (state, trigger) -> state after; every pair not listed must be refused.
EXPECTED_DOSSIER: dict[tuple[str, str], str] = {
    ("draft", "submit"): "submitted",
    ("draft", "receive_at_counter"): "received",
    ("submitted", "receive"): "received",
    ("submitted", "refuse"): "refused",
    ("submitted", "return_for_completion"): "draft",
    ("received", "dispatch"): "processing",
    ("processing", "request_supplement"): "supplement_requested",
    ("supplement_requested", "supply_supplement"): "processing",
    ("supplement_requested", "close_unsupplemented"): "stopped",
    ("processing", "request_payment"): "awaiting_payment",
    ("awaiting_payment", "confirm_payment"): "processing",
    ("processing", "apologise"): "processing",
    ("processing", "finish"): "result_ready",
    ("result_ready", "return_result"): "returned",
    ("received", "request_withdrawal"): "withdrawal_requested",
    ("processing", "request_withdrawal"): "withdrawal_requested",
    ("supplement_requested", "request_withdrawal"): "withdrawal_requested",
    ("awaiting_payment", "request_withdrawal"): "withdrawal_requested",
    ("withdrawal_requested", "confirm_withdrawal"): "stopped",
    **{(state, "void"): "voided" for state in ALL_BUT_VOIDED},
}

EXPECTED_TASK: dict[tuple[str, str], str] = {
    ("waiting", "arrive"): "pending",
    ("pending", "assign"): "in_progress",
    ("in_progress", "reassign"): "in_progress",
    ("in_progress", "propose"): "awaiting_approval",
    ("awaiting_approval", "approve"): "done",
    ("awaiting_approval", "send_back"): "in_progress",
    ("pending", "deny"): "denied",
    ("in_progress", "deny"): "denied",
    ("awaiting_approval", "deny"): "denied",
    ("pending", "complete_at_counter"): "done",
    ("waiting", "cancel"): "cancelled",
    ("pending", "cancel"): "cancelled",
    ("in_progress", "cancel"): "cancelled",
    ("awaiting_approval", "cancel"): "cancelled",
}

DOSSIER_NAMES = sorted({trigger for _, trigger in EXPECTED_DOSSIER})
TASK_NAMES = sorted({trigger for _, trigger in EXPECTED_TASK})

# The law asks for written reasons for these (refusal, Mẫu 02, Mẫu 04, send-back, denial).
NEEDS_REASON_DOSSIER = {
    "refuse",
    "return_for_completion",
    "request_supplement",
    "close_unsupplemented",
    "apologise",
    "void",
}
NEEDS_REASON_TASK = {"send_back", "deny"}

# Names a form or URL could carry that must never move a dossier: transitions' automatic
# "to_<state>" methods, attributes of the machine's model, keywords, near misses.
UNKNOWN_NAMES = [
    "",
    "to_returned",
    "to_RETURNED",
    "to_voided",
    "__init__",
    "__class__",
    "trigger",
    "state",
    "is_DRAFT",
    "may_submit",
    "return",
    "Submit",
    " submit",
    "submit ",
    "submit\n",
    "approve",  # a task trigger is not a dossier trigger
]
UNKNOWN_TASK_NAMES = ["", "to_done", "__init__", "trigger", "state", "finish", "Approve"]


# --- the dossier machine ----------------------------------------------------------------


def test_the_dossier_triggers_are_exactly_those_of_the_rules():
    assert frozenset(DOSSIER_NAMES) == DOSSIER_TRIGGERS


@pytest.mark.parametrize(("state", "trigger"), list(itertools.product(DossierState, DOSSIER_NAMES)))
def test_each_dossier_action_moves_the_dossier_or_is_refused(state, trigger):
    expected = EXPECTED_DOSSIER.get((state.value, trigger))
    if expected is not None:
        assert fire_dossier(state, trigger) is DossierState(expected)
    else:
        with pytest.raises(TransitionNotAllowed) as info:
            fire_dossier(state, trigger)
        # The officer is told, in Vietnamese, what state the dossier is in.
        assert f"«{state.label_vi}»" in info.value.message
        assert f"«{trigger_spec(trigger)['label']}»" in info.value.message


@pytest.mark.parametrize("state", list(DossierState))
def test_the_buttons_offered_for_a_dossier_are_exactly_the_valid_actions(state):
    expected = {t for (s, t) in EXPECTED_DOSSIER if s == state.value}
    offered = dossier_triggers_from(state)
    assert set(offered) == expected
    assert len(offered) == len(set(offered)), "a button is offered twice"


@pytest.mark.parametrize("state", [DossierState.DRAFT, DossierState.PROCESSING])
@pytest.mark.parametrize("name", UNKNOWN_NAMES)
def test_unknown_or_automatic_action_names_never_move_a_dossier(state, name):
    with pytest.raises(TransitionNotAllowed) as info:
        fire_dossier(state, name)
    assert f"«{state.label_vi}»" in info.value.message
    if name.strip():
        # Whatever came in the request is not echoed back into the page.
        assert name.strip() not in info.value.message


def test_a_voided_dossier_cannot_be_voided_again_or_moved():
    assert dossier_triggers_from(DossierState.VOIDED) == ()
    with pytest.raises(TransitionNotAllowed, match="Đã hủy"):
        fire_dossier(DossierState.VOIDED, "void")


def test_a_state_given_as_text_is_a_programming_error_not_a_silent_refusal():
    with pytest.raises(TypeError):
        fire_dossier("draft", "submit")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        fire_dossier(TaskState.PENDING, "submit")  # type: ignore[arg-type]


@pytest.mark.parametrize("trigger", DOSSIER_NAMES)
def test_dossier_actions_ask_for_a_reason_exactly_where_the_law_does(trigger):
    spec = trigger_spec(trigger)
    assert spec["needs_reason"] is (trigger in NEEDS_REASON_DOSSIER)
    assert spec["trigger"] == trigger


@pytest.mark.parametrize("kind", ["dossier", "task"])
def test_every_button_has_its_own_vietnamese_label(kind):
    names = DOSSIER_NAMES if kind == "dossier" else TASK_NAMES
    labels = [trigger_spec(name, kind)["label"] for name in names]
    assert all(label.strip() for label in labels)
    assert len(set(labels)) == len(labels), "two buttons would read the same"


def test_editing_a_trigger_spec_does_not_change_the_workflow():
    spec = trigger_spec("request_withdrawal")
    spec["label"] = "hacked"
    spec["source"].append("result_ready")
    assert trigger_spec("request_withdrawal")["label"] != "hacked"
    with pytest.raises(TransitionNotAllowed):
        fire_dossier(DossierState.RESULT_READY, "request_withdrawal")


def test_trigger_spec_refuses_unknown_names_and_kinds():
    with pytest.raises(TransitionNotAllowed):
        trigger_spec("to_returned")
    with pytest.raises(TransitionNotAllowed):
        trigger_spec("submit", "task")
    with pytest.raises(ValueError):
        trigger_spec("submit", "route")


def test_a_trigger_label_is_the_row_label_and_refuses_what_spec_refuses():
    """The history's wording (queries/timeline.py) reads labels without copying rows."""
    assert workflow.trigger_label("receive") == "Tiếp nhận hồ sơ"
    assert workflow.trigger_label("approve", "task") == trigger_spec("approve", "task")["label"]
    with pytest.raises(TransitionNotAllowed):
        workflow.trigger_label("submit", "task")
    with pytest.raises(ValueError):
        workflow.trigger_label("submit", "route")


# --- the task machine -------------------------------------------------------------------


def test_the_task_triggers_are_exactly_those_of_the_rules():
    assert frozenset(TASK_NAMES) == TASK_TRIGGERS


@pytest.mark.parametrize(("state", "trigger"), list(itertools.product(TaskState, TASK_NAMES)))
def test_each_step_action_moves_the_step_or_is_refused(state, trigger):
    expected = EXPECTED_TASK.get((state.value, trigger))
    if expected is not None:
        assert fire_task(state, trigger) is TaskState(expected)
    else:
        with pytest.raises(TransitionNotAllowed) as info:
            fire_task(state, trigger)
        assert f"«{state.label_vi}»" in info.value.message


@pytest.mark.parametrize("state", list(TaskState))
def test_the_buttons_offered_for_a_step_are_exactly_the_valid_actions(state):
    expected = {t for (s, t) in EXPECTED_TASK if s == state.value}
    assert set(task_triggers_from(state)) == expected


@pytest.mark.parametrize("name", UNKNOWN_TASK_NAMES)
def test_unknown_or_automatic_action_names_never_move_a_step(name):
    with pytest.raises(TransitionNotAllowed):
        fire_task(TaskState.AWAITING_APPROVAL, name)


@pytest.mark.parametrize("trigger", TASK_NAMES)
def test_step_actions_ask_for_a_reason_exactly_where_the_law_does(trigger):
    assert trigger_spec(trigger, "task")["needs_reason"] is (trigger in NEEDS_REASON_TASK)


# --- firing is stateless ----------------------------------------------------------------


def test_firing_the_same_action_twice_gives_the_same_answer():
    # A shared, model-bound machine would remember the first call and refuse the second.
    assert [fire_dossier(DossierState.DRAFT, "submit") for _ in range(3)] == [
        DossierState.SUBMITTED
    ] * 3
    assert [fire_task(TaskState.PENDING, "assign") for _ in range(3)] == [TaskState.IN_PROGRESS] * 3


def test_concurrent_requests_do_not_see_each_others_dossiers():
    pairs = [(DossierState(s), t, DossierState(d)) for (s, t), d in EXPECTED_DOSSIER.items()]
    work = pairs * 20

    def fire(item):
        state, trigger, _ = item
        return fire_dossier(state, trigger)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(fire, work))
    assert results == [dest for _, _, dest in work]


def test_firing_leaves_the_tables_and_no_machine_behind():
    tables = copy.deepcopy((workflow.DOSSIER_TRANSITIONS, workflow.TASK_TRANSITIONS))
    offered = {state: dossier_triggers_from(state) for state in DossierState}
    for (state, trigger), _ in EXPECTED_DOSSIER.items():
        fire_dossier(DossierState(state), trigger)
    for (state, trigger), _ in EXPECTED_TASK.items():
        fire_task(TaskState(state), trigger)
    gc.collect()
    assert tables == (workflow.DOSSIER_TRANSITIONS, workflow.TASK_TRANSITIONS)
    assert {state: dossier_triggers_from(state) for state in DossierState} == offered
    assert not [obj for obj in gc.get_objects() if isinstance(obj, Machine)]


def test_the_machine_behind_a_dossier_has_no_automatic_back_doors(monkeypatch):
    built: list[Machine] = []

    class SpyMachine(Machine):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            built.append(self)

    monkeypatch.setattr(workflow, "Machine", SpyMachine)
    compiled = Workflow(DossierState, workflow.DOSSIER_TRANSITIONS, subject="hồ sơ")
    (machine,) = built  # the table is compiled once, by one machine...
    assert compiled.fire(DossierState.RESULT_READY, "return_result") is DossierState.RETURNED
    assert len(built) == 1  # ...and firing builds none
    # Only our verbs exist on the machine: no "to_voided()" that skips the workflow,
    # even if a name ever got past the whitelist; and it holds no model at all.
    assert set(machine.events) == DOSSIER_TRIGGERS
    assert not machine.models
    with pytest.raises(TransitionNotAllowed):
        compiled.fire(DossierState.RESULT_READY, "to_voided")


# --- guards -----------------------------------------------------------------------------


class _Light(Enum):
    OFF = "off"
    ON = "on"


def test_a_guard_that_says_no_is_an_error_not_a_silent_no_op():
    guarded = Workflow(
        _Light,
        [
            {
                "trigger": "switch",
                "source": "off",
                "dest": "on",
                "label": "Bật",
                "conditions": [lambda: False],
            }
        ],
        subject="đèn",
    )
    with pytest.raises(TransitionNotAllowed, match="Chưa đủ điều kiện"):
        guarded.fire(_Light.OFF, "switch")
    open_ = Workflow(
        _Light,
        [
            {
                "trigger": "switch",
                "source": "off",
                "dest": "on",
                "label": "Bật",
                "conditions": [lambda: True],
            }
        ],
        subject="đèn",
    )
    assert open_.fire(_Light.OFF, "switch") is _Light.ON


def test_a_table_with_a_typo_fails_at_import_not_at_the_counter():
    with pytest.raises(ValueError):
        Workflow(
            _Light, [{"trigger": "t", "source": "off", "dest": "onn", "label": "x"}], subject="x"
        )
    with pytest.raises(ValueError):
        Workflow(
            _Light,
            [
                {"trigger": "t", "source": "off", "dest": "on", "label": "x"},
                {"trigger": "t", "source": "on", "dest": "off", "label": "y"},
            ],
            subject="x",
        )


# --- the states themselves --------------------------------------------------------------

NATIONAL = {
    "submitted": (1, "Mới đăng ký"),
    "received": (2, "Được tiếp nhận"),
    "refused": (3, "Không được tiếp nhận"),
    "processing": (4, "Đang xử lý"),
    "supplement_requested": (5, "Yêu cầu bổ sung giấy tờ"),
    "awaiting_payment": (6, "Yêu cầu thực hiện nghĩa vụ tài chính"),
    "withdrawal_requested": (7, "Công dân yêu cầu rút hồ sơ"),
    "stopped": (8, "Dừng xử lý"),
    "result_ready": (9, "Đã xử lý xong"),
    "returned": (10, "Đã trả kết quả"),
    "draft": (None, "Nháp"),
    "voided": (None, "Đã hủy"),
}


@pytest.mark.parametrize("value", sorted(NATIONAL))
def test_dossier_states_carry_the_national_code_and_wording(value):
    state = DossierState(value)
    assert (state.national_code, state.label_vi) == NATIONAL[value]


def test_only_refused_stopped_returned_and_voided_dossiers_are_closed():
    closed = {s.value for s in DossierState if s.is_terminal}
    assert closed == {"refused", "stopped", "returned", "voided"}


def test_states_are_plain_enums_so_transitions_does_not_misread_them():
    # transitions#695: a StrEnum member is taken for a state *name*.
    assert not isinstance(DossierState.DRAFT, str)
    assert not isinstance(TaskState.DONE, str)


TASK_LABELS = {
    "waiting": "Chờ đến lượt",
    "pending": "Chờ phân công",
    "in_progress": "Đang xử lý",
    "awaiting_approval": "Chờ phê duyệt",
    "done": "Hoàn thành",
    "denied": "Từ chối giải quyết",
    "cancelled": "Đã hủy",
}


@pytest.mark.parametrize("value", sorted(TASK_LABELS))
def test_step_states_are_labelled_in_vietnamese(value):
    assert TaskState(value).label_vi == TASK_LABELS[value]


def test_a_step_is_active_at_its_agency_and_finished_once_decided():
    assert {s.value for s in TaskState if s.is_active} == {
        "pending",
        "in_progress",
        "awaiting_approval",
    }
    assert {s.value for s in TaskState if s.is_finished} == {"done", "denied", "cancelled"}
    assert not TaskState.WAITING.is_active and not TaskState.WAITING.is_finished
