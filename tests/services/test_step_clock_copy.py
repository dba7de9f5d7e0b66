"""Each step carries whether its dossier's clock runs (`step_task.clock_running`,
docs/architecture.md#step-clock-copy), and the copy always says what the rule says
(domain.dossier_clock.clock_runs of the dossier's state): after receipts, dispatches,
finished routes, supplement requests under both clock policies and the complete files that
resume them, a payment request, an apology, a withdrawal and a void. The agency's badge
counts read the copy, so a dossier whose applicant is completing the file leaves them and
comes back when the file is complete; `flask summary rebuild` repairs a wrong copy. Runs on
SQLite and, with TEST_POSTGRES_URL, on PostgreSQL (the `app` fixture)."""

from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy import select, update

from tests.services.support import actor, dossier_version, local
from tests.web.monitor.month_story import (
    DESK,
    JUSTIFICATION,
    MARRIAGE,
    ask_supplement,
    assign,
    build_march,
    counter,
    dispatch,
)
from vpub_onestop.domain.dossier_clock import clock_runs
from vpub_onestop.domain.task_scope import task_scope
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, StepTask
from vpub_onestop.queries.agency_queues import Urgency
from vpub_onestop.queries.open_work import urgency_counts
from vpub_onestop.services import closing, supplements
from vpub_onestop.services.clock import load_work_calendar

AGENCY = "px_quynhon"


def _copies() -> list[tuple[int, bool, bool]]:
    """(step id, the step's copy, the rule on its dossier's state now) for every step."""
    rows = db.session.execute(
        select(StepTask.id, StepTask.clock_running, Dossier.state).join(
            Dossier, Dossier.id == StepTask.dossier_id
        )
    ).all()
    db.session.rollback()
    return [(step, bool(copy), clock_runs(state)) for step, copy, state in rows]


def _assert_copy_is_the_rule() -> None:
    copies = _copies()
    assert copies
    assert [row for row in copies if row[1] != row[2]] == []


def _copy_of(dossier_id: int) -> set[bool]:
    rows = db.session.scalars(
        select(StepTask.clock_running).where(StepTask.dossier_id == dossier_id)
    ).all()
    db.session.rollback()
    return {bool(value) for value in rows}


def _overdue_for_leader(at_day: int) -> int:
    scope = task_scope(actor(f"leader.{AGENCY}"))
    now = local(2026, 4, at_day, 16)
    counts = urgency_counts(db.session(), cal=load_work_calendar(), now=now, scope=scope)
    db.session.rollback()
    return counts[Urgency.OVERDUE]


