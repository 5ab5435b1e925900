"""Fixtures for the assistant's tests: the small program of program_world on each database."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

sys.path.insert(0, str(Path(__file__).parent))

from assistant.program_world import Program, build_program  # noqa: E402


@pytest.fixture
def program(engine: Engine) -> Program:
    return build_program(engine)


@pytest.fixture
def sqlite_program(sqlite_engine: Engine) -> Program:
    return build_program(sqlite_engine)
