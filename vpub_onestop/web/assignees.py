"""The officers a leader may assign a step to, as the assignment forms offer them: each
with his open and overdue steps, leaders only where the province lets them take steps
(setting ASSIGN_TO_LEADERS, docs/policies.md#assign-to-leaders)."""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from vpub_onestop.extensions import db
from vpub_onestop.queries.workload import Assignee, Load, assignees
from vpub_onestop.web.workspace import now_utc


def assignable(agency_id: int, loads: Mapping[int, Load] | None = None) -> list[Assignee]:
    """`loads`: the officers' loads when the page counted them (queries.open_work)."""
    return assignees(
        db.session(),
        agency_id,
        now=now_utc(),
        include_leaders=bool(current_app.config.get("ASSIGN_TO_LEADERS", False)),
        loads=loads,
    )


def workload_text(person: Assignee) -> str:
    """ "Trần Thị B — 3 đang xử lý, 1 quá hạn": read by screen readers with the name."""
    return _(
        "%(name)s — %(open)d đang xử lý, %(overdue)d quá hạn",
        name=person.name,
        open=person.open_tasks,
        overdue=person.overdue_tasks,
    )


def assignee_choices(people: list[Assignee]) -> list[SelectChoice]:
    return [SelectChoice(str(person.user_id), workload_text(person)) for person in people]
