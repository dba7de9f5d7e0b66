"""The two state machines as data, and the only place that fires them.

See docs/architecture.md#workflow-core.

Each table row is a plain dict: "trigger", "source" (a state value or a list of them),
"dest", the Vietnamese button "label", and "needs_reason" where the law wants a written
reason (refusal, supplement request, apology, ...). "internal" marks a transition that
records an act without leaving the state (an apology, a reassignment).

How the tables are used, and why:
- Each table is compiled once per process, at import: one `transitions.Machine` without any
  model checks the table (unknown states, duplicate triggers fail at import) and the move
  of every (state, trigger) pair is read off it into a plain dict. The machine is then
  dropped: a machine kept across calls or threads would hold models and shared mutable
  state (transitions README, "Models"), and building one per call cost a millisecond of
  every submission and receipt (bench/PROFILE.md).
- Firing is a lookup in that dict. A row with guards ("conditions"/"unless") is the one
  case that still needs the library per call: it gets a throw-away machine bound to a
  throw-away wrapper with `initial=<current state>`. No table of the product has guards.
- `auto_transitions=False`, and the trigger is looked up in our table *before* anything
  runs, so a name from a form ("to_returned", "__init__", "trigger") is never run.
- Read-only questions ("which buttons from this state?") use maps derived once from the
  table at import.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any, Generic, TypeVar, cast

from transitions import Machine, MachineError

from vpub_onestop.domain.errors import N_, Message, TransitionNotAllowed
from vpub_onestop.domain.status import DossierState, TaskState

S = TypeVar("S", bound=Enum)


def _row(
    trigger: str,
    source: str | list[str],
    dest: str,
    label: str,
    *,
    needs_reason: bool = False,
    internal: bool = False,
) -> dict[str, Any]:
    return {
        "trigger": trigger,
        "source": source,
        "dest": dest,
        "label": label,
        "needs_reason": needs_reason,
        "internal": internal,
    }


# docs/domain.md#transitions. Trigger names are verbs, never Python keywords ("return" would not be
# callable), nor names of attributes the machine adds to its model ("trigger", "state").
DOSSIER_TRANSITIONS: tuple[dict[str, Any], ...] = (
    _row("submit", "draft", "submitted", "Nộp hồ sơ"),
    # At the counter a complete paper file is entered and received in one go.
    _row("receive_at_counter", "draft", "received", "Tiếp nhận tại quầy"),
    _row("receive", "submitted", "received", "Tiếp nhận hồ sơ"),
    _row("refuse", "submitted", "refused", "Từ chối tiếp nhận", needs_reason=True),
    # Back to the applicant before receipt (Mẫu 02); resubmitted later under the same code.
    _row(
        "return_for_completion",
        "submitted",
        "draft",
        "Yêu cầu hoàn thiện hồ sơ",
        needs_reason=True,
    ),
    _row("dispatch", "received", "processing", "Chuyển xử lý"),
    _row(
        "request_supplement",
        "processing",
        "supplement_requested",
        "Yêu cầu bổ sung hồ sơ",
        needs_reason=True,
    ),
    _row("supply_supplement", "supplement_requested", "processing", "Nộp bổ sung"),
    _row(
        "close_unsupplemented",
        "supplement_requested",
        "stopped",
        "Dừng xử lý do không bổ sung",
        needs_reason=True,
    ),
    _row("request_payment", "processing", "awaiting_payment", "Yêu cầu nộp phí, lệ phí"),
    _row("confirm_payment", "awaiting_payment", "processing", "Xác nhận đã nộp phí"),
    # Mẫu 04: the dossier stays in processing; the service moves the appointment date.
    _row(
        "apologise",
        "processing",
        "processing",
        "Xin lỗi và hẹn lại ngày trả kết quả",
        needs_reason=True,
        internal=True,
    ),
    _row("finish", "processing", "result_ready", "Hoàn thành xử lý"),
    _row("return_result", "result_ready", "returned", "Trả kết quả"),
    # Not once the result is ready: from then on the applicant just collects it.
    _row(
        "request_withdrawal",
        ["received", "processing", "supplement_requested", "awaiting_payment"],
        "withdrawal_requested",
        "Yêu cầu rút hồ sơ",
    ),
    _row("confirm_withdrawal", "withdrawal_requested", "stopped", "Xác nhận rút hồ sơ"),
    # Nothing is deleted; an administrator voids, with a reason kept in the audit trail.
    _row(
        "void",
        [s.value for s in DossierState if s is not DossierState.VOIDED],
        "voided",
        "Hủy hồ sơ",
        needs_reason=True,
    ),
)

# One agency's step inside the route (docs/domain.md#agency-steps).
TASK_TRANSITIONS: tuple[dict[str, Any], ...] = (
    _row("arrive", "waiting", "pending", "Chuyển đến cơ quan xử lý"),
    _row("assign", "pending", "in_progress", "Phân công xử lý"),
    _row("reassign", "in_progress", "in_progress", "Phân công lại", internal=True),
    _row("propose", "in_progress", "awaiting_approval", "Trình phê duyệt"),
    _row("approve", "awaiting_approval", "done", "Phê duyệt"),
    _row("send_back", "awaiting_approval", "in_progress", "Trả lại chuyên viên", needs_reason=True),
    _row(
        "deny",
        ["pending", "in_progress", "awaiting_approval"],
        "denied",
        "Từ chối giải quyết",
        needs_reason=True,
    ),
    # An immediate-result procedure (trả ngay): the step is done at the counter, in the
    # same visit as the receipt and the hand-over.
    _row("complete_at_counter", "pending", "done", "Trả kết quả ngay tại quầy"),
    _row(
        "cancel",
        ["waiting", "pending", "in_progress", "awaiting_approval"],
        "cancelled",
        "Hủy bước xử lý",
    ),
)

# Keys we hand to transitions; ours ("label", "needs_reason", ...) stay out of the machine.
_MACHINE_KEYS = ("conditions", "unless")

# Refusals per subject, whole sentences that translate as one (docs/architecture.md#errors).
_REFUSALS: dict[str, dict[str, str]] = {
    "hồ sơ": {
        "guard": N_(
            "Chưa đủ điều kiện để thực hiện «%(action)s»: hồ sơ đang ở trạng thái «%(state)s»."
        ),
        "refused": N_("Không thể thực hiện «%(action)s»: hồ sơ đang ở trạng thái «%(state)s»."),
        "unknown": N_("Thao tác không hợp lệ: hồ sơ đang ở trạng thái «%(state)s»."),
    },
    "bước xử lý": {
        "guard": N_(
            "Chưa đủ điều kiện để thực hiện «%(action)s»: bước xử lý đang ở trạng thái «%(state)s»."
        ),
        "refused": N_(
            "Không thể thực hiện «%(action)s»: bước xử lý đang ở trạng thái «%(state)s»."
        ),
        "unknown": N_("Thao tác không hợp lệ: bước xử lý đang ở trạng thái «%(state)s»."),
    },
}
_ANY_SUBJECT = {
    "guard": "Chưa đủ điều kiện để thực hiện «%(action)s»: %(subject)s đang ở trạng thái "
    "«%(state)s».",
    "refused": "Không thể thực hiện «%(action)s»: %(subject)s đang ở trạng thái «%(state)s».",
    "unknown": "Thao tác không hợp lệ: %(subject)s đang ở trạng thái «%(state)s».",
}


class _Subject:
    """The model the machine is bound to: only a state, so no convenience name can clash."""

    state: Enum


class Workflow(Generic[S]):
    """One transition table over one state enum, with the maps derived from it."""

    def __init__(self, states: type[S], table: Iterable[Mapping[str, Any]], *, subject: str):
        self.states = states
        self.table = tuple(table)
        self.subject = subject  # "hồ sơ" / "bước xử lý", for messages
        self._specs: dict[str, Mapping[str, Any]] = {}
        by_source: dict[S, list[str]] = {state: [] for state in states}
        for row in self.table:
            name = row["trigger"]
            if name in self._specs:
                # One row per trigger keeps labels, reasons and permissions unambiguous.
                raise ValueError(f"trigger {name!r} appears twice")
            self._specs[name] = row
            states(row["dest"])  # a typo in the table fails at import, not at the counter
            for source in self._sources(row):
                by_source[source].append(name)
        self.triggers: frozenset[str] = frozenset(self._specs)
        self._by_source = {state: tuple(names) for state, names in by_source.items()}
        self._moves = self._compile()

    def _compile(self) -> dict[tuple[S, str], S]:
        """(state, trigger) -> the state after it, for every unguarded row, read off one
        machine built here and not kept."""
        machine = Machine(
            model=None,
            states=list(self.states),
            transitions=self._machine_rows(),
            initial=None,
            auto_transitions=False,
        )
        moves: dict[tuple[S, str], S] = {}
        for trigger, event in machine.events.items():
            if self._guarded(trigger):
                continue
            for source_name, transitions in event.transitions.items():
                source = self.states[source_name]
                (transition,) = transitions  # one row per trigger, one move per source
                dest = transition.dest
                moves[(source, trigger)] = source if dest is None else self.states[dest]
        return moves

    def _guarded(self, trigger: str) -> bool:
        return any(key in self._specs[trigger] for key in _MACHINE_KEYS)

    def _sources(self, row: Mapping[str, Any]) -> list[S]:
        source = row["source"]
        values = [source] if isinstance(source, str) else list(source)
        return [self.states(value) for value in values]

    def triggers_from(self, state: S) -> tuple[str, ...]:
        """Triggers valid from `state`, in table order (the order buttons are shown in)."""
        return self._by_source[self._checked(state)]

    def spec(self, trigger: str) -> dict[str, Any]:
        """A copy of the trigger's row, so callers cannot edit the table through it."""
        try:
            return copy.deepcopy(dict(self._specs[trigger]))
        except (KeyError, TypeError):
            raise TransitionNotAllowed(N_("Thao tác không hợp lệ."), trigger=trigger) from None

    def label(self, trigger: str) -> str:
        """The trigger's label (a string: no copy needed; a history shows one per event)."""
        try:
            return str(self._specs[trigger]["label"])
        except (KeyError, TypeError):
            raise TransitionNotAllowed(N_("Thao tác không hợp lệ."), trigger=trigger) from None

    def fire(self, state: S, trigger: str) -> S:
        """Return the state after `trigger`, or raise TransitionNotAllowed."""
        state = self._checked(state)
        if trigger not in self._by_source[state]:
            raise self._refusal(state, trigger)
        moved_to = self._moves.get((state, trigger))
        if moved_to is not None:
            return moved_to
        return self._fire_guarded(state, trigger)

    def _fire_guarded(self, state: S, trigger: str) -> S:
        """A guarded row: its conditions are asked per call, on a machine of its own."""
        model = _Subject()
        machine = Machine(
            model=model,
            states=list(self.states),
            transitions=self._machine_rows(),
            initial=state,
            auto_transitions=False,
        )
        try:
            moved = machine.events[trigger].trigger(model)
        except MachineError:  # cannot happen after the check above; never let it leak
            raise self._refusal(state, trigger) from None
        if not moved:
            # A guard said no. Silently staying put would look like success to the caller.
            raise TransitionNotAllowed(
                self._message("guard", state, trigger),
                trigger=trigger,
                state=state.value,
            )
        return cast(S, model.state)

    def _checked(self, state: S) -> S:
        if not isinstance(state, self.states):
            raise TypeError(f"expected a {self.states.__name__}, got {state!r}")
        return state

    def _machine_rows(self) -> list[dict[str, Any]]:
        # Fresh lists and enum members on every call: the machine never holds our table.
        rows = []
        for row in self.table:
            machine_row: dict[str, Any] = {
                "trigger": row["trigger"],
                "source": self._sources(row),
                # dest=None is transitions' internal transition: no exit/enter of the state.
                "dest": None if row.get("internal") else self.states(row["dest"]),
            }
            machine_row.update({key: row[key] for key in _MACHINE_KEYS if key in row})
            rows.append(machine_row)
        return rows

    def _label(self, trigger: str) -> str:
        return str(self._specs[trigger]["label"])

    def _refusal(self, state: S, trigger: object) -> TransitionNotAllowed:
        if isinstance(trigger, str) and trigger in self._specs:
            message = self._message("refused", state, trigger)
        else:
            # Never echo an unknown name back: it came from the request, not from us.
            message = self._message("unknown", state)
        return TransitionNotAllowed(message, trigger=trigger, state=state.value)

    def _message(self, kind: str, state: S, trigger: str | None = None) -> Message:
        params = {"state": _label_vi(state)}
        if trigger is not None:
            params["action"] = self._label(trigger)
        templates = _REFUSALS.get(self.subject)
        if templates is None:  # a table of our own tests: the subject goes in as it is
            templates, params["subject"] = _ANY_SUBJECT, self.subject
        return Message(templates[kind], params)


