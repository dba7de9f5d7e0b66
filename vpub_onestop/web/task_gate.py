"""The checks an act on a step passes before its service runs, shared by the task page
(web/work_actions.py) and the API (web/api/step_acts.py), so that both refuse the same
request with the same answer (docs/domain.md#roles).

Order, so that each refusal says the right thing: the task outside the actor's agency is
not found (404, when it is loaded); a request made on an older version than the record's
names who changed it and when (409), one without a version is refused (428); an act the
task page would not offer this officer now is forbidden (403); the service's own rules
(3-working-day supplement, single apology, ...) come last (422).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.errors import PermissionDenied
from vpub_onestop.queries.workspace import act_of
from vpub_onestop.services.transition import check_version

if TYPE_CHECKING:
    from vpub_onestop.models import Dossier, StepTask

# Acts on the dossier as a whole (its version), the others on the task (the task's).
DOSSIER_ACTS = frozenset({"request_supplement", "request_payment", "apologise"})


def check_offered(
    task: StepTask,
    action: str,
    version: int | None,
    offered: tuple[tuple[str, ...], tuple[str, ...]],
) -> int:
    """The version the act is made on, once it matches the record and the act is among
    `offered` (queries.workspace.offered_on_task: the step's acts, the dossier's)."""
    task_actions, dossier_actions = offered
    if action in DOSSIER_ACTS:
        check_version(task.dossier, version, "Hồ sơ")
        allowed = dossier_actions
    else:
        check_version(task, version, "Nhiệm vụ xử lý")
        allowed = tuple(act_of(a) for a in task_actions)
    assert version is not None  # check_version refuses a request without one (428)
    if action not in allowed:
        raise PermissionDenied(_("Bạn không thể thực hiện thao tác này trên nhiệm vụ xử lý này."))
    return version


def apology_moment(dossier: Dossier, day: date, now: datetime) -> datetime:
    """The new appointment of an apology (Mẫu 04) on the day chosen, at the time of day of
    the appointment it replaces: the applicant is asked to come back at the hour they were
    given, only later (services.closing.apologise checks the day)."""
    current = (dossier.appointment_at or now).astimezone(LOCAL_TZ)
    return current.replace(year=day.year, month=day.month, day=day.day)
