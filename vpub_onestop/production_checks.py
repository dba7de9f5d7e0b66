"""Settings the production configuration refuses to start with (docs/policies.md#production).

Each refusal names the setting and what to do, so whoever deploys fixes it at once instead
of running a system that is quietly unsafe.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MIN_SECRET_KEY_BYTES = 32


def unsafe_settings(config: Mapping[str, Any]) -> list[str]:
    """One line per unsafe setting (empty when the configuration may serve)."""
    problems: list[str] = []
    key = config.get("SECRET_KEY") or ""
    key_bytes = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if len(key_bytes) < MIN_SECRET_KEY_BYTES:
        problems.append(
            f"SECRET_KEY has {len(key_bytes)} bytes, at least {MIN_SECRET_KEY_BYTES} are needed "
            '(e.g. python -c "import secrets; print(secrets.token_hex(32))")'
        )
    workers = int(config.get("WEB_CONCURRENCY") or 1)
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if storage.startswith("memory://") and workers > 1:
        problems.append(
            f"RATELIMIT_STORAGE_URI is memory:// with WEB_CONCURRENCY={workers} workers: each "
            "worker would count on its own; set REDIS_URL (or RATELIMIT_STORAGE_URI=redis://...)"
        )
    if not str(config.get("PUBLIC_BASE_URL") or "").strip():
        problems.append(
            "PUBLIC_BASE_URL is not set: links and QR codes on receipts would take the address "
            "of whatever request came in; set it to the site's public https:// address"
        )
    if config.get("ALLOW_DEMO_PASSWORDS"):
        problems.append("ALLOW_DEMO_PASSWORDS must be false in production")
    return problems


def refuse_unsafe_settings(config: Mapping[str, Any]) -> None:
    """Raise at start-up, listing every problem, when production settings are unsafe."""
    if config.get("NAME") != "production":
        return
    problems = unsafe_settings(config)
    if problems:
        raise RuntimeError(
            "The production configuration refuses to start:\n- " + "\n- ".join(problems)
        )
