"""The deadline sweep's messages (services/sweep.py): who hears about a flagged item, what
the message says, and writing them into the outbox in batches, once per item, threshold,
due moment and recipient (the dedupe key)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, Integer, String, Table, Text, and_, bindparam, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from vpub_onestop.domain.calendar import LOCAL_TZ
from vpub_onestop.domain.roles import Role
from vpub_onestop.models import OutboxMessage, User
from vpub_onestop.models.base import UTCDateTime
from vpub_onestop.public_address import public_url
from vpub_onestop.services.notify import format_moment

DUE_SOON, OVERDUE = "due_soon", "overdue"
_BATCH = 2000  # outbox rows per INSERT: bounded memory, few round trips


@dataclass(frozen=True)
class SweepItem:
    kind: str  # dossier | task
    item_id: int
    flag: str
    due_at: datetime
    code: str
    what: str  # procedure name, or the step's name
    audience: tuple[str, int]  # ("unit_head", unit id) or ("user", id) or ("leader", agency)


@dataclass(frozen=True)
class _Recipient:
    user_id: int
    full_name: str
    email: str


def recipients(
    session: Session, items: Iterable[SweepItem]
) -> dict[tuple[str, int], list[_Recipient]]:
    """Who hears about each audience: enabled users with an e-mail address (one without is
    skipped; the flag is set all the same)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for item in items:
        wanted[item.audience[0]].add(item.audience[1])
    found: dict[tuple[str, int], list[_Recipient]] = defaultdict(list)
    conditions = {
        "unit_head": lambda ids: and_(User.role == Role.UNIT_HEAD.value, User.agency_id.in_(ids)),
        "leader": lambda ids: and_(User.role == Role.LEADER.value, User.agency_id.in_(ids)),
        "user": lambda ids: User.id.in_(ids),
    }
    for audience, ids in wanted.items():
        rows = session.execute(
            select(User.id, User.agency_id, User.full_name, User.email)
            .where(conditions[audience](ids), User.enabled)
            .order_by(User.id)
        )
        for user_id, agency_id, full_name, email in rows:
            address = (email or "").strip()
            if not address:
                continue
            key = user_id if audience == "user" else agency_id
            assert key is not None
            found[(audience, key)].append(_Recipient(user_id, full_name, address))
    return found


def _dedupe_key(item: SweepItem, user_id: int) -> str:
    stamp = item.due_at.astimezone(LOCAL_TZ).strftime("%Y%m%d%H%M")
    return f"sweep:{item.kind}:{item.item_id}:{item.flag}:{stamp}:{user_id}"


def _outbox_rows(
    items: list[SweepItem], recipients: dict[tuple[str, int], list[_Recipient]], now: datetime
) -> Iterator[dict[str, Any]]:
    for item in items:
        for user in recipients.get(item.audience, []):
            subject, body = _message(item, user)
            yield {
                "channel": "email",
                "recipient": user.email,
                "subject": subject,
                "body": body,
                "dossier_id": item.item_id if item.kind == "dossier" else None,
                "dedupe_key": _dedupe_key(item, user.user_id),
                "created_at": now,
                "attempts": 0,
            }


def notify(session: Session, items: list[SweepItem], now: datetime) -> int:
    """Queue the messages in batches of one statement each and return how many were new:
    ON CONFLICT (dedupe_key) DO NOTHING leaves out what an earlier or an overlapping run
    queued, and the statement's row count is what it really inserted. No lookup of known
    keys and no RETURNING (which cost PostgreSQL three times as long: bench/PROFILE.md)."""
    if not items:
        return 0
    write = _write_pg if session.get_bind().dialect.name == "postgresql" else _write_sqlite
    rows = _outbox_rows(items, recipients(session, items), now)
    return sum(write(session, batch, now) for batch in _batches(rows, _BATCH))


# PostgreSQL: the batch as five arrays unnested into one INSERT ... SELECT (one statement
# whose row count is exact; an executemany's is not reported through the driver's pipeline).
_UNNEST = text(
    "INSERT INTO outbox_message "
    "(channel, recipient, subject, body, dossier_id, dedupe_key, created_at, attempts) "
    "SELECT 'email', m.recipient, m.subject, m.body, m.dossier_id, m.dedupe_key, :created_at, 0 "
    "FROM unnest(:recipients, :subjects, :bodies, :dossier_ids, :keys) "
    "AS m(recipient, subject, body, dossier_id, dedupe_key) "
    "ON CONFLICT (dedupe_key) DO NOTHING"
).bindparams(
    bindparam("created_at", type_=UTCDateTime()),
    bindparam("recipients", type_=ARRAY(String)),
    bindparam("subjects", type_=ARRAY(String)),
    bindparam("bodies", type_=ARRAY(Text)),
    bindparam("dossier_ids", type_=ARRAY(Integer)),
    bindparam("keys", type_=ARRAY(String)),
)


def _write_pg(session: Session, batch: Sequence[dict[str, Any]], now: datetime) -> int:
    result = session.execute(
        _UNNEST,
        {
            "created_at": now,
            "recipients": [row["recipient"] for row in batch],
            "subjects": [row["subject"] for row in batch],
            "bodies": [row["body"] for row in batch],
            "dossier_ids": [row["dossier_id"] for row in batch],
            "keys": [row["dedupe_key"] for row in batch],
        },
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _write_sqlite(session: Session, batch: Sequence[dict[str, Any]], now: datetime) -> int:
    """One executemany; sqlite3 adds up the rows each row's INSERT really wrote."""
    table = OutboxMessage.__table__
    assert isinstance(table, Table)
    statement = sqlite.insert(table).on_conflict_do_nothing(index_elements=[table.c.dedupe_key])
    result = session.execute(statement, list(batch))
    return int(getattr(result, "rowcount", 0) or 0)


def _batches(rows: Iterator[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _message(item: SweepItem, user: _Recipient) -> tuple[str, str]:
    due = format_moment(item.due_at)
    state = "đã quá hạn" if item.flag == OVERDUE else "sắp đến hạn"
    if item.kind == "dossier":
        subject = f"[{item.code}] Hồ sơ {state} giải quyết"
        line = f"Hồ sơ {item.code} ({item.what}) {state} giải quyết: hạn {due}."
        path = "/theo-doi"
    else:
        subject = f"[{item.code}] Bước «{item.what}» {state} xử lý"
        line = f"Bước «{item.what}» của hồ sơ {item.code} {state} xử lý: hạn của bước {due}."
        path = "/"
    body = (
        f"Kính gửi {user.full_name},\n\n{line}\n"
        "Đề nghị kiểm tra, đôn đốc để giải quyết đúng hạn.\n\n"
        f"{public_url(path)}\n\nThông báo tự động của hệ thống Một cửa điện tử.\n"
    )
    return subject, body
