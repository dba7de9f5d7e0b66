"""What another system is told about a dossier's status (docs/architecture.md#status-feed).

The national public service portal follows each dossier by its status code (1–10,
`DossierState.national_code`, docs/domain.md#life-cycle)
and by the channel the file came in on, coded 1 = direct (at the counter), 2 = online,
3 = by post: the three ways Decree 61 lets an applicant lodge a file.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from vpub_onestop.domain.status import DossierState

_CHANNEL_CODES = {"direct": 1, "online": 2, "post": 3}

# Event types a webhook subscription may filter on ("*" means every type).
STATUS_CHANGED = "dossier.status_changed"
EVENT_TYPES = (STATUS_CHANGED,)


def channel_code(channel: str) -> int:
    """The portal's code for the way the file was lodged; an unknown channel is a bug."""
    return _CHANNEL_CODES[channel]


def reported(state: DossierState) -> bool:
    """A state the portal has a code for: a draft was never lodged, and a voided dossier is
    an administrative correction the portal has no status for (docs/domain.md#voiding)."""
    return state.national_code is not None


# --- webhooks ---------------------------------------------------------------------------

# The outbox channel of a webhook message (beside "email" and "sms").
WEBHOOK_CHANNEL = "webhook"
SIGNATURE_HEADER = "X-Vpub-Signature"
TIMESTAMP_HEADER = "X-Vpub-Timestamp"
EVENT_ID_HEADER = "X-Vpub-Event-Id"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", hex, prefixed with the scheme. Signing the
    timestamp with the body lets a receiver refuse a replayed old delivery (it compares the
    timestamp with its own clock) without trusting an unsigned header."""
    message = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signature_valid(secret: str, timestamp: int, body: bytes, header: str) -> bool:
    """What a receiver checks (constant-time comparison)."""
    return hmac.compare_digest(signature(secret, timestamp, body), header)


# A receiver that is down gets some rest: the n-th failed try waits 1, 2, 4, 8 … minutes
# before the next (capped at an hour), so a receiver that comes back within the hour gets
# its events without an admin's hand, and a dead one is not hammered.
_FIRST_DELAY = timedelta(minutes=1)
_LONGEST_DELAY = timedelta(hours=1)


def retry_delay(failed_tries: int) -> timedelta:
    """How long to wait after the `failed_tries`-th failed try (1 for the first)."""
    delay = _FIRST_DELAY * (2 ** max(failed_tries - 1, 0))
    return min(delay, _LONGEST_DELAY)


def matches(event_filter: str, event_type: str, national_code: int) -> bool:
    """Whether a subscription's filter takes the event. A filter is a comma-separated list
    of event types ("*" for all) optionally narrowed to status codes after a colon:
    "dossier.status_changed:2,9,10" asks only for received, result ready and returned."""
    types, _, codes = event_filter.partition(":")
    wanted_types = {t.strip() for t in types.split(",") if t.strip()}
    if "*" not in wanted_types and event_type not in wanted_types:
        return False
    wanted_codes = {c.strip() for c in codes.split(",") if c.strip()}
    return not wanted_codes or str(national_code) in wanted_codes


def filter_problem(event_filter: str) -> str | None:
    """Why a filter typed by the admin is wrong (None when it is right)."""
    types, _, codes = event_filter.partition(":")
    for name in (t.strip() for t in types.split(",")):
        if name != "*" and name not in EVENT_TYPES:
            return name or ","
    for code in (c.strip() for c in codes.split(",") if c.strip()):
        if not code.isdigit() or not 1 <= int(code) <= 10:
            return code
    return None
