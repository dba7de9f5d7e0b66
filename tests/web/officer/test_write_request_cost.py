"""What a whole submission and a whole receipt cost the database through their pages:
the signed-in user, the dossier, the write and nothing more, in as many statements after
the province has filled up as before. The service-level count
(tests/services/test_write_path_cost.py) misses what the request adds around the use case
(the user's row, the calendar's token, a re-read after the commit for the message shown);
this count includes them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from tests.services.support import (
    actor,
    counter_receipt,
    draft_with_documents,
    procedure_id,
    unit_id,
)
from tests.web.officer import scenarios
from tests.web.officer.conftest import Clients, Clock, form_for, text_of
from vpub_onestop.domain.status import DossierState
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier
from vpub_onestop.services import webhooks

# PostgreSQL: submit = user, dossier (with its tasks, procedure, documents, unit), the
# documents given, the day's counter, event, outbox (both rows in one INSERT), the
# dossier's UPDATE, the status-feed entry, the public timeline's upsert; receive = user,
# dossier, calendar token, event, UPDATE, the steps' INSERT, outbox, the status-feed entry,
# daily summary, the public timeline's upsert. Each may also
# read the webhook subscriptions (one SELECT, cached per process for a while): counted
# here every time, cold. SQLite adds a BEGIN for the user's read and a BEGIN IMMEDIATE
# for the write (services/uow.py); its outbox rows go in one executemany, as on PostgreSQL.
AT_MOST = {"postgresql": {"submit": 10, "receive": 11}, "sqlite": {"submit": 12, "receive": 13}}


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _post_form(client: FlaskClient, page: str, action: str, app: Flask) -> tuple[int, int]:
    data = form_for(text_of(client.get(page)), action)
    assert data is not None, f"no form posting to {action} on {page}"
    webhooks.forget_subscriptions()
    with statements(app) as sent:
        answer = client.post(action, data=data)
    return answer.status_code, len(sent)


def _submit_and_receive(app: Flask, client_for: Clients, clock: Clock) -> tuple[int, int]:
    citizen = actor("citizen1")
    draft = draft_with_documents(
        citizen, procedure_id(scenarios.SIMPLE), unit_id("px_quynhon"), now=clock.now
    )
    status, submitting = _post_form(
        client_for("citizen1"),
        f"/ho-so-cua-toi/{draft}/xem-lai",
        f"/ho-so-cua-toi/{draft}/nop",
        app,
    )
    assert status == 302
    db.session.rollback()
    status, receiving = _post_form(
        client_for("reception.px_quynhon"),
        f"/mot-cua/kiem-tra/{draft}",
        f"/mot-cua/ho-so/{draft}/tiep-nhan",
        app,
    )
    assert status == 302
    db.session.rollback()
    received = db.session.get(Dossier, draft)
    assert received is not None and received.state is DossierState.RECEIVED
    return submitting, receiving


def test_a_submission_and_a_receipt_cost_the_same_few_statements_at_any_volume(
    officer_app: Flask, client_for: Clients, clock: Clock
) -> None:
    limits = AT_MOST[db.engine.dialect.name]
    first = _submit_and_receive(officer_app, client_for, clock)
    assert first[0] <= limits["submit"], first
    assert first[1] <= limits["receive"], first

    desk = actor("reception.px_quynhon")
    for _ in range(30):
        counter_receipt(desk, procedure_id(scenarios.SIMPLE), now=clock.advance(minutes=1))

    assert _submit_and_receive(officer_app, client_for, clock) == first
