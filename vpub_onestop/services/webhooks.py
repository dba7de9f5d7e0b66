"""Webhook subscriptions (kept by the admin) and the messages each feed entry queues for
them in the outbox (docs/architecture.md#webhooks). Delivery: services/webhook_delivery.py."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from vpub_onestop.domain.errors import (
    N_,
    NotFound,
    PermissionDenied,
    StaleDossier,
    ValidationError,
    VersionMissing,
)
from vpub_onestop.domain.national_feed import (
    STATUS_CHANGED,
    WEBHOOK_CHANNEL,
    filter_problem,
    matches,
)
from vpub_onestop.domain.permissions import Actor
from vpub_onestop.domain.roles import Role
from vpub_onestop.models import StatusFeedEntry, WebhookSubscription
from vpub_onestop.queries.status_feed import as_json
from vpub_onestop.services import outbox_rows
from vpub_onestop.services.admin_audit import record_admin_change, row_snapshot
from vpub_onestop.services.uow import unit_of_work


@dataclass(frozen=True)
class _Target:
    id: int
    client_name: str
    event_filter: str


# The active subscriptions, read at most every CACHE_SECONDS by each process: every status
# change would otherwise read the table (docs/architecture.md#webhooks: a change made in the admin
# area reaches the other workers within that time; this worker's at once).
CACHE_SECONDS = 30.0
_CACHE_KEY = "vpub_webhook_targets"  # in the app's extensions: one cache per app


def _active(session: Session) -> tuple[_Target, ...]:
    cached: tuple[float, tuple[_Target, ...]] | None = current_app.extensions.get(_CACHE_KEY)
    if cached is None or cached[0] <= time.monotonic():
        rows = session.execute(
            select(
                WebhookSubscription.id,
                WebhookSubscription.client_name,
                WebhookSubscription.event_filter,
            ).where(WebhookSubscription.active.is_(True))
        )
        cached = (time.monotonic() + CACHE_SECONDS, tuple(_Target(*row) for row in rows))
        current_app.extensions[_CACHE_KEY] = cached
    return cached[1]


def forget_subscriptions() -> None:
    """Read the subscriptions again at the next change (after this process changed one)."""
    current_app.extensions.pop(_CACHE_KEY, None)


def enqueue(session: Session, entries: Sequence[Mapping[str, Any]]) -> None:
    """One outbox message per entry (its row, with its id) and active subscription whose
    filter takes it, in the transaction that wrote the entries: a change that commits is
    pushed, one that rolls back is not."""
    subscriptions = _active(session)
    messages: list[dict[str, Any]] = []
    for entry in entries:
        body: str | None = None
        for subscription in subscriptions:
            if not matches(subscription.event_filter, STATUS_CHANGED, entry["national_code"]):
                continue
            if body is None:
                payload = as_json(StatusFeedEntry(**entry))  # never added to the session
                payload.pop("position")  # the pulled feed's cursor; not known before commit
                body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            messages.append(
                {
                    "channel": WEBHOOK_CHANNEL,
                    "recipient": subscription.client_name[:254],
                    "subject": STATUS_CHANGED,
                    "body": body,
                    "dossier_id": entry["dossier_id"],
                    "subscription_id": subscription.id,
                }
            )
    outbox_rows.write(session, messages)


# --- the admin's side -------------------------------------------------------------------


@dataclass(frozen=True)
class SubscriptionInput:
    client_name: str
    url: str
    event_filter: str = "*"


# The admin audit (services/admin_audit.py) keeps these; never the secret.
AUDIT_TYPE = "webhook"
AUDITED = ("client_name", "url", "event_filter", "active")


def _snapshot(subscription: WebhookSubscription) -> dict[str, object]:
    return row_snapshot(subscription, AUDITED)


def _require_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN or actor.is_system:
        raise PermissionDenied(N_("Chỉ quản trị viên được quản lý webhook."))


def _checked(data: SubscriptionInput) -> SubscriptionInput:
    errors: dict[str, str] = {}
    name = data.client_name.strip()
    url = data.url.strip()
    event_filter = data.event_filter.strip() or "*"
    if not name:
        errors["client_name"] = N_("Vui lòng nhập tên hệ thống nhận.")
    elif len(name) > 120:
        errors["client_name"] = N_("Tên hệ thống nhận dài tối đa 120 ký tự.")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 500:
        errors["url"] = N_("Địa chỉ nhận phải là một URL http:// hoặc https:// đầy đủ.")
    wrong = filter_problem(event_filter)
    if wrong is not None:
        errors["event_filter"] = N_(
            "Bộ lọc sự kiện không hợp lệ ở “%(part)s”: dùng “*” hoặc “%(type)s”, có thể "
            "thêm “:” và các mã trạng thái từ 1 đến 10.",
            part=wrong,
            type=STATUS_CHANGED,
        )
    if errors:
        raise ValidationError(N_("Vui lòng sửa các trường được đánh dấu."), errors)
    return SubscriptionInput(name, url, event_filter)


def create_subscription(actor: Actor, data: SubscriptionInput) -> tuple[int, str]:
    """A new subscription and its secret (shown to the admin once, to give the receiver)."""
    _require_admin(actor)
    checked = _checked(data)
    secret = secrets.token_urlsafe(32)
    with unit_of_work() as session:
        subscription = WebhookSubscription(
            client_name=checked.client_name,
            url=checked.url,
            secret=secret,
            event_filter=checked.event_filter,
            created_by_id=actor.user_id,
        )
        session.add(subscription)
        session.flush()
        subscription_id = subscription.id
        record_admin_change(
            session, actor, AUDIT_TYPE, subscription_id, "create", after=_snapshot(subscription)
        )
    forget_subscriptions()
    return subscription_id, secret


def set_active(
    actor: Actor, subscription_id: int, active: bool, *, expected_version: int | None
) -> None:
    """Pause or resume a subscription: while paused, no new event is queued for it (the
    messages already queued still go out)."""
    _require_admin(actor)
    with unit_of_work() as session:
        subscription = session.get(WebhookSubscription, subscription_id)
        if subscription is None:
            raise NotFound(N_("Không tìm thấy đăng ký webhook."))
        if expected_version is None:
            raise VersionMissing()
        if subscription.version != expected_version:
            raise StaleDossier(
                N_(
                    "Đăng ký webhook này vừa được người khác thay đổi. "
                    "Vui lòng tải lại trang rồi thực hiện lại."
                ),
                current_version=subscription.version,
            )
        before = _snapshot(subscription)
        subscription.active = active
        record_admin_change(
            session,
            actor,
            AUDIT_TYPE,
            subscription_id,
            "update",
            before=before,
            after=_snapshot(subscription),
        )
    forget_subscriptions()
