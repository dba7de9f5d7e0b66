"""Agencies' work (leaders and specialists): the task lists and the task page. The acts
on a task live in work_actions and register on this blueprint.

Each agency sees only its own steps: a leader the tasks that arrived at the agency, a
specialist the tasks assigned to him, nearest due date first.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask_wtf import FlaskForm

from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.status import TaskState
from vpub_onestop.domain.task_scope import task_scope
from vpub_onestop.extensions import db
from vpub_onestop.queries.agency_queues import Urgency, task_list
from vpub_onestop.queries.open_work import open_work
from vpub_onestop.queries.workspace import TaskView, task_view
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.web import work_actions
from vpub_onestop.web.assignees import assignable, assignee_choices, workload_text
from vpub_onestop.web.task_rows import shown_tasks
from vpub_onestop.web.work_forms import FORMS, AssignForm
from vpub_onestop.web.workspace import (
    AGENCY_ROLES,
    STAFF_ROLES,
    acting_officer,
    now_utc,
    orphan_errors,
    page_edge,
    page_number,
    page_size,
    page_url,
    roles_required,
    slip_links,
)

bp = Blueprint("work", __name__)

# The tabs of each role's list; which steps the list holds is domain.task_scope's rule.
LEADER_TABS = {
    "cho-phan-cong": (TaskState.PENDING,),
    "dang-xu-ly": (TaskState.IN_PROGRESS,),
    "cho-phe-duyet": (TaskState.AWAITING_APPROVAL,),
}
SPECIALIST_TABS = {
    "dang-xu-ly": (TaskState.IN_PROGRESS,),
    "da-trinh": (TaskState.AWAITING_APPROVAL,),
}


@bp.get("/xu-ly")
@roles_required(*AGENCY_ROLES)
def tasks() -> str:
    actor = acting_officer()
    leader = actor.role is Role.LEADER
    tabs = LEADER_TABS if leader else SPECIALIST_TABS
    tab = request.args.get("loai", "")
    if tab not in tabs:
        tab = next(iter(tabs))
    scope = task_scope(actor)
    cal, now, session = load_work_calendar(), now_utc(), db.session()
    shown = [state for states in tabs.values() for state in states]
    # The tabs' counts, the urgency cards and the officers' loads: one pass (queries.open_work).
    work = open_work(session, cal=cal, now=now, scope=scope, states=shown)
    state_counts = work.states
    rows = task_list(
        session,
        states=tabs[tab],
        cal=cal,
        now=now,
        scope=scope,
        page=page_number(),
        size=page_size(),
        after=page_edge(),
        total=sum(state_counts[state] for state in tabs[tab]),
    )
    # The workload beside each name is counted only where the leader assigns.
    assigning = leader and tab == "cho-phan-cong"
    officers = assignable(actor.agency_id or 0, work.in_hand) if assigning else []
    return render_template(
        "work/tasks.html",
        leader=leader,
        tabs=tabs,
        tab=tab,
        rows=rows,
        shown_rows=shown_tasks(rows.items),
        page_url=page_url,
        state_counts=state_counts,
        urgency=work.urgency,
        Urgency=Urgency,
        officers=officers,
        workload_text=workload_text,
    )


def render_task(
    task_id: int, given: dict[str, FlaskForm] | None = None, status: int = 200
) -> tuple[str, int]:
    actor, now = acting_officer(), now_utc()
    view = task_view(db.session(), task_id, actor, now, load_work_calendar())
    context = task_context(view, given or {})
    return render_template(
        "work/task.html", urgency=view.urgency, own_work=actor.role in AGENCY_ROLES, **context
    ), status


# The forms an agency prints from its step: the apology it signs, the control slip, and
# the written answer to a denial.
AGENCY_SLIPS = ("mau-04", "mau-05", "thong-bao-tu-choi")


def task_context(view: TaskView, given: dict[str, FlaskForm]) -> dict[str, Any]:
    task, dossier = view.task, view.dossier.dossier
    forms: dict[str, FlaskForm] = {}
    for action in view.task_actions:
        key = "assign" if action == "reassign" else action
        forms[key] = given.get(key) or FORMS[key](
            formdata=None, prefix=key, data={"version": task.version}
        )
    for action in view.dossier_actions:
        forms[action] = given.get(action) or FORMS[action](
            formdata=None, prefix=action, data={"version": dossier.version}
        )
    assign = forms.get("assign")
    if isinstance(assign, AssignForm):
        assign.assignee.choices = assignee_choices(assignable(task.agency_id))
        if assign.assignee.data is None and task.assignee_id:
            assign.assignee.data = task.assignee_id
    keys = [key for key in view.dossier.slip_keys if key in AGENCY_SLIPS]
    return {
        "view": view,
        "task": task,
        "dossier": dossier,
        "forms": forms,
        "slips": slip_links(keys, dossier.id),
        "alerts": orphan_errors(given, forms),
    }


@bp.get("/xu-ly/nhiem-vu/<int:task_id>")
@roles_required(*STAFF_ROLES)
def task(task_id: int) -> tuple[str, int]:
    """A step's page: its agency works on it; the receiving unit and the overseers (from
    the monitoring lists) read it, with no action offered (the permission rules)."""
    return render_task(task_id)


work_actions.register(bp, render_task)
