"""Fixtures for the citizen portal: a test client on the seeded app (tests/conftest.py),
helpers to sign in, read CSRF tokens and build uploads, and a real SMTP server."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from tests.services.support import (
    actor,
    dossier_version,
    draft_with_documents,
    local,
    procedure_id,
    submit_draft,
    unit_id,
)
from tests.web.conftest import csrf_token_from
from tests.web.conftest import log_in as _log_in
from vpub_onestop.extensions import db, limiter
from vpub_onestop.models import Dossier, DossierFile, User
from vpub_onestop.services import reception
from vpub_onestop.services.applicants import Applicant

PASSWORD = "password-123"  # every account seeded by tests/conftest.py

# Smallest byte strings that the upload check recognises by content.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# A Windows executable ("MZ" header) renamed to look like a PDF.
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    limiter.reset()  # the limiter is process-wide: every test starts with a clean count
    return app.test_client()


def log_in(client: FlaskClient, username: str, password: str = PASSWORD) -> None:
    response = _log_in(client, username, password)
    assert response.status_code == 302, "log in failed"


def token(client: FlaskClient, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    return csrf_token_from(page.get_data(as_text=True))


def text(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def upload(data: bytes, name: str) -> tuple[io.BytesIO, str]:
    return io.BytesIO(data), name


def document_ids(app: Flask, code: str) -> list[int]:
    from tests.services.support import procedure_id
    from vpub_onestop.models import RequiredDocument

    with app.app_context():
        return list(
            db.session.scalars(
                select(RequiredDocument.id)
                .where(RequiredDocument.procedure_id == procedure_id(code))
                .order_by(RequiredDocument.position)
            )
        )


def counts(app: Flask) -> tuple[int, int]:
    """(dossiers, files) in the database."""
    with app.app_context():
        dossiers = db.session.scalar(select(func.count()).select_from(Dossier)) or 0
        files = db.session.scalar(select(func.count()).select_from(DossierFile)) or 0
        db.session.remove()
        return dossiers, files


def user_count(app: Flask) -> int:
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(User)) or 0
        db.session.remove()
        return total


def draft_fields(**changes: Any) -> dict[str, Any]:
    """A valid submission form for citizen1 at the Quy Nhơn commune centre (unit id is set
    by the caller: ids depend on the seed order)."""
    data: dict[str, Any] = {
        "name": "Nguyễn Văn An",
        "id_number": "079090001234",
        "phone": "0905123401",
        "email": "an.nguyen@example.com",
        "address": "12 Trần Hưng Đạo, phường Quy Nhơn",
        "result_delivery": "online",
    }
    data.update(changes)
    return data


# --- a real SMTP server on loopback ------------------------------------------------------


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def subjects(self) -> list[str]:
        return [str(message["Subject"]) for message in self.messages]

    def bodies(self) -> list[str]:
        return [message.get_content() for message in self.messages]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def mailbox(app: Flask) -> Iterator[Mailbox]:
    """Mail goes out through SMTP right after each commit, to this server."""
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, OUTBOX_AUTOSEND=True)
    try:
        yield box
    finally:
        controller.stop()


MARRIAGE = "1.000894"  # Đăng ký kết hôn (commune, 5 working days): one mandatory document


def version_in(page: str) -> str:
    import re

    match = re.search(r'name="version" type="hidden" value="(\d+)"', page)
    assert match, "no version field in the page"
    return match.group(1)


def submit_online(
    app: Flask,
    client: FlaskClient,
    code: str = MARRIAGE,
    unit_key: str = "px_quynhon",
    **fields: Any,
) -> int:
    """Go through the web flow (form with a file → review → submit); returns the dossier id."""
    from tests.services.support import unit_id

    with app.app_context():
        unit = unit_id(unit_key)
    start = f"/thu-tuc/{code}/nop-truc-tuyen"
    uploads = {
        f"doc_{doc_id}": upload(PDF, f"giay-to-{n}.pdf")
        for n, doc_id in enumerate(document_ids(app, code))
    }
    data = draft_fields(
        csrf_token=token(client, start), receiving_unit_id=unit, proceed="x", **fields
    )
    to_review = client.post(start, data={**data, **uploads}, content_type="multipart/form-data")
    assert to_review.status_code == 302, text(to_review)
    review = text(client.get(to_review.location))
    dossier_id = int(to_review.location.split("/")[-2])
    done = client.post(
        f"/ho-so-cua-toi/{dossier_id}/nop",
        data={"csrf_token": token(client, to_review.location), "version": version_in(review)},
    )
    assert done.status_code == 302 and done.location.endswith("/da-nop")
    return dossier_id


def marriage_received_monday_9am(app: Flask) -> int:
    """citizen1's marriage registration (1.000894, 5 working days), submitted online Sun
    1/3/2026 20:05 and received Mon 2/3/2026 09:00: due Mon 9/3 09:00 (Tue, Wed, Thu, Fri,
    Mon, each a full office day of 8 hours)."""
    with app.app_context():
        citizen = actor("citizen1")
        draft = draft_with_documents(
            citizen,
            procedure_id("1.000894"),
            unit_id("px_quynhon"),
            Applicant(name="Nguyễn Văn An", phone="0905123401"),
            now=local(2026, 3, 1, 20),
        )
        submit_draft(citizen, draft, now=local(2026, 3, 1, 20, 5))
        reception.receive_dossier(
            actor("reception.px_quynhon"),
            draft,
            now=local(2026, 3, 2, 9),
            expected_version=dossier_version(draft),
        )
        return draft