def test_the_copy_is_the_rule_after_every_kind_of_act(app: Flask) -> None:
    with app.app_context():
        # February and March: receipts at the counter and online, finished routes, a
        # dossier asked twice to complete its file (restart policy) and completed.
        build_march()
        _assert_copy_is_the_rule()
        both = {copy for _, copy, _ in _copies()}
        assert both == {True, False}  # finished dossiers' steps and open ones

        # Received 1/4 09:00, marriage registration (5 working days): its step runs.
        paying = counter(MARRIAGE, local(2026, 4, 1, 9))
        dispatch(paying, local(2026, 4, 1, 9, 30))
        assign(paying, AGENCY, local(2026, 4, 1, 14))
        assert _copy_of(paying) == {True}
        # Paying a fee is not completing the file: the clock keeps running.
        closing.request_payment(
            actor(f"specialist.{AGENCY}"),
            paying,
            100_000,
            "Lệ phí",
            now=local(2026, 4, 2, 10),
            expected_version=dossier_version(paying),
        )
        assert _copy_of(paying) == {True}
        _assert_copy_is_the_rule()

        # An apology moves the due moment, not the clock.
        apologised = counter(MARRIAGE, local(2026, 4, 1, 10))
        dispatch(apologised, local(2026, 4, 1, 10, 30))
        assign(apologised, AGENCY, local(2026, 4, 1, 15))
        closing.apologise(
            actor(f"leader.{AGENCY}"),
            apologised,
            "Chờ xác minh tình trạng hôn nhân.",
            local(2026, 4, 14, 9),
            now=local(2026, 4, 6, 10),
            expected_version=dossier_version(apologised),
        )
        assert _copy_of(apologised) == {True}

        # Pause policy: asked to complete the file, the clock stops; the file complete,
        # it runs again.
        current_app.config["POLICY_SUPPLEMENT_CLOCK"] = "pause"
        ask_supplement(apologised, local(2026, 4, 7, 10), JUSTIFICATION)
        assert _copy_of(apologised) == {False}
        _assert_copy_is_the_rule()
        supplements.supply_supplement(
            actor(DESK),
            apologised,
            now=local(2026, 4, 10, 9),
            expected_version=dossier_version(apologised),
        )
        assert _copy_of(apologised) == {True}
        _assert_copy_is_the_rule()

        # Withdrawn while the applicant owed documents: stopped for good.
        owed = counter(MARRIAGE, local(2026, 4, 2, 9))
        dispatch(owed, local(2026, 4, 2, 9, 30))
        assign(owed, AGENCY, local(2026, 4, 2, 14))
        ask_supplement(owed, local(2026, 4, 3, 10))
        closing.request_withdrawal(
            actor(DESK),
            owed,
            "Công dân xin rút hồ sơ.",
            now=local(2026, 4, 8, 9),
            expected_version=dossier_version(owed),
        )
        closing.confirm_withdrawal(
            actor(DESK), owed, now=local(2026, 4, 8, 10), expected_version=dossier_version(owed)
        )
        assert _copy_of(owed) == {False}

        # Voiding an open dossier stops its clock too.
        closing.void_dossier(
            actor("admin.ttpvhcc"),
            paying,
            "Nhập trùng hồ sơ.",
            now=local(2026, 4, 20, 9),
            expected_version=dossier_version(paying),
        )
        assert _copy_of(paying) == {False}
        _assert_copy_is_the_rule()


def test_the_leader_s_overdue_count_follows_the_clock(app: Flask) -> None:
    with app.app_context():
        # Received Wed 1/4/2026 09:00; 5 working days from Thu 2/4 (Thu 2, Fri 3, Mon 6,
        # Tue 7, Wed 8) put the dossier due Wed 8/4 09:00; its single step's share of the route ends
        # no later than that, so on Thu 9/4 16:00 the step is overdue.
        dossier = counter(MARRIAGE, local(2026, 4, 1, 9))
        dispatch(dossier, local(2026, 4, 1, 9, 30))
        assign(dossier, AGENCY, local(2026, 4, 1, 14))
        assert _overdue_for_leader(9) == 1
        # The applicant is asked on 9/4 (late: with a written reason) to complete the
        # file: the clock stops, the step
        # leaves the overdue count although its due moment has passed.
        current_app.config["POLICY_SUPPLEMENT_CLOCK"] = "pause"
        ask_supplement(dossier, local(2026, 4, 9, 10), JUSTIFICATION)
        assert _overdue_for_leader(9) == 0
        # Completed on Fri 10/4 09:00, pause policy: the time left (none: the step was
        # already late) resumes, the step is overdue again at 16:00.
        supplements.supply_supplement(
            actor(DESK),
            dossier,
            now=local(2026, 4, 10, 9),
            expected_version=dossier_version(dossier),
        )
        assert _overdue_for_leader(10) == 1


def test_the_rebuild_command_repairs_a_wrong_copy(app: Flask) -> None:
    with app.app_context():
        build_march()
        db.session.execute(update(StepTask).values(clock_running=~StepTask.clock_running))
        db.session.commit()
        assert all(copy != rule for _, copy, rule in _copies())
    result = app.test_cli_runner().invoke(args=["summary", "rebuild"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        corrected = len(_copies())
        assert f"steps' clock copy: {corrected} corrected" in result.output
        _assert_copy_is_the_rule()
