"""Engines for SQLite and PostgreSQL, and migrating a database to the current schema.

Every command checks the schema before its work, so the check is one query of `alembic_version` against the head
revision read from the migration files; Alembic (about 0.15 s to load) is imported only when a migration runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, exc, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r'^(down_revision|revision)\s*(?::[^=]*)?=\s*["\']([^"\']+)["\']', re.MULTILINE)


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets foreign keys and a write-ahead log, PostgreSQL uses psycopg 3."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    # SQLite: a writer waits up to 30 s for another's transaction (serialised state changes queue there) rather
    # than failing at once with "database is locked".
    connect_args = {"timeout": 30} if url.startswith("sqlite") else {}
    engine = create_engine(url, future=True, connect_args=connect_args)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (creating it when empty); a database already there costs one query."""
    if stored_revisions(engine) == {head_revision()}:
        return
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


@cache
def head_revision() -> str | None:
    """The newest revision of the migration files (None when they branch: Alembic then decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(script.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            parents.add(found.get("down_revision", ""))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revisions(engine: Engine) -> set[str]:
    """The revisions `alembic_version` holds: empty for a new database."""
    try:
        with engine.connect() as connection:
            return {str(row[0]) for row in connection.execute(text("SELECT version_num FROM alembic_version"))}
    except exc.DBAPIError:  # no alembic_version table yet
        return set()


def is_migrated(engine: Engine) -> bool:
    return inspect(engine).has_table("alembic_version")


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as connection:
        yield connection
