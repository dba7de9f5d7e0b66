"""Whether a dossier's clock runs is decided once (domain.dossier_clock), and the agency's
task list, its task page, the managers' dashboard and the deadline sweep all ask it.

Decree 61/2018 Art. 19(4) stops the time limit only while the applicant completes the file
(supplement_requested). A dossier awaiting payment is still on the clock: once its due date
has passed it is overdue for everyone, where the agency's list used to call it "paused"
while the dashboard and the sweep counted it overdue.

The story (1.000894, marriage registration: 5 working days, handled by the ward centre):
two dossiers received at the counter on Wed 4/3/2026 09:00. Five working days counted from
the next day (Thu 5, Fri 6, Mon 9, Tue 10, Wed 11; no holiday in that stretch) put the due
moment at Wed 11/3/2026 09:00. On Thu 5/3 the centre asks the first applicant to pay the
fee and the second to complete the file. We look on Thu 12/3/2026 10:00, a day later.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.services.support import actor, as_local, dossier_version, fresh, local, unit_id
from tests.web.monitor.month_story import MARRIAGE, add_managers, assign, counter, dispatch
from vpub_onestop.domain.status import DossierState, TaskState
from vpub_onestop.domain.task_scope import task_scope
from vpub_onestop.extensions import db
from vpub_onestop.queries.agency_queues import Urgency, task_list
from vpub_onestop.queries.dashboard import build_dashboard
from vpub_onestop.queries.open_work import urgency_counts
from vpub_onestop.queries.stats_scope import build_scope, moments
from vpub_onestop.queries.workspace import task_view
from vpub_onestop.services import closing, supplements
from vpub_onestop.services.clock import load_work_calendar
from vpub_onestop.services.sweep import run_sweep

NOW = local(2026, 3, 12, 10)
AGENCY = "px_quynhon"


@pytest.fixture
def story(app: Flask) -> Iterator[dict[str, int]]:
    with app.app_context():
        add_managers()
        paying = counter(MARRIAGE, local(2026, 3, 4, 9))
        completing = counter(MARRIAGE, local(2026, 3, 4, 9))
        tasks = {}
        for name, dossier_id in (("paying", paying), ("completing", completing)):
            dispatch(dossier_id, local(2026, 3, 4, 9, 30))
            tasks[name] = assign(dossier_id, AGENCY, local(2026, 3, 4, 10))
        closing.request_payment(
            actor(f"specialist.{AGENCY}"),
            paying,
            100_000,
            "Lệ phí",
            now=local(2026, 3, 5, 10),
            expected_version=dossier_version(paying),
        )
        supplements.request_supplement(
            actor(f"specialist.{AGENCY}"),
            completing,
            "Bổ sung bản sao giấy khai sinh.",
            now=local(2026, 3, 5, 10),
            expected_version=dossier_version(completing),
        )
        yield {
            "paying": paying,
            "completing": completing,
            **{f"{k}_task": v for k, v in tasks.items()},
        }


def test_the_story_is_as_computed_by_hand(app: Flask, story: dict[str, int]) -> None:
    with app.app_context():
        paying = fresh(story["paying"])
        assert paying.state is DossierState.AWAITING_PAYMENT
        assert as_local(paying.due_at) == local(2026, 3, 11, 9)
        assert fresh(story["completing"]).state is DossierState.SUPPLEMENT_REQUESTED
        step = paying.tasks[0]
        assert step.state is TaskState.IN_PROGRESS
        assert step.due_at is not None and step.due_at < NOW  # its share ends by 11/3


def test_the_agency_list_and_task_page_call_an_unpaid_overdue_dossier_overdue(
    app: Flask, story: dict[str, int]
) -> None:
    with app.app_context():
        cal, session = load_work_calendar(), db.session()
        scope = task_scope(actor(f"leader.{AGENCY}"))
        rows = task_list(session, states=scope.working_states, cal=cal, now=NOW, scope=scope).items
        urgency = {row.task_id: row.urgency for row in rows}
        assert urgency[story["paying_task"]] is Urgency.OVERDUE
        # The applicant completing the file: the clock is stopped, the badge says so.
        assert urgency[story["completing_task"]] is Urgency.PAUSED
        counts = urgency_counts(session, cal=cal, now=NOW, scope=scope)
        assert counts[Urgency.OVERDUE] == 1

        page = task_view(session, story["paying_task"], actor(f"leader.{AGENCY}"), NOW, cal)
        assert page.urgency is Urgency.OVERDUE
        page = task_view(session, story["completing_task"], actor(f"leader.{AGENCY}"), NOW, cal)
        assert page.urgency is Urgency.PAUSED


def test_the_dashboard_and_the_sweep_agree_with_the_agency(
    app: Flask, story: dict[str, int]
) -> None:
    with app.app_context():
        cal = load_work_calendar()
        board = build_dashboard(build_scope(unit_id(AGENCY)), moments(cal, NOW))
        assert board.totals["overdue"] == 1  # the unpaid one
        assert board.totals["supplementing"] == 1  # the one being completed
        assert sum(load.overdue for load in board.by_agency) == 1  # its step, overdue too

        swept = run_sweep(NOW)
        assert (swept.dossiers_overdue, swept.tasks_overdue) == (1, 1)
        assert fresh(story["paying"]).deadline_flag == "overdue"
        assert fresh(story["completing"]).deadline_flag is None
