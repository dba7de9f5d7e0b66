"""One try of one webhook message, claimed by an outbox run (services/outbox.py): POST the
JSON body, signed, to the subscription's URL; record the outcome on the outbox row and in
the delivery log (docs/architecture.md#webhooks).

A receiver answers 2xx to accept. Anything else (an error status, a redirect, a refused
connection, a timeout) is a failed try: the message waits `retry_delay` before the next
one, and after MAX_ATTEMPTS tries it is given up (the log shows why).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import update

from vpub_onestop.domain.delivery import MAX_ATTEMPTS
from vpub_onestop.domain.national_feed import (
    EVENT_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    retry_delay,
    signature,
)
from vpub_onestop.extensions import db
from vpub_onestop.models import OutboxMessage, WebhookAttempt, WebhookSubscription
from vpub_onestop.services.uow import unit_of_work

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Outcome:
    response_code: int | None
    error: str | None

    @property
    def delivered(self) -> bool:
        return self.error is None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is a failed try: the signed body goes to the address the admin set, not
    wherever the receiver points."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def post(url: str, secret: str, event_id: str, body: bytes, moment: datetime) -> Outcome:
    timestamp = int(moment.timestamp())
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "vpub-onestop-webhook/1",
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: signature(secret, timestamp, body),
            EVENT_ID_HEADER: event_id,
        },
    )
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        return Outcome(exc.code, f"HTTP {exc.code}")
    except urllib.error.URLError as exc:  # refused, unknown host: the reason, not the wrapper
        return Outcome(None, str(exc.reason)[:500] or type(exc).__name__)
    except (OSError, ValueError) as exc:  # refused, timed out, bad address
        return Outcome(None, (str(exc)[:500] or type(exc).__name__))
    if 200 <= status < 300:
        return Outcome(status, None)
    return Outcome(status, f"HTTP {status}")


def deliver(
    message_id: int,
    subscription_id: int | None,
    body: str,
    attempt: int,
    worker: str,
    moment: datetime,
) -> bool:
    """Try one claimed message; whether the receiver took it."""
    subscription = db.session.get(WebhookSubscription, subscription_id) if subscription_id else None
    target = (subscription.url, subscription.secret) if subscription else None
    event_id = _event_id(body, message_id)
    db.session.commit()  # end the read: no transaction stays open while we wait on HTTP
    if target is None:
        outcome = Outcome(None, "subscription removed")
    else:
        outcome = post(target[0], target[1], event_id, body.encode("utf-8"), moment)
        if not outcome.delivered:
            log.warning("webhook %s to %s failed: %s", message_id, target[0], outcome.error)
    _record(message_id, subscription_id, attempt, worker, outcome, moment)
    return outcome.delivered


def _event_id(body: str, message_id: int) -> str:
    """The feed entry's id, so a receiver can drop a delivery it already has (a try whose
    answer was lost is sent again)."""

    try:
        return str(json.loads(body)["id"])
    except (ValueError, KeyError, TypeError):
        return f"m{message_id}"


def _record(
    message_id: int,
    subscription_id: int | None,
    attempt: int,
    worker: str,
    outcome: Outcome,
    moment: datetime,
) -> None:
    next_try = None
    if outcome.delivered:
        values: dict[str, object] = {
            "sent_at": moment,
            "provider": "http",
            "last_error": None,
            "next_attempt_at": None,
        }
    else:
        if attempt < MAX_ATTEMPTS:
            next_try = moment + retry_delay(attempt)
        values = {
            "last_error": outcome.error,
            "claimed_at": None,
            "claimed_by": None,
            "next_attempt_at": next_try,
        }
    with unit_of_work(send_outbox=False) as session:
        result = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == worker)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if subscription_id is not None and result.rowcount:  # type: ignore[attr-defined]
            session.add(
                WebhookAttempt(
                    message_id=message_id,
                    subscription_id=subscription_id,
                    attempt=attempt,
                    at=moment,
                    delivered=outcome.delivered,
                    response_code=outcome.response_code,
                    error=outcome.error,
                    next_try_at=next_try,
                )
            )
