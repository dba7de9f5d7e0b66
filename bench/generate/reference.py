"""The database the generator fills: schema from the project's migrations, reference data
from its own bootstrap (calendar, agencies, procedures, demo accounts), read back as plain
values the stories use without touching the ORM per dossier."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask
from sqlalchemy import func, inspect, select

from vpub_onestop import clock, create_app
from vpub_onestop.domain.calendar import WorkCalendar
from vpub_onestop.domain.deadlines import TimeLimit
from vpub_onestop.domain.time_windows import TimeRuleSettings
from vpub_onestop.extensions import db
from vpub_onestop.models import Agency, Dossier, Procedure, User
from vpub_onestop.services.clock import load_work_calendar, supplement_clock_policy
from vpub_onestop.services.supplements import time_rule_settings


def make_app(database_url: str, upload_dir: str | None = None) -> Flask:
    """The real app on `database_url` (its config, its demo clock if DEMO_CLOCK_START is set)."""
    overrides: dict[str, Any] = {"SQLALCHEMY_DATABASE_URI": database_url}
    if upload_dir:
        overrides["UPLOAD_DIR"] = upload_dir
    return create_app(None, **overrides)


def prepare_database(app: Flask) -> list[str]:
    """`flask db upgrade` when the schema is missing, then `flask bootstrap` (the demo
    catalogue, calendar and accounts) when there is no agency yet. Returns what it did."""
    from flask_migrate import upgrade

    done: list[str] = []
    with app.app_context():
        if not inspect(db.engine).has_table("dossier"):
            upgrade()
            done.append("schema created by the migrations")
        if not db.session.scalar(select(func.count()).select_from(Agency)):
            from vpub_onestop.seed.demo import seed_everything

            done.extend(seed_everything(dossier_count=0))
        db.session.remove()
    return done


@dataclass(frozen=True)
class Step:
    id: int
    stage: int
    agency_id: int | None  # None: the receiving unit
    name: str | None
    limit: TimeLimit
    needs_approval: bool


@dataclass(frozen=True)
class Proc:
    id: int
    code: str
    name: str
    level: str
    limit: TimeLimit
    immediate: bool
    document_ids: tuple[int, ...]
    document_names: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def working_hours(self) -> float:
        """The legal limit in office hours (a same-day procedure counts as one day)."""
        if self.limit.unit.value == "working_hours":
            return float(self.limit.amount)
        if self.limit.unit.value == "same_day":
            return 8.0
        return float(self.limit.amount) * 8


@dataclass(frozen=True)
class Unit:
    id: int
    key: str
    code: str
    level: str


@dataclass
class Reference:
    """Everything a story needs: calendar, policies, units, procedures and the actors."""

    now: datetime
    cal: WorkCalendar
    rules: TimeRuleSettings
    supplement_policy: str
    units: list[Unit]
    procedures: list[Proc]
    agency_keys: dict[int, str]
    agency_names: dict[int, str]
    # (role, agency id) -> (user id, full name); citizens by user id.
    staff: dict[tuple[str, int], tuple[int, str]]
    citizens: list[tuple[int, str, str | None, str | None]] = field(default_factory=list)


def load_reference(app: Flask, *, allow_dossiers: bool = False) -> Reference:
    with app.app_context():
        session = db.session
        if not allow_dossiers and session.scalar(select(func.count()).select_from(Dossier)):
            raise SystemExit(
                "the database already holds dossiers: generate into an empty one "
                "(codes and ids are allocated from scratch)"
            )
        units = [
            Unit(a.id, a.key, a.code, a.level)
            for a in session.scalars(
                select(Agency).where(Agency.is_one_stop_unit.is_(True)).order_by(Agency.id)
            )
        ]
        procedures = [
            _proc(p)
            for p in session.scalars(
                select(Procedure).where(Procedure.is_current.is_(True)).order_by(Procedure.id)
            )
        ]
        agencies = session.execute(select(Agency.id, Agency.key, Agency.name)).all()
        agency_keys = {row.id: row.key for row in agencies}
        staff: dict[tuple[str, int], tuple[int, str]] = {}
        citizens: list[tuple[int, str, str | None, str | None]] = []
        for user in session.scalars(select(User).order_by(User.id)):
            if user.role == "citizen":
                citizens.append((user.id, user.full_name, user.citizen_id, user.phone))
            elif user.agency_id is not None:
                staff.setdefault((user.role, user.agency_id), (user.id, user.full_name))
        reference = Reference(
            now=clock.now(),
            cal=load_work_calendar(),
            rules=time_rule_settings(),
            supplement_policy=supplement_clock_policy(),
            units=units,
            procedures=procedures,
            agency_keys=agency_keys,
            agency_names={row.id: row.name for row in agencies},
            staff=staff,
            citizens=citizens,
        )
        session.remove()
    return reference


def _proc(p: Procedure) -> Proc:
    return Proc(
        id=p.id,
        code=p.code,
        name=p.name,
        level=p.level,
        limit=TimeLimit.parse(p.limit_text),
        immediate=p.immediate_result,
        document_ids=tuple(d.id for d in p.documents),
        document_names=tuple(d.name for d in p.documents),
        steps=tuple(
            Step(
                s.id,
                s.stage,
                s.agency_id,
                s.task_name,
                TimeLimit.parse(s.budget_text),
                s.needs_approval,
            )
            for s in p.steps
        ),
    )
