"""Where an export's files live: a directory, or a zip archive (what a PostgreSQL backup without pg_dump writes).
Files are only ever opened by the names the manifest lists, so an archive cannot write outside its place."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Protocol

__all__ = ["Archive", "Container", "Folder", "open_container"]


class Container(Protocol):
    shown_as: str

    def writer(self, name: str) -> IO[bytes]: ...

    def reader(self, name: str) -> IO[bytes]: ...

    def has(self, name: str) -> bool: ...


class Folder:
    """A directory; created owner-only, since an export holds every record (and, unless left out, password
    hashes)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown_as = str(path)

    def create(self) -> None:
        self.path.mkdir(mode=0o700, parents=True, exist_ok=True)

    def writer(self, name: str) -> IO[bytes]:
        descriptor = os.open(self.path / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        return os.fdopen(descriptor, "wb")

    def reader(self, name: str) -> IO[bytes]:
        return (self.path / name).open("rb")

    def has(self, name: str) -> bool:
        return (self.path / name).is_file()


class Archive:
    """A zip archive, written and read member by member without unpacking."""

    def __init__(self, archive: zipfile.ZipFile, shown_as: str) -> None:
        self.archive = archive
        self.shown_as = shown_as

    def writer(self, name: str) -> IO[bytes]:
        return self.archive.open(name, "w", force_zip64=True)

    def reader(self, name: str) -> IO[bytes]:
        return self.archive.open(name)

    def has(self, name: str) -> bool:
        return name in self.archive.namelist()


@contextmanager
def open_container(path: Path) -> Iterator[Folder | Archive]:
    """The export at `path` to read: a directory, or a zip archive."""
    if path.is_dir():
        yield Folder(path)
        return
    with zipfile.ZipFile(path) as archive:
        yield Archive(archive, str(path))
