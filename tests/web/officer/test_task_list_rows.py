"""The leader's task list draws each row's address, due time and assignment form once for
its two layouts (web/task_rows.py): every row still links to its own task, and each row's
quick assignment form, with the CSRF check on, assigns that row's task and no other."""

from __future__ import annotations

from flask import Flask

from tests.web.officer import scenarios
from tests.web.officer.conftest import Clients, Clock, forms_in, text_of
from vpub_onestop.domain.status import TaskState
from vpub_onestop.extensions import db
from vpub_onestop.models import StepTask

LIST = "/xu-ly"


def test_each_row_links_and_assigns_its_own_task(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    officer_app.config["WTF_CSRF_ENABLED"] = True
    first = scenarios.parallel_stage(clock).task("congan")
    second = scenarios.parallel_stage(clock).task("congan")
    leader = client_for("leader.congan")
    html = text_of(leader.get(LIST))

    for task in (first, second):  # the table's link and the phone card's link
        assert html.count(f'href="/xu-ly/nhiem-vu/{task.id}"') == 2
    forms = [form for form in forms_in(html) if form["fields"].get("ve") == "danh-sach"]
    by_action = {form["action"]: form["fields"] for form in forms}
    assert len(forms) == 4  # two rows, each in both layouts
    assert set(by_action) == {f"/xu-ly/nhiem-vu/{t.id}/phan-cong" for t in (first, second)}
    fields = by_action[f"/xu-ly/nhiem-vu/{second.id}/phan-cong"]
    assert fields["assign-version"] == str(second.version)
    assert fields["csrf_token"]
    chosen = int(fields["assign-assignee"])

    answer = leader.post(f"/xu-ly/nhiem-vu/{second.id}/phan-cong", data=fields)

    assert answer.status_code == 302
    db.session.rollback()
    assigned, untouched = db.session.get(StepTask, second.id), db.session.get(StepTask, first.id)
    assert assigned is not None and untouched is not None
    assert (assigned.state, assigned.assignee_id) == (TaskState.IN_PROGRESS, chosen)
    assert (untouched.state, untouched.assignee_id) == (TaskState.PENDING, None)
    after = text_of(leader.get(LIST))
    assert f'href="/xu-ly/nhiem-vu/{second.id}"' not in after
    assert f'href="/xu-ly/nhiem-vu/{first.id}"' in after
