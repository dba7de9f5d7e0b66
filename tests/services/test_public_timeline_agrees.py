"""The public timeline each dossier keeps on its row (what the lookup shows;
docs/architecture.md#public-timeline) always says what its events say, as the public reads
them: after every kind of act — receipt at the counter and online, refusal, return for
completion, inter-agency steps, supplements under both clock policies, an apology (on time
and late), a stop after an unanswered supplement request, a denial, withdrawal, voids, a
result handed over at once at the counter — and a rebuild from the events gives the same
timelines. Runs on SQLite and, with TEST_POSTGRES_URL, on PostgreSQL (the `app` fixture)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import delete, select

from tests.services.support import (
    actor,
    dossier_version,
    fresh,
    local,
    task_version,
)
from tests.services.test_immediate_result import CERTIFIED_COPY, _walk_in
from tests.services.test_summary_agrees import _more_acts, _void
from tests.web.monitor.month_story import (
    DESK,
    MARRIAGE,
    assign,
    build_march,
    counter,
    dispatch,
)
from tests.web.slips import scenarios
from vpub_onestop.domain.public_timeline import (
    DENIED_WORDING,
    IMMEDIATE_WORDING,
    LATE_APOLOGY_WORDING,
    STOP_NOTICE_WORDING,
)
from vpub_onestop.domain.visibility import PUBLIC_LOOKUP, Audience, Viewer
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, DossierPublicTimeline
from vpub_onestop.queries.timeline import dossier_timeline, public_entries
from vpub_onestop.services import closing, processing, public_timeline, supplements
from vpub_onestop.services import counter as counter_desk
from vpub_onestop.services.uow import unit_of_work

STAFF = Viewer(Audience.ADMIN)  # reads the events themselves


def _public(entries: list[Any]) -> list[tuple[Any, ...]]:
    """What the public sees of each entry (and the role, which the API's public view shows)."""
    return [
        (e.at, e.action, e.state_label, e.agency_name, e.is_step, e.actor_role, e.actor_name)
        for e in entries
    ]


def _stored() -> dict[int, str | None]:
    """Each dossier's kept timeline (None: no row kept for it)."""
    found = dict(
        db.session.execute(
            select(Dossier.id, DossierPublicTimeline.entries).outerjoin(
                DossierPublicTimeline, DossierPublicTimeline.dossier_id == Dossier.id
            )
        ).all()
    )
    db.session.rollback()
    return found


def _assert_agrees() -> dict[int, str | None]:
    stored = _stored()
    assert stored
    for dossier_id, text in stored.items():
        from_events = dossier_timeline(db.session, dossier_id, STAFF)
        kept = public_entries(text)
        # The events' view shows names; the public one never does.
        assert _public(kept) == [(*row[:-1], None) for row in _public(from_events)], dossier_id
        assert (text is None) == (not from_events), dossier_id
        assert _public(dossier_timeline(db.session, dossier_id, PUBLIC_LOOKUP)) == _public(kept)
    db.session.rollback()
    return stored


def _variants() -> dict[str, int]:
    """One dossier for each change whose public wording depends on what it recorded."""
    ids: dict[str, int] = {}
    # A leader denies the marriage registration: the route ends with a written answer.
    ids["denied"] = counter(MARRIAGE, local(2026, 4, 6, 9))
    dispatch(ids["denied"], local(2026, 4, 6, 9, 30))
    task_id = assign(ids["denied"], "px_quynhon", local(2026, 4, 6, 14))
    processing.deny_step(
        actor("leader.px_quynhon"),
        task_id,
        "Không đủ điều kiện kết hôn theo quy định.",
        now=local(2026, 4, 7, 10),
        expected_version=task_version(task_id),
    )
    closing.return_result(
        actor(DESK),
        ids["denied"],
        "counter",
        receipt_code=fresh(ids["denied"]).code,
        now=local(2026, 4, 8, 9),
        expected_version=dossier_version(ids["denied"]),
    )
    # Due Wed 11/3/2026 09:00 (scenarios.apologised): an apology on Thu 12/3 is late.
    ids["late apology"] = scenarios.apologised(at=local(2026, 3, 12, 10))
    # Asked for documents on Wed 4/3 that never came (30 working days: until Wed 15/4);
    # stopped once the deadline passed.
    ids["stopped"] = scenarios.supplement_requested()
    supplements.close_unsupplemented(
        actor(scenarios.PROVINCE_DESK),
        ids["stopped"],
        "Quá thời hạn không bổ sung hồ sơ.",
        now=local(2026, 4, 16, 8),
        expected_version=dossier_version(ids["stopped"]),
    )
    ids["immediate"] = counter_desk.hand_over_at_counter(
        actor(DESK), _walk_in(CERTIFIED_COPY), now=local(2026, 3, 10, 9, 30)
    ).id
    ids["refused"] = scenarios.refused_online()
    ids["returned for completion"] = scenarios.returned_for_completion_online()
    ids["inter-agency"] = scenarios.inter_agency_worked_to_the_end()
    return ids


def _actions(dossier_id: int) -> list[str]:
    return [entry.action for entry in public_entries(_stored()[dossier_id])]


def test_the_kept_timeline_equals_the_events_after_every_kind_of_act(app: Flask) -> None:
    with app.app_context():
        ids = build_march()
        _assert_agrees()
        _more_acts()
        variants = _variants()
        _void(ids["F1"], local(2026, 4, 20, 9))  # finished in March
        _void(ids["F5"], local(2026, 4, 20, 10))  # still open
        _assert_agrees()
        # Each wording that depends on what the change recorded was exercised.
        assert DENIED_WORDING in _actions(variants["denied"])
        assert LATE_APOLOGY_WORDING in _actions(variants["late apology"])
        assert STOP_NOTICE_WORDING in _actions(variants["stopped"])
        assert IMMEDIATE_WORDING in _actions(variants["immediate"])
        # The steps of the three agencies of an inter-agency route name their agency.
        text = _stored()[variants["inter-agency"]]
        agencies = {e.agency_name for e in public_entries(text) if e.is_step}
        assert len(agencies) == 3, agencies


def test_a_rebuild_from_the_events_gives_the_kept_timelines(app: Flask) -> None:
    with app.app_context():
        build_march()
        _more_acts()
        _variants()
        kept = _stored()
        db.session.execute(delete(DossierPublicTimeline))
        db.session.commit()
        assert not any(_stored().values())
        with unit_of_work(send_outbox=False) as session:
            public_timeline.rebuild(session)
        rebuilt = _stored()
        assert {k: public_entries(v) for k, v in rebuilt.items()} == {
            k: public_entries(v) for k, v in kept.items()
        }
        # Rebuilding some dossiers leaves the others alone.
        some = sorted(kept)[:3]
        db.session.execute(delete(DossierPublicTimeline))
        db.session.commit()
        with unit_of_work(send_outbox=False) as session:
            public_timeline.rebuild(session, some)
        partly = _stored()
        assert {k for k, v in partly.items() if v} == {k for k in some if kept[k]}