def _label_vi(state: Enum) -> str:
    return str(getattr(state, "label_vi", state.value))


DOSSIER_WORKFLOW: Workflow[DossierState] = Workflow(
    DossierState, DOSSIER_TRANSITIONS, subject="hồ sơ"
)
TASK_WORKFLOW: Workflow[TaskState] = Workflow(TaskState, TASK_TRANSITIONS, subject="bước xử lý")

DOSSIER_TRIGGERS: frozenset[str] = DOSSIER_WORKFLOW.triggers
TASK_TRIGGERS: frozenset[str] = TASK_WORKFLOW.triggers

_WORKFLOWS: dict[str, Workflow[Any]] = {"dossier": DOSSIER_WORKFLOW, "task": TASK_WORKFLOW}


def fire_dossier(state: DossierState, trigger: str) -> DossierState:
    return DOSSIER_WORKFLOW.fire(state, trigger)


def fire_task(state: TaskState, trigger: str) -> TaskState:
    return TASK_WORKFLOW.fire(state, trigger)


def dossier_triggers_from(state: DossierState) -> tuple[str, ...]:
    return DOSSIER_WORKFLOW.triggers_from(state)


def task_triggers_from(state: TaskState) -> tuple[str, ...]:
    return TASK_WORKFLOW.triggers_from(state)


def trigger_spec(trigger: str, kind: str = "dossier") -> dict[str, Any]:
    """The row of `trigger` ("label", "needs_reason", ...); kind is "dossier" or "task"."""
    return _workflow(kind).spec(trigger)


def trigger_label(trigger: str, kind: str = "dossier") -> str:
    """The label of `trigger` ("Tiếp nhận hồ sơ"); kind is "dossier" or "task"."""
    return _workflow(kind).label(trigger)


def _workflow(kind: str) -> Workflow[Any]:
    try:
        return _WORKFLOWS[kind]
    except KeyError:
        raise ValueError(f"kind must be 'dossier' or 'task', not {kind!r}") from None
