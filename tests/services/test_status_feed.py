"""The national-portal status feed: one entry per status change, written with the change,
and a consumer that pulls with its cursor sees every change once, in order, even when
transactions commit in another order than they started."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from tests.conftest import database_urls
from tests.services.support import (
    APPLICANT,
    actor,
    as_local,
    counter_receipt,
    dossier_version,
    fresh,
    local,
    online_submission,
    procedure_id,
    unit_id,
)
from vpub_onestop.domain.errors import StaleDossier
from vpub_onestop.extensions import db
from vpub_onestop.models import StatusFeedEntry
from vpub_onestop.queries.status_feed import page_after
from vpub_onestop.services import reception, status_feed


def pull(cursor: int, limit: int = 100) -> tuple[list[dict[str, Any]], int]:
    """What `GET /api/v1/sync/events?after=cursor` answers."""
    status_feed.sequence()
    page = page_after(cursor, limit)
    db.session.commit()
    return page.events, page.next_cursor


def _entry_count() -> int:
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(StatusFeedEntry)) or 0


def test_a_receipt_and_its_dispatch_are_two_entries_with_the_portal_codes(app: Flask) -> None:
    with app.app_context():
        desk = actor("reception.px_quynhon")
        dossier = counter_receipt(desk, procedure_id("1.000894"), now=local(2026, 3, 2, 9))
        reception.dispatch_dossier(
            desk,
            dossier.id,
            expected_version=dossier_version(dossier.id),
            now=local(2026, 3, 2, 10),
        )
        events, _ = pull(0)
        stored = fresh(dossier.id)

    # Received at the counter (national code 2, channel 1 = direct), then sent to the
    # agencies: being processed (code 4).
    assert [(e["status_code"], e["previous_status_code"]) for e in events] == [(2, None), (4, 2)]
    assert {e["channel"] for e in events} == {1}
    assert {e["dossier_code"] for e in events} == {stored.code}
    receipt = events[0]
    assert receipt["occurred_at"] == local(2026, 3, 2, 9).isoformat()
    # The due date and appointment the receipt set are in its own entry (they are the
    # receipt's lines after the transition, in the same transaction).
    assert stored.due_at is not None and stored.appointment_at is not None
    assert receipt["due_at"] == as_local(stored.due_at).isoformat()
    assert receipt["appointment_at"] == as_local(stored.appointment_at).isoformat()


def test_an_online_submission_is_new_with_channel_two(app: Flask) -> None:
    with app.app_context():
        citizen = actor("citizen1")
        online_submission(citizen, procedure_id("1.000894"), unit_id("px_quynhon"), APPLICANT)
        events, _ = pull(0)
    # The draft is not on the feed (the portal has no code for it); the submission is
    # "Mới đăng ký" (1), lodged online (2).
    assert [(e["status_code"], e["channel"], e["received_at"]) for e in events] == [(1, 2, None)]


def test_a_refused_stale_action_leaves_no_entry(app: Flask) -> None:
    with app.app_context():
        desk = actor("reception.px_quynhon")
        dossier = counter_receipt(desk, procedure_id("1.000894"), now=local(2026, 3, 2, 9))
        stale = dossier_version(dossier.id)
        reception.dispatch_dossier(desk, dossier.id, expected_version=stale)
        before = _entry_count()
        with pytest.raises(StaleDossier):
            reception.dispatch_dossier(desk, dossier.id, expected_version=stale)
        assert _entry_count() == before


def test_a_consumer_restarting_from_its_cursor_sees_each_change_once_in_order(
    app: Flask,
) -> None:
    with app.app_context():
        desk = actor("reception.px_quynhon")
        ids = []
        for hour in (8, 9, 10):
            ids.append(
                counter_receipt(desk, procedure_id("1.000894"), now=local(2026, 3, 2, hour)).id
            )
        seen: list[tuple[str, int]] = []
        # The consumer takes two at a time and "restarts" after each page, keeping only
        # its cursor; changes keep arriving in between.
        events, cursor = pull(0, limit=2)
        seen += [(e["dossier_code"], e["status_code"]) for e in events]
        for dossier_id in ids:
            reception.dispatch_dossier(
                desk, dossier_id, expected_version=dossier_version(dossier_id)
            )
            events, cursor = pull(cursor, limit=2)
            seen += [(e["dossier_code"], e["status_code"]) for e in events]
        # Pulling again with the same cursor is harmless: the same page, nothing lost.
        again, same_cursor = pull(cursor - 2, limit=2)
        while True:
            events, cursor = pull(cursor, limit=2)
            if not events:
                break
            seen += [(e["dossier_code"], e["status_code"]) for e in events]
        codes = [fresh(i).code for i in ids]

    expected = [(code, 2) for code in codes] + [(code, 4) for code in codes]
    assert seen == expected
    assert [(e["dossier_code"], e["status_code"]) for e in again] == expected[-2:]
    assert same_cursor == len(expected)


if "postgres" in database_urls():  # SQLite runs one writer at a time: nothing interleaves

    @pytest.mark.parametrize("app", ["postgres"], indirect=True)
    def test_an_entry_committed_after_a_later_one_is_not_skipped(app: Flask) -> None:
        """Transaction A writes its entry first and commits last. A consumer that pulled
        B's entry meanwhile must still get A's on its next pull: numbering by insertion
        (the entry's id) would have put A's behind the consumer's cursor for ever."""
        with app.app_context():
            desk = actor("reception.px_quynhon")
            first = counter_receipt(desk, procedure_id("1.000894"), now=local(2026, 3, 2, 8)).id
            # Another unit and procedure: the two changes share no row (not even a daily
            # summary row), so nothing but the feed could order them.
            second = counter_receipt(
                actor("reception.ttpvhcc"), procedure_id("1.001193"), now=local(2026, 3, 2, 9)
            ).id
            _, cursor = pull(0)
            versions = {first: dossier_version(first), second: dossier_version(second)}
            db.session.commit()

        a_wrote_its_entry = threading.Event()
        a_may_commit = threading.Event()
        failures: list[BaseException] = []

        def hold_a_before_commit(session: Session) -> None:
            # Runs after the feed's own before_commit listener (registered later), so A's
            # entry is inserted (its id taken) and A has not committed yet.
            if threading.current_thread().name == "transaction-a":
                a_wrote_its_entry.set()
                assert a_may_commit.wait(timeout=30)

        def transaction_a() -> None:
            try:
                with app.app_context():
                    reception.dispatch_dossier(
                        actor("reception.px_quynhon"), first, expected_version=versions[first]
                    )
            except BaseException as error:
                failures.append(error)

        event.listen(Session, "before_commit", hold_a_before_commit)
        try:
            thread = threading.Thread(target=transaction_a, name="transaction-a")
            thread.start()
            assert a_wrote_its_entry.wait(timeout=30)
            with app.app_context():
                reception.dispatch_dossier(
                    actor("reception.ttpvhcc"), second, expected_version=versions[second]
                )
                b_events, cursor = pull(cursor)
            a_may_commit.set()
            thread.join(timeout=30)
        finally:
            a_may_commit.set()
            event.remove(Session, "before_commit", hold_a_before_commit)
        assert failures == []

        with app.app_context():
            a_events, _ = pull(cursor)
            codes = {fresh(first).code: "A", fresh(second).code: "B"}
        assert [(codes[e["dossier_code"]], e["status_code"]) for e in b_events] == [("B", 4)]
        assert [(codes[e["dossier_code"]], e["status_code"]) for e in a_events] == [("A", 4)]
        # A's entry really was inserted first: a cursor over ids would have skipped it.
        assert a_events[0]["id"] < b_events[0]["id"]
