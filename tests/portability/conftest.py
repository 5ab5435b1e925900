"""Fixtures of the export, restore and backup tests: new, empty databases for a restore to go into."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from portability.new_databases import NewDatabase


@pytest.fixture
def new_database(engine: Engine, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[NewDatabase]:
    """New databases of `engine`'s kind."""
    made = NewDatabase(engine.dialect.name, tmp_path, request)
    yield made
    made.close()


@pytest.fixture
def postgres_database(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[NewDatabase]:
    """New PostgreSQL databases, for a move from SQLite."""
    made = NewDatabase("postgresql", tmp_path, request)
    yield made
    made.close()
