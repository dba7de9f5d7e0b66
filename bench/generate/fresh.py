"""Work for the write benchmarks, added to a generated database just before a run: online
drafts complete with their files (one "submit" each) and submitted dossiers (one "receive"
each), owned by one citizen and addressed to one unit, dated shortly before now."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import Table, select, update
from sqlalchemy.engine import Connection

from bench.generate import acts, bulk
from bench.generate.files import component_files
from bench.generate.reference import Reference, load_reference
from bench.generate.sink import Sink
from bench.generate.story import Story
from bench.generate.timeline import Timeline
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.models import DossierCounter


@dataclass(frozen=True)
class Fresh:
    drafts: list[tuple[int, int]]  # (dossier id, version) to submit
    submitted: list[tuple[int, int]]  # (dossier id, version) to receive


def add_fresh_work(
    app: Flask, citizen: str, unit_key: str, drafts: int, submitted: int, seed: int = 1
) -> Fresh:
    ref = load_reference(app, allow_dossiers=True)
    with app.app_context():
        engine = db.engine
        sink = Sink(bulk.first_ids(engine))
        owner = _citizen(ref, citizen)
        unit = next(u for u in ref.units if u.key == unit_key)
        procedure = next(p for p in ref.procedures if p.level == unit.level and p.steps)
        rng = random.Random(seed)
        line = Timeline(ref.cal, ref.now, rng)
        counters = _counters(unit.code)
        before = dict(counters)
        made: dict[str, list[tuple[int, int]]] = {"drafts": [], "submitted": []}
        for kind, count in (("drafts", drafts), ("submitted", submitted)):
            for index in range(count):
                at = ref.now - timedelta(minutes=30, seconds=index)
                story = Story(ref, line, rng, sink, procedure, unit, "online")
                story.dossier = _dossier(sink, story)
                if kind == "drafts":  # services.portal.save_draft: files, no event, no code
                    story.dossier.update(created_at=at, owner_user_id=owner[0])
                    story.files.extend(component_files(story, at, owner[0]))
                else:
                    acts.submit_online(story, at, counters, owner)
                story.commit()
                made[kind].append((story.dossier["id"], story.dossier["version"]))
        with engine.begin() as connection:
            bulk.Writer(connection).write(sink.take())
            _save_counters(connection, counters, before)
        bulk.finish(engine, analyze=False)
    return Fresh(made["drafts"], made["submitted"])


def _citizen(ref: Reference, username_index: str) -> tuple[int, str]:
    """The n-th demo citizen ("citizen1" is the first account of the citizen role)."""
    position = int(username_index.removeprefix("citizen")) - 1
    user_id = ref.citizens[position][0]
    return user_id, "citizen"


def _dossier(sink: Sink, story: Story) -> dict[str, Any]:
    return {
        "id": sink.new_id("dossier"),
        "procedure_id": story.proc.id,
        "receiving_unit_id": story.unit.id,
        "channel": "online",
        "state": DossierState.DRAFT,
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "079090001234",
        "applicant_phone": "0905123401",
        "applicant_address": "Gia Lai",
        "sets_count": 1,
        "result_delivery": "online",
        "supplement_requests": 0,
        "due_provisional": False,
    }


def _counters(unit_code: str) -> acts.Counters:
    rows = db.session.execute(
        select(DossierCounter.unit_code, DossierCounter.day, DossierCounter.last_seq).where(
            DossierCounter.unit_code == unit_code
        )
    )
    return {(row.unit_code, row.day): row.last_seq for row in rows}


def _save_counters(connection: Connection, counters: acts.Counters, before: acts.Counters) -> None:
    """New days' counters inserted, moved ones updated: the next receipt continues after."""
    bulk.write_counters(connection, {k: v for k, v in counters.items() if k not in before})
    table = DossierCounter.__table__
    assert isinstance(table, Table)
    for (unit, day), seq in counters.items():
        if (unit, day) in before and before[(unit, day)] != seq:
            connection.execute(
                update(table)
                .where(table.c.unit_code == unit, table.c.day == day)
                .values(last_seq=seq)
            )
