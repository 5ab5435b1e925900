"""New, empty databases for a restore to go into: SQLite files or PostgreSQL databases no migration has touched."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from partnerops.store.database import make_engine


class NewDatabase:
    """Makes databases no migration has touched, SQLite files or PostgreSQL databases; drops them at the end."""

    def __init__(self, dialect: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
        self.dialect = dialect
        self.tmp_path = tmp_path
        self.request = request
        self.made: list[Engine] = []
        self.dropped: list[str] = []

    def __call__(self) -> Engine:
        if self.dialect == "sqlite":
            target = make_engine(f"sqlite:///{self.tmp_path / f'new-{len(self.made)}.db'}")
        else:
            admin, _ = self.request.getfixturevalue("postgres_admin")
            name = f"po_new_{uuid.uuid4().hex[:12]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            self.dropped.append(name)
            target = make_engine(admin.url.render_as_string(hide_password=False).rsplit("/", 1)[0] + "/" + name)
        self.made.append(target)
        return target

    def close(self) -> None:
        for target in self.made:
            target.dispose()
        if self.dropped:
            admin, _ = self.request.getfixturevalue("postgres_admin")
            with admin.connect() as conn:
                for name in self.dropped:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
