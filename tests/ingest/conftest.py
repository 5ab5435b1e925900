"""Fixtures for import tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from ingest.ingest_kit import ImportBench


@pytest.fixture
def db(engine: Engine, tmp_path: Path) -> ImportBench:
    """The `engine` database (SQLite and PostgreSQL) with a folder for export files."""
    return ImportBench(engine, tmp_path)
