"""Where uploaded files live: a small interface with two implementations, chosen by
`STORAGE_BACKEND` (docs/architecture.md#files).

- `local` (the default): a folder, `UPLOAD_DIR/<first two characters>/<name>`, for one
  machine or a shared mount.
- `s3`: a bucket of an S3-compatible object store (`S3_BUCKET`, `S3_ENDPOINT_URL`,
  credentials from the environment as boto3 reads them), for app nodes that share nothing.

Every place that writes, reads, serves or sweeps files goes through `file_store()`; names are
the random ones `services/files.py` makes, so a name is also its own key.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from flask import Flask, current_app

_EXTENSION = "vpub_onestop.file_store"
BACKENDS = ("local", "s3")


@dataclass(frozen=True)
class StoredObject:
    """One stored file as a listing sees it."""

    name: str  # the file's own name (`3f…9c.pdf`)
    key: str  # where it lives under the store's root (`3f/3f…9c.pdf`), for people to read
    modified: float  # last written, seconds since the epoch (the store's clock)


@dataclass
class OpenedFile:
    """A stored file being read: a binary stream (close it) and its length in bytes."""

    stream: BinaryIO
    size: int


class FileStore(Protocol):
    def put(self, name: str, data: bytes) -> None:
        """Store `data` under `name`, whole or not at all (readers never see half a file)."""

    def open(self, name: str) -> OpenedFile:
        """Read a stored file; `FileNotFoundError` when there is none."""

    def delete(self, name: str) -> None:
        """Remove a file; nothing happens when it is already gone."""

    def exists(self, name: str) -> bool: ...

    def list(self, folder: str = "") -> Iterator[StoredObject]:
        """Every file under the store's root, whatever its name (the orphan sweep decides);
        with `folder`, only the files under that folder (`JOB_FOLDER`)."""


# Uploaded blank templates of the catalogue (domain/template_files.py) live under a prefix
# of their own: few, shared between procedure versions, swept only when no version names
# them (services/file_sweep.py).
TEMPLATE_FOLDER = "mau-giay-to"


# The files of background jobs (exports, registers, catalogue uploads and reports:
# services/jobs.py) are named `tacvu-…` and kept under a folder of their own: they belong to
# no dossier, the orphan sweep leaves them alone, and the job sweep removes them after
# JOB_FILE_KEEP_HOURS (docs/architecture.md#background-work).
JOB_FOLDER = "tac-vu"
JOB_PREFIX = "tacvu-"


def key_of(name: str) -> str:
    """Two-level fan-out: keeps folders (and S3 listings by prefix) small at a province's
    scale."""
    if name.startswith("mau-"):
        return f"{TEMPLATE_FOLDER}/{name}"
    if name.startswith(JOB_PREFIX):
        return f"{JOB_FOLDER}/{name}"
    return f"{name[:2]}/{name}"


def file_store() -> FileStore:
    """The current app's store."""
    store: FileStore = current_app.extensions[_EXTENSION]
    return store


def init_app(app: Flask) -> None:
    backend = app.config.get("STORAGE_BACKEND") or "local"
    if backend == "local":
        from vpub_onestop.storage.local import LocalFolderStore

        store: FileStore = LocalFolderStore(app.config["UPLOAD_DIR"])
    elif backend == "s3":
        from vpub_onestop.storage.s3 import S3Store

        store = S3Store.from_config(app.config)
    else:
        raise RuntimeError(f"STORAGE_BACKEND must be one of {', '.join(BACKENDS)}: {backend!r}")
    app.extensions[_EXTENSION] = store
