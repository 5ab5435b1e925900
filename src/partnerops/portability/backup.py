"""`partnerops backup`: a consistent copy of a live database. SQLite: the sqlite3 online backup API (a page-by-page
copy that sees one committed state). PostgreSQL: pg_dump's custom archive (restore with pg_restore) when pg_dump is
installed and can read this server; otherwise the export in one REPEATABLE READ transaction, as a zip archive that
`partnerops restore` reads."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from partnerops.portability.containers import Archive
from partnerops.portability.errors import BackupError
from partnerops.portability.export import export_all

__all__ = ["Backup", "backup"]

# pg_dump refuses a server newer than itself; any other failure is the user's to see.
_VERSION_MISMATCH = "server version mismatch"


@dataclass(frozen=True)
class Backup:
    path: Path
    # "sqlite-backup", "pg_dump" or "export"; how to restore it follows from the method.
    method: str
    note: str = ""


def backup(engine: Engine, path: Path, portable: bool = False) -> Backup:
    """Copy the database behind `engine` into the new file `path`; `portable` writes the export archive whatever
    the database (the way to move between SQLite and PostgreSQL)."""
    path = path.resolve()
    if path.exists():
        raise BackupError(f"{path} already exists: choose a new file name, so no earlier backup is overwritten")
    if portable:
        made = _export_archive(engine, path)
    elif engine.dialect.name == "sqlite":
        made = _sqlite_copy(engine, path)
    else:
        made = _pg_dump(engine, path)
    # A backup holds every record and the password hashes: readable by its owner only, as the database is.
    os.chmod(path, 0o600)
    return made


def _sqlite_copy(engine: Engine, path: Path) -> Backup:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("the database is in memory: there is no file to back up")
    source = sqlite3.connect(database)
    target = sqlite3.connect(path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()
    return Backup(path, "sqlite-backup")


def _pg_dump(engine: Engine, path: Path) -> Backup:
    program = shutil.which("pg_dump")
    if program is None:
        return _export_archive(engine, path, "pg_dump is not installed")
    url = engine.url.set(drivername="postgresql", password=None)
    environment = os.environ | ({"PGPASSWORD": engine.url.password} if engine.url.password else {})
    command = [program, "--format=custom", "--no-password", f"--file={path}",
               f"--dbname={url.render_as_string(hide_password=False)}"]  # fmt: skip
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return Backup(path, "pg_dump")
    path.unlink(missing_ok=True)
    if _VERSION_MISMATCH in done.stderr:
        return _export_archive(engine, path, "pg_dump is older than the server")
    raise BackupError(f"pg_dump failed: {done.stderr.strip()}")


def _export_archive(engine: Engine, path: Path, why: str = "") -> Backup:
    try:
        with zipfile.ZipFile(path, "x", compression=zipfile.ZIP_DEFLATED) as archive:
            export_all(engine, Archive(archive, str(path)))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Backup(path, "export", f"{why}: wrote the export instead" if why else "")
