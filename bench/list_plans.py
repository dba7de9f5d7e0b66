"""`python -m bench.list_plans --database-url URL`: the staff lists' and the home page's
statements on a generated database (bench/generate): for the busiest unit's reception
officer, the busiest agency's leader and specialist, each list filter and sort, the plan
of every statement a page runs (EXPLAIN ANALYZE on PostgreSQL) and the best of RUNS
in-process times. The figures go to bench/PLANS.md ("Staff lists and the officer's day")."""

from __future__ import annotations

import argparse
import time
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from bench.generate.reference import make_app
from bench.search_plans import _busiest_officer
from vpub_onestop import clock
from vpub_onestop.access.actors import actor_for
from vpub_onestop.domain.roles import Role
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier
from vpub_onestop.queries.officer_day import officer_day
from vpub_onestop.queries.staff_lists import DueWindow, Filters, Sort, StateFilter, staff_list
from vpub_onestop.services.clock import load_work_calendar

RUNS = 5


def _cases(session: Session, actor: Any) -> list[tuple[str, Filters]]:
    some_procedure = session.scalar(
        select(Dossier.procedure_id).where(Dossier.receiving_unit_id == actor.agency_id).limit(1)
    )
    cases = [
        ("open, due first (default)", Filters()),
        ("overdue", Filters(due=DueWindow.OVERDUE)),
        ("due today", Filters(due=DueWindow.TODAY)),
        ("one procedure", Filters(procedure_id=some_procedure)),
        ("online channel", Filters(channel="online")),
    ]
    if actor.role in (Role.RECEPTION, Role.UNIT_HEAD):
        cases += [
            ("held by one agency", Filters(holder_id=_some_holder(session, actor))),
            ("all received, newest first", Filters(state=StateFilter.ALL)),
            ("returned, oldest first", Filters(state=StateFilter.RETURNED, sort=Sort.OLDEST)),
        ]
    elif actor.role is Role.SPECIALIST:
        cases.append(("sent back", Filters(sent_back=True)))
    return cases


def _some_holder(session: Session, actor: Any) -> int | None:
    from vpub_onestop.models import StepTask

    return session.scalar(
        select(StepTask.agency_id)
        .join(Dossier, Dossier.id == StepTask.dossier_id)
        .where(Dossier.receiving_unit_id == actor.agency_id)
        .limit(1)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    app = make_app(args.database_url)
    with app.app_context():
        session = db.session()
        now, cal = clock.now(), load_work_calendar()
        for role in (Role.RECEPTION, Role.LEADER, Role.SPECIALIST):
            actor = actor_for(_busiest_officer(session, role))
            print(f"\n# {role.value} (agency {actor.agency_id})")
            for label, filters in _cases(session, actor):
                _measure(
                    session,
                    f"{label}",
                    lambda f=filters, a=actor: staff_list(session, a, f, now=now, cal=cal),
                )
            _measure(
                session,
                "home page figures",
                lambda a=actor: officer_day(session, a, now=now, cal=cal),
            )


def _measure(session: Session, label: str, run: Any) -> None:
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        captured.append((statement, parameters))

    engine = session.get_bind()
    times = []
    for attempt in range(RUNS):
        if attempt == RUNS - 1:
            event.listen(engine, "before_cursor_execute", capture)
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    event.remove(engine, "before_cursor_execute", capture)
    print(f"\n## {label}: {len(captured)} statements, best {min(times):.1f} ms")
    dialect = session.get_bind().dialect.name
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if dialect == "postgresql" else "EXPLAIN QUERY PLAN "
    raw = session.connection().connection.driver_connection
    assert raw is not None
    for statement, parameters in captured:
        if not statement.lstrip().upper().startswith("SELECT"):
            continue
        cursor = raw.cursor()
        cursor.execute(prefix + statement, parameters)
        plan = [" | ".join(str(v) for v in row) for row in cursor.fetchall()]
        print("   --", " ".join(statement.split())[:160])
        for line in plan:
            print("   ", line)


if __name__ == "__main__":
    main()
