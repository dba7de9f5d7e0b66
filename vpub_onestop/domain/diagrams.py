"""Mermaid text for the two state machines and for a procedure's route.

Built from the workflow tables (not from a GraphMachine), so the picture in the docs and
on the catalogue page can never disagree with what the code fires, and no Graphviz or
machine is needed. The output is text; the browser renders it with the vendored Mermaid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any

from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.domain.workflow import DOSSIER_WORKFLOW, TASK_WORKFLOW, Workflow

_INDENT = "    "


def dossier_mermaid() -> str:
    """The dossier life cycle as a `stateDiagram-v2`, one edge per (source, trigger)."""
    finals = [state for state in DossierState if state.is_terminal]
    return _state_diagram(DOSSIER_WORKFLOW, DossierState.DRAFT, finals, _dossier_caption)


def task_mermaid() -> str:
    """One agency step's life cycle as a `stateDiagram-v2`."""
    finals = [state for state in TaskState if state.is_finished]
    return _state_diagram(TASK_WORKFLOW, TaskState.WAITING, finals, _task_caption)


def _dossier_caption(state: DossierState) -> str:
    # The national code next to the label: officers know the statuses by number.
    code = state.national_code
    return state.label_vi if code is None else f"{code}. {state.label_vi}"


def _task_caption(state: TaskState) -> str:
    return state.label_vi


def _state_diagram(
    workflow: Workflow[Any], initial: Enum, finals: Iterable[Enum], caption: Callable[[Any], str]
) -> str:
    lines = ["stateDiagram-v2"]
    # The state id is the stored value; the Vietnamese label is its description.
    lines += [
        f'{_INDENT}state "{_text(caption(state))}" as {state.value}' for state in workflow.states
    ]
    lines.append(f"{_INDENT}[*] --> {initial.value}")
    for row in workflow.table:
        sources = [row["source"]] if isinstance(row["source"], str) else row["source"]
        lines += [f"{_INDENT}{source} --> {row['dest']} : {row['trigger']}" for source in sources]
    lines += [f"{_INDENT}{state.value} --> [*]" for state in finals]
    return "\n".join(lines) + "\n"


# Units of a step's time budget, as the catalogue spells them, read out in Vietnamese.
_BUDGET_UNITS_VI = {
    "working_days": "ngày làm việc",
    "working_hours": "giờ làm việc",
    "days": "ngày",
}


def route_mermaid(stages: list[list[dict[str, Any]]]) -> str:
    """A route as a `flowchart LR`: reception, then each stage in order, then the return.

    Steps of one stage run in parallel: they sit side by side in one "Giai đoạn" box, each
    linked from every step of the stage before and to every step of the stage after.
    Each step needs "agency_name" and "budget" ("2 working_days"); "task" is optional.
    """
    lines = ["flowchart LR", f'{_INDENT}receive(["Tiếp nhận"])']
    previous = ["receive"]
    edges: list[str] = []
    for number, stage in enumerate(stages, start=1):
        if not stage:
            raise ValueError(f"stage {number} of the route has no step")
        lines.append(f'{_INDENT}subgraph stage_{number} ["Giai đoạn {number}"]')
        current = []
        for index, step in enumerate(stage, start=1):
            node = f"step_{number}_{index}"
            lines.append(f'{_INDENT * 2}{node}["{_step_label(step)}"]')
            current.append(node)
        lines.append(f"{_INDENT}end")
        edges += [f"{_INDENT}{a} --> {b}" for a in previous for b in current]
        previous = current
    lines.append(f'{_INDENT}deliver(["Trả kết quả"])')
    edges += [f"{_INDENT}{a} --> deliver" for a in previous]
    return "\n".join(lines + edges) + "\n"


def _step_label(step: Mapping[str, Any]) -> str:
    parts = [_text(step["agency_name"])]
    if step.get("task"):
        parts.append(_text(step["task"]))
    parts.append(_text(_budget_vi(step["budget"])))
    return "<br/>".join(parts)


def _budget_vi(budget: Any) -> str:
    """ "2 working_days" -> "2 ngày làm việc"; "0 same_day" -> "trong ngày"."""
    if isinstance(budget, Mapping):  # the catalogue's own {"amount": 2, "unit": ...} form
        budget = f"{budget.get('amount', '')} {budget.get('unit', '')}"
    amount, _, unit = str(budget).strip().partition(" ")
    unit = unit.strip()
    if unit == "same_day":
        return "trong ngày"
    if unit in _BUDGET_UNITS_VI:
        return f"{amount} {_BUDGET_UNITS_VI[unit]}"
    return str(budget).strip()


def _text(value: object) -> str:
    """Text safe inside a quoted Mermaid label: quotes and markup become entity codes.

    Agency names are typed by administrators; a stray quote would otherwise end the label
    and break the whole diagram. `#` goes first, since the entity codes themselves use it.
    """
    text = " ".join(str(value).split())
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text
