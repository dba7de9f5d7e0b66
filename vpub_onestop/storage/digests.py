"""The sha256 of a stored file, for the catalogue's export and the API's procedure view
(docs/domain.md#paper-templates): a receiving server checks the templates it is given
against it.

A stored name is random and never reused (services/files.py, services/paper_templates.py),
and a stored file is never rewritten, so a name's digest never changes: it is worked out
once per process, reading the file in chunks."""

from __future__ import annotations

import hashlib
import threading

from vpub_onestop.storage import file_store

_CHUNK = 1024 * 1024
_known: dict[str, str] = {}
_lock = threading.Lock()


def stored_sha256(name: str) -> str | None:
    """The file's sha256 in hex, or None when the store has no such file."""
    with _lock:
        known = _known.get(name)
    if known is not None:
        return known
    try:
        opened = file_store().open(name)
    except FileNotFoundError:
        return None
    digest = hashlib.sha256()
    with opened.stream as stream:
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            digest.update(chunk)
    value = digest.hexdigest()
    with _lock:
        _known[name] = value
    return value
