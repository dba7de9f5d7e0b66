"""`python -m bench.search_plans --database-url URL`: the staff search's query plans and
times on a generated database (bench/generate), for a reception officer, an agency
specialist and a supervisor, each with the kinds of query officers type. The figures go
to bench/PLANS.md ("Staff search")."""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from bench.generate.reference import make_app
from vpub_onestop.access.actors import actor_for
from vpub_onestop.access.visibility import visible_dossiers
from vpub_onestop.domain.roles import Role
from vpub_onestop.domain.search import normalise_query
from vpub_onestop.domain.text import fold
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, StepTask, User
from vpub_onestop.queries.search import search_statement

RUNS = 5


def _busiest_officer(session: Session, role: Role) -> User:
    """The officer of `role` whose unit or agency has the most dossiers or steps."""
    if role is Role.RECEPTION:
        counts = select(Dossier.receiving_unit_id.label("agency"), func.count().label("n"))
        counts = counts.group_by(Dossier.receiving_unit_id)
    else:
        counts = select(StepTask.agency_id.label("agency"), func.count().label("n"))
        counts = counts.group_by(StepTask.agency_id)
    ranked = counts.subquery()
    return session.scalars(
        select(User)
        .join(ranked, ranked.c.agency == User.agency_id)
        .where(User.role == role.value)
        .order_by(ranked.c.n.desc())
        .limit(1)
    ).one()


def _queries(session: Session, actor: Any) -> list[tuple[str, str]]:
    """Queries about a dossier in the middle of what `actor` may see."""
    middle = (session.scalar(select(func.max(Dossier.id))) or 0) // 2
    scope = visible_dossiers(actor)
    assert scope is not None
    sample = session.scalars(
        select(Dossier)
        .where(scope, Dossier.code.is_not(None), Dossier.id >= middle)
        .order_by(Dossier.id)
        .limit(1)
    ).one()
    assert sample.code
    words = fold(sample.applicant_name).split()
    return [
        ("common name", "nguyen van"),
        ("full name, no accents", " ".join(words)),
        ("last 4 digits of a code", sample.code[-4:]),
        ("day + sequence", sample.code[-11:]),
        ("full code", sample.code),
        ("phone", sample.applicant_phone or "0900000000"),
        ("procedure", "ket hon"),
        ("no match", "zzqqxx"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    app = make_app(args.database_url)
    with app.app_context():
        session = db.session()
        dialect = session.get_bind().dialect.name
        officers: list[User | None] = [
            _busiest_officer(session, Role.RECEPTION),
            _busiest_officer(session, Role.SPECIALIST),
            session.scalars(select(User).where(User.role == Role.SUPERVISOR.value)).first(),
        ]
        print(f"{dialect}: {session.scalar(select(func.count(Dossier.id))):,} dossiers")
        for officer in officers:
            if officer is None:
                continue
            actor = actor_for(officer)
            for label, typed in _queries(session, actor):
                _measure(session, actor, label, normalise_query(typed), dialect)


def _measure(session: Session, actor: Any, label: str, query: str, dialect: str) -> None:
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT DOSSIER.ID"):
            captured.append((statement, parameters))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", capture)
    times, hits = [], 0
    try:
        for _ in range(RUNS):
            started = time.perf_counter()
            stmt = search_statement(session, actor, query)
            hits = len(session.execute(stmt).all())
            times.append((time.perf_counter() - started) * 1000)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    statement, parameters = captured[-1]
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if dialect == "postgresql" else "EXPLAIN QUERY PLAN "
    raw = session.connection().connection.driver_connection
    assert raw is not None
    cursor = raw.cursor()
    cursor.execute(prefix + statement, parameters)
    plan = [" | ".join(str(v) for v in row) for row in cursor.fetchall()]
    print(
        f"\n## {actor.role.value} · {label} · q={query!r}: {hits} rows (page 21 max), "
        f"median {statistics.median(times):.1f} ms, best {min(times):.1f} ms"
    )
    for line in plan:
        print("   ", line)


if __name__ == "__main__":
    main()
