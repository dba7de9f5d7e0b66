"""`POST /api/v1/dossiers`: an online submission in one request, with the checks and
services of the portal's pages (services/portal.py, services/intake.py), made idempotent
by the caller's `Idempotency-Key` (docs/api.md#idempotency).

A key names one submission of one caller for IDEMPOTENCY_TTL. The same key with the same
request returns the first answer and creates nothing; with a different request it is
refused (422): the caller reused a key by mistake, and guessing which request it meant
would be wrong either way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from vpub_onestop import clock
from vpub_onestop.domain.errors import N_, ValidationError
from vpub_onestop.domain.formatting import local_day
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.extensions import db
from vpub_onestop.models import Dossier, IdempotencyKey
from vpub_onestop.queries.api_dossiers import moment
from vpub_onestop.services import declaration, intake, portal
from vpub_onestop.services.uow import unit_of_work

IDEMPOTENCY_TTL = timedelta(hours=24)
KEY_MAX = 200
KEY_FIELD = "Idempotency-Key"


@dataclass(frozen=True)
class Answer:
    status_code: int
    body: dict[str, Any]
    replayed: bool


def check_key(key: str | None) -> str | None:
    if key is None:
        return None
    if not key or len(key) > KEY_MAX or not key.isascii() or not key.isprintable():
        raise ValidationError(
            N_("Idempotency-Key không hợp lệ."),
            {KEY_FIELD: N_("Từ 1 đến %(n)s ký tự ASCII in được.", n=KEY_MAX)},
        )
    return key


def fingerprint(details: portal.DraftDetails, uploads: Sequence[portal.Upload]) -> str:
    """What makes two requests "the same": every detail and every file's name, document
    and content (hashed)."""
    files = [
        (u.filename, u.required_document_id, hashlib.sha256(u.data).hexdigest()) for u in uploads
    ]
    text = json.dumps([asdict(details), sorted(files, key=repr)], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _answer_of(dossier: Dossier) -> dict[str, Any]:
    state = dossier.state
    return {
        "code": dossier.code,
        "lookup_key": dossier.lookup_key,
        "state": state.value,
        "state_label": state.label_vi,
        "status_code": state.national_code,
        "version": dossier.version,
        "submitted_at": moment(dossier.submitted_at),
    }


def _replay(caller: str, key: str, print_: str, now: datetime) -> Answer | None:
    found = db.session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.caller == caller,
            IdempotencyKey.key == key,
            IdempotencyKey.expires_at > now,
        )
    )
    db.session.commit()  # end the read (SQLite's write transaction comes next)
    if found is None:
        return None
    if found.fingerprint != print_:
        raise ValidationError(
            N_("Idempotency-Key này đã được dùng cho một yêu cầu khác."),
            {KEY_FIELD: N_("Dùng một khóa mới cho mỗi hồ sơ nộp mới.")},
        )
    return Answer(found.status_code, json.loads(found.response), replayed=True)


def submit_online(
    actor: Actor,
    caller: str,
    details: portal.DraftDetails,
    uploads: Sequence[portal.Upload],
    *,
    key: str | None,
    now: datetime | None = None,
) -> Answer:
    """Create and submit the dossier in one transaction (files, completeness, code, the
    acknowledgement message), recording the key with it."""
    portal.check_details(details)
    key = check_key(key)
    now = now or clock.now()
    print_ = fingerprint(details, uploads)
    if key is not None and (earlier := _replay(caller, key, print_, now)) is not None:
        return earlier
    try:
        with unit_of_work(keep_loaded=True) as session:
            if key is not None:  # an expired key of this caller may be used again
                session.execute(
                    delete(IdempotencyKey).where(
                        IdempotencyKey.caller == caller, IdempotencyKey.key == key
                    )
                )
            dossier = intake.add_draft(
                session,
                actor,
                details.procedure_id,
                details.receiving_unit_id,
                details.applicant,
                result_delivery=details.result_delivery,
                now=now,
            )
            # The portal's steps, in its order: the declaration's answers (save), the files,
            # completeness and the declaration checked whole (submit), then the printed
            # declaration filed with the dossier.
            today = local_day(now)
            declaration.apply_answers(dossier, details.answers, today=today, complete=True)
            portal.store_uploads(session, dossier, uploads, actor, now, 0)
            portal.check_complete(session, dossier)
            declaration.require_complete(dossier, today=today)
            intake.submit_loaded(session, dossier, actor, now, expected_version=dossier.version)
            declaration.print_and_file(session, dossier, now=now, user_id=actor.user_id)
            session.flush()
            body = _answer_of(dossier)
            if key is not None:
                session.add(
                    IdempotencyKey(
                        caller=caller,
                        key=key,
                        fingerprint=print_,
                        dossier_id=dossier.id,
                        status_code=201,
                        response=json.dumps(body, ensure_ascii=False),
                        created_at=now,
                        expires_at=now + IDEMPOTENCY_TTL,
                    )
                )
    except IntegrityError:
        # Two requests with one key at once: the first to commit made the dossier; this
        # one made nothing (rolled back) and answers as the first did.
        if key is None or (earlier := _replay(caller, key, print_, now)) is None:
            raise
        return earlier
    return Answer(201, body, replayed=False)
