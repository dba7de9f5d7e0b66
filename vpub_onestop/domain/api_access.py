"""Who may call the public API, and with what (docs/api.md#authentication).

A token is a random secret shown once; only its SHA-256 digest is stored, so a copy of the
database opens nothing. The secret has 256 bits of entropy: a plain digest (no salt, no
slow hash) is enough, and lets the row be found by an index on the digest.

Two kinds of token:
- a person's token (`user`), made with the person's own username and password; it acts as
  that person and sees what the person's pages show, and it stops when the account is
  disabled or every session of the account is ended (the account's session generation,
  docs/policies.md#sessions);
- a system client's token (`system`), made by an administrator for another system (the
  provincial portal, a mobile app's back end): bound to one agency and to a list of
  operations, nothing else.

Pure rules: the caller passes `now`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from vpub_onestop.domain.errors import N_

TOKEN_PREFIX = "vpub_"
SECRET_BYTES = 32  # 256 bits
DIGEST_LENGTH = 64  # hex SHA-256
# What `GET /tokens` shows of a secret so that a person can tell two tokens apart.
HINT_LENGTH = len(TOKEN_PREFIX) + 4

USER_KIND = "user"
SYSTEM_KIND = "system"
KINDS = (USER_KIND, SYSTEM_KIND)

# A person's token lasts 30 days unless asked shorter; never more than 90 (a lost phone
# must not hold a key for a year). A system client's token: up to a year, renewed by the
# administrator.
DEFAULT_USER_DAYS = 30
MAX_USER_DAYS = 90
DEFAULT_SYSTEM_DAYS = 180
MAX_SYSTEM_DAYS = 366
NAME_MAX_LENGTH = 100

# Operations a system client may be granted. A person's token is not limited by them:
# it may do what the person may do on the pages.
OPERATIONS: dict[str, str] = {
    "procedures:read": N_("Đọc danh mục thủ tục hành chính"),
    "stats:read": N_("Đọc số liệu thống kê của cơ quan"),
    "deadline:read": N_("Tính thời hạn giải quyết"),
    "dossiers:read": N_("Đọc hồ sơ của cơ quan"),
    "dossiers:write": N_("Nộp hồ sơ, chuyển bước xử lý"),
    "sync:read": N_("Nhận dòng sự kiện trạng thái hồ sơ"),
    # The feed a client reads is its agency's dossiers; the province's own integration
    # (the provincial portal syncing with the national one) is granted the whole province
    # explicitly, so a commune's client never reads another commune's changes by default.
    "sync:province": N_("Nhận dòng sự kiện trạng thái của toàn tỉnh"),
}


def new_secret() -> str:
    """A fresh bearer token: the prefix (so that secret scanners and people recognise it)
    and 256 random bits."""
    return TOKEN_PREFIX + secrets.token_urlsafe(SECRET_BYTES)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def hint(secret: str) -> str:
    return secret[:HINT_LENGTH]


def same_digest(stored: str, presented_secret: str) -> bool:
    """Constant-time comparison of a stored digest with the digest of what was sent."""
    return hmac.compare_digest(stored.encode(), digest(presented_secret).encode())


def looks_like_secret(text: str) -> bool:
    """Cheap shape check before any database work: the prefix and a bounded length."""
    return text.startswith(TOKEN_PREFIX) and len(text) <= len(TOKEN_PREFIX) + 2 * SECRET_BYTES


@dataclass(frozen=True)
class TokenFacts:
    """What decides whether a presented token still opens the API."""

    expires_at: datetime
    revoked_at: datetime | None
    # A person's token: the account's state now, and the generation the token was made in.
    account_enabled: bool = True
    generation: int | None = None
    account_generation: int | None = None


def token_usable(facts: TokenFacts, now: datetime) -> bool:
    if facts.revoked_at is not None or now >= facts.expires_at:
        return False
    if not facts.account_enabled:
        return False
    return facts.generation == facts.account_generation


def expiry(now: datetime, kind: str, days: int | None) -> datetime:
    """When a token made now for `days` (None: the default) ends. Raises ValueError for a
    duration outside 1..max of its kind."""
    default, most = (
        (DEFAULT_USER_DAYS, MAX_USER_DAYS)
        if kind == USER_KIND
        else (DEFAULT_SYSTEM_DAYS, MAX_SYSTEM_DAYS)
    )
    wanted = default if days is None else days
    if not 1 <= wanted <= most:
        raise ValueError(f"between 1 and {most} days")
    return now + timedelta(days=wanted)


def may_use(kind: str, granted: frozenset[str], operation: str | None) -> bool:
    """A person's token may use any operation (its limits are the person's own); a system
    client only what it was granted."""
    if kind == USER_KIND or operation is None:
        return True
    return operation in granted
