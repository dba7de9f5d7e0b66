"""The Mermaid pictures of the workflows and of a route match what the system really does.

Edges are checked against the *behaviour* of fire_dossier / fire_task (itself checked pair
by pair in test_workflow.py), not against the module's table.
"""

from __future__ import annotations

import contextlib
import itertools
import re

import pytest

from vpub_onestop.domain.diagrams import dossier_mermaid, route_mermaid, task_mermaid
from vpub_onestop.domain.errors import TransitionNotAllowed
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.domain.workflow import DOSSIER_TRIGGERS, TASK_TRIGGERS, fire_dossier, fire_task

STATE_DECL = re.compile(r'^    state "([^"]+)" as (\w+)$')
EDGE = re.compile(r"^    (\w+) --> (\w+) : (\w+)$")
START = re.compile(r"^    \[\*\] --> (\w+)$")
END = re.compile(r"^    (\w+) --> \[\*\]$")


def _parse_state_diagram(text: str):
    lines = text.splitlines()
    assert lines[0] == "stateDiagram-v2"
    declared, edges, starts, ends = {}, set(), [], set()
    for line in lines[1:]:
        if m := STATE_DECL.match(line):
            declared[m[2]] = m[1]
        elif m := EDGE.match(line):
            edges.add((m[1], m[3], m[2]))
        elif m := START.match(line):
            starts.append(m[1])
        elif m := END.match(line):
            ends.add(m[1])
        else:
            pytest.fail(f"line Mermaid would not read as intended: {line!r}")
    return declared, edges, starts, ends


def _real_edges(states, triggers, fire):
    edges = set()
    for state, trigger in itertools.product(states, triggers):
        # Refused pairs are simply not edges.
        with contextlib.suppress(TransitionNotAllowed):
            edges.add((state.value, trigger, fire(state, trigger).value))
    return edges


def test_the_dossier_diagram_draws_exactly_the_moves_the_system_allows():
    declared, edges, starts, ends = _parse_state_diagram(dossier_mermaid())
    assert edges == _real_edges(DossierState, DOSSIER_TRIGGERS, fire_dossier)
    assert {trigger for _, trigger, _ in edges} == DOSSIER_TRIGGERS
    assert starts == ["draft"]
    assert ends == {"refused", "stopped", "returned", "voided"}
    # Every edge joins declared states, so Mermaid does not invent an unlabelled one.
    assert {s for s, _, d in edges} | {d for _, _, d in edges} <= set(declared)


@pytest.mark.parametrize("state", list(DossierState))
def test_the_dossier_diagram_shows_each_state_in_vietnamese_with_its_national_code(state):
    declared, *_ = _parse_state_diagram(dossier_mermaid())
    assert state.label_vi in declared[state.value]
    if state.national_code is not None:
        assert declared[state.value].startswith(f"{state.national_code}.")


def test_the_step_diagram_draws_exactly_the_moves_the_system_allows():
    declared, edges, starts, ends = _parse_state_diagram(task_mermaid())
    assert edges == _real_edges(TaskState, TASK_TRIGGERS, fire_task)
    assert {trigger for _, trigger, _ in edges} == TASK_TRIGGERS
    assert starts == ["waiting"]
    assert ends == {"done", "denied", "cancelled"}
    assert declared == {state.value: state.label_vi for state in TaskState}


# --- routes -----------------------------------------------------------------------------

NODE = re.compile(r'^ +(\w+)(?:\["(.*)"\]|\(\["(.*)"\]\))$')
ROUTE_EDGE = re.compile(r"^    (\w+) --> (\w+)$")
SUBGRAPH = re.compile(r'^    subgraph (\w+) \["([^"]*)"\]$')


def _parse_flowchart(text: str):
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    labels: dict[str, str] = {}
    edges: set[tuple[str, str]] = set()
    groups: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    for line in lines[1:]:
        if m := SUBGRAPH.match(line):
            assert current is None, "nested stage"
            current = []
            groups.append((m[2], current))
        elif line == "    end":
            assert current is not None, "'end' without a stage"
            current = None
        elif m := NODE.match(line):
            assert m[0].count('"') == 2, f"a quote leaks out of a label: {line!r}"
            labels[m[1]] = m[2] if m[2] is not None else m[3]
            if current is not None:
                current.append(m[1])
        elif m := ROUTE_EDGE.match(line):
            edges.add((m[1], m[2]))
        else:
            pytest.fail(f"line Mermaid would not read as intended: {line!r}")
    assert current is None, "stage left open"
    return labels, edges, groups


def _step(name, budget="2 working_days", **more):
    return {"agency_name": name, "budget": budget, **more}


def test_a_route_runs_from_reception_through_its_stages_in_order_to_the_return():
    stages = [
        [_step("Sở Tư pháp", task="Thẩm định")],
        [_step("Công an tỉnh", "7 working_days"), _step("Bảo hiểm xã hội tỉnh", "0 same_day")],
        [_step("UBND phường", "1 working_days")],
    ]
    labels, edges, groups = _parse_flowchart(route_mermaid(stages))
    assert [title for title, _ in groups] == ["Giai đoạn 1", "Giai đoạn 2", "Giai đoạn 3"]
    (s1,), (s2a, s2b), (s3,) = (nodes for _, nodes in groups)
    assert labels["receive"] == "Tiếp nhận" and labels["deliver"] == "Trả kết quả"
    # Parallel steps both follow stage 1 and both precede stage 3; nothing skips a stage.
    assert edges == {
        ("receive", s1),
        (s1, s2a),
        (s1, s2b),
        (s2a, s3),
        (s2b, s3),
        (s3, "deliver"),
    }
    assert labels[s1] == "Sở Tư pháp<br/>Thẩm định<br/>2 ngày làm việc"
    assert labels[s2a] == "Công an tỉnh<br/>7 ngày làm việc"
    assert labels[s2b] == "Bảo hiểm xã hội tỉnh<br/>trong ngày"


def test_two_parallel_stages_in_a_row_are_fully_linked():
    stages = [[_step("A"), _step("B")], [_step("C"), _step("D")]]
    _, edges, groups = _parse_flowchart(route_mermaid(stages))
    first, second = (nodes for _, nodes in groups)
    assert {(a, b) for a, b in edges if a in first} == set(itertools.product(first, second))


def test_an_agency_name_with_quotes_or_markup_cannot_break_the_diagram():
    name = 'Phòng "Kinh tế" <b>#1</b> #quot;'
    labels, _, _ = _parse_flowchart(route_mermaid([[_step(name)]]))
    label = labels["step_1_1"]
    assert '"' not in label and "<b>" not in label
    assert "#quot;Kinh tế#quot;" in label
    # Text that merely looks like an entity code is shown as typed, not as a quote.
    assert label.endswith("#35;quot;<br/>2 ngày làm việc")


def test_an_unknown_budget_unit_is_shown_as_written():
    labels, _, _ = _parse_flowchart(route_mermaid([[_step("A", "3 fortnights")]]))
    assert labels["step_1_1"] == "A<br/>3 fortnights"


def test_a_route_with_no_stage_goes_straight_to_the_return():
    _, edges, groups = _parse_flowchart(route_mermaid([]))
    assert groups == [] and edges == {("receive", "deliver")}


def test_a_stage_without_steps_is_a_catalogue_error():
    with pytest.raises(ValueError, match="stage 2"):
        route_mermaid([[_step("A")], []])
