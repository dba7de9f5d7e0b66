"""What a public lookup asks the database (the page most asked for, issue 10): the dossier
by its code, its public timeline kept on the same row (never the events), plus the
calendar only while the dossier's clock runs (to say whether it is late); never the staff
accounts, whose names the public does not see."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from tests.services.support import (
    APPLICANT,
    actor,
    counter_receipt,
    dossier_version,
    draft_with_documents,
    fresh,
    local,
    procedure_id,
    submit_draft,
    unit_id,
)
from vpub_onestop.extensions import db
from vpub_onestop.services import reception


@contextmanager
def selects(app: Flask) -> Iterator[list[str]]:
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _address(dossier_id: int) -> dict[str, str | None]:
    dossier = fresh(dossier_id)
    return {"ma": dossier.code, "khoa": dossier.lookup_key}


def _look_up(client: FlaskClient, address: dict[str, str | None]) -> str:
    response = client.get("/tra-cuu", query_string=address)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_refused_dossier_is_answered_from_its_row_alone(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        citizen = actor("citizen1")
        draft = draft_with_documents(
            citizen, procedure_id("1.000894"), unit_id("px_quynhon"), APPLICANT
        )
        submit_draft(citizen, draft, now=local(2026, 3, 2, 8))
        reception.refuse_dossier(
            actor("reception.px_quynhon"),
            draft,
            "Không thuộc thẩm quyền.",
            now=local(2026, 3, 2, 9),
            expected_version=dossier_version(draft),
        )
        address = _address(draft)
        client.get("/tra-cuu")  # the page's first render, outside the count
        with selects(app) as sent:
            page = _look_up(client, address)
    assert "Không được tiếp nhận" in page
    assert "Từ chối tiếp nhận" in page  # the history is shown...
    assert len(sent) == 1, sent  # ...from the dossier's row, read by its code
    assert not any("dossier_event" in s or "calendar" in s or "user_account" in s for s in sent)


def test_an_open_dossier_also_reads_the_calendar_to_say_whether_it_is_late(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        # Received at the commune counter on Mon 2/3/2026 09:00: 5 working days, long past.
        dossier_id = counter_receipt(
            actor("reception.px_quynhon"),
            procedure_id("1.000894"),
            APPLICANT,
            now=local(2026, 3, 2),
        ).id
        address = _address(dossier_id)
        client.get("/tra-cuu")
        with selects(app) as sent:
            page = _look_up(client, address)
    assert "Quá hạn" in page
    assert len(sent) == 2, sent  # + the calendar's revision (the calendar itself is kept)
    assert sum("calendar_revision" in s for s in sent) == 1
    assert not any("user_account" in s for s in sent), sent
