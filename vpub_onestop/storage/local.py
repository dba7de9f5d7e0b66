"""Uploads in a folder of the machine (or a mount shared by the app nodes)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from vpub_onestop.storage import OpenedFile, StoredObject, key_of

# A file being written; renamed to its stored name once complete, so that a reader or a
# crash never leaves half a file under a real name (the sweep removes stale `.part` files).
PARTIAL_SUFFIX = ".part"


class LocalFolderStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, name: str) -> Path:
        return self.root / key_of(name)

    def put(self, name: str, data: bytes) -> None:
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(PARTIAL_SUFFIX)
        temporary.write_bytes(data)
        os.replace(temporary, path)

    def open(self, name: str) -> OpenedFile:
        stream = self.path(name).open("rb")
        return OpenedFile(stream, os.fstat(stream.fileno()).st_size)

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    def list(self, folder: str = "") -> Iterator[StoredObject]:
        if not self.root.is_dir():
            return
        folders = [self.root / folder] if folder else sorted(self.root.iterdir())
        for folder_path in folders:
            yield from self._files(folder_path)

    def _files(self, folder: Path) -> Iterator[StoredObject]:
        if folder.is_dir():
            for path in sorted(p for p in folder.iterdir() if p.is_file()):
                yield StoredObject(path.name, f"{folder.name}/{path.name}", path.stat().st_mtime)
