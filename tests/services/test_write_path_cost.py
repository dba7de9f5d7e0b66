"""What an online submission and a receipt cost the database: a small, fixed number of
statements in one transaction, whether the province holds three dossiers or thousands.

A lazy load per relation, a state change flushed in two UPDATEs or a read after the commit
would each add a statement here; a query over all dossiers would make the count depend on
how many exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event

from tests.services.support import (
    actor,
    counter_receipt,
    dossier_version,
    draft_with_documents,
    local,
    procedure_id,
    submit_draft,
    unit_id,
)
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier
from vpub_onestop.services import portal, reception, webhooks

MARRIAGE = "1.001193"  # registered at the commune centre, one step in its route
# SQLite counts its BEGIN IMMEDIATE as a statement; both outbox rows (e-mail and SMS) go
# in one INSERT on either database. A receipt also adds to the daily summary
# (one upsert at the commit). Each status change writes its status-feed entry (one INSERT)
# and, once in a while, reads the webhook subscriptions (one SELECT): counted here every
# time, the worst case. Each transaction appends its changes to the dossier's public
# timeline (one upsert at the commit: docs/architecture.md#public-timeline).
SUBMIT_AT_MOST = 10
RECEIVE_AT_MOST = 12


@contextmanager
def statements() -> Iterator[list[str]]:
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _submit_and_receive_one() -> tuple[int, int, Dossier]:
    """Statements of the citizen's "submit" and of the desk's "receive" on a new draft,
    each called as its form calls it, with nothing of the preparation cached."""
    citizen, desk = actor("citizen1"), actor("reception.px_quynhon")
    draft = draft_with_documents(
        citizen, procedure_id(MARRIAGE), unit_id("px_quynhon"), now=local(2026, 3, 2, 8)
    )
    version = dossier_version(draft)
    db.session.expunge_all()
    webhooks.forget_subscriptions()
    with statements() as submitting:
        portal.submit(citizen, draft, expected_version=version, now=local(2026, 3, 2, 8, 5))
    version = dossier_version(draft)
    db.session.expunge_all()
    webhooks.forget_subscriptions()
    with statements() as receiving:
        received = reception.receive_dossier(
            desk, draft, expected_version=version, now=local(2026, 3, 2, 9)
        )
        # The answer the desk shows ("received, appointment on ...") reads no more rows.
        assert received.code and received.appointment_at
    return len(submitting), len(receiving), received


def _fill_the_province(n: int) -> None:
    """n more dossiers of every kind: received at the counter, submitted, received online."""
    citizen, desk = actor("citizen2"), actor("reception.px_quynhon")
    marriage, unit = procedure_id(MARRIAGE), unit_id("px_quynhon")
    for i in range(n):
        moment = local(2026, 3, 2, 10, i % 60)
        counter_receipt(desk, marriage, now=moment)
        submitted = draft_with_documents(citizen, marriage, unit, now=moment)
        submit_draft(citizen, submitted, now=moment)
        if i % 2:
            reception.receive_dossier(
                desk, submitted, expected_version=dossier_version(submitted), now=moment
            )


def test_submission_and_receipt_cost_a_few_statements_however_many_dossiers_exist(
    app: Flask,
) -> None:
    with app.app_context():
        submit_first, receive_first, received = _submit_and_receive_one()
        assert received.state is DossierState.RECEIVED
        assert submit_first <= SUBMIT_AT_MOST
        assert receive_first <= RECEIVE_AT_MOST

        _fill_the_province(40)

        submit_later, receive_later, _ = _submit_and_receive_one()
        assert (submit_later, receive_later) == (submit_first, receive_first)
