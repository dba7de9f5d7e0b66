"""Where an outbox message stands, as the applicant may be told.

A message is written to the outbox in the transaction of the change it announces and sent
after the commit, by the web worker, a background worker or cron (services/outbox.py).
Until the mail server has accepted it, nothing was "sent": a page that says so would lie
to the applicant when the server is down or refuses the address. A failed try is retried
up to MAX_ATTEMPTS times; after that the message is given up.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

# Tries before the outbox gives a message up (each claim by a delivery run counts).
MAX_ATTEMPTS = 5


class MailState(Enum):
    QUEUED = "queued"  # waiting for its first try, or for a retry after a failed one
    SENT = "sent"  # the mail server (or the SMS provider) accepted it
    FAILED = "failed"  # every try failed: it will not go out


def mail_state(sent_at: datetime | None, attempts: int) -> MailState:
    if sent_at is not None:
        return MailState.SENT
    if attempts >= MAX_ATTEMPTS:
        return MailState.FAILED
    return MailState.QUEUED
