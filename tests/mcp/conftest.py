"""The two-partner world of the API tests (a user of every role with an API token), served with /mcp."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

# This folder's modules cannot be imported as the package `mcp.*` (that is the SDK): they are imported by name.
sys.path.insert(0, str(Path(__file__).parent))

from mcp_client import served  # noqa: E402

from api.api_world import World, build_world  # noqa: E402


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def mcp_url(engine: Engine, world: World) -> Iterator[str]:
    with served(engine) as url:
        yield url
