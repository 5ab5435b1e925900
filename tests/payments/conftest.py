"""The loopback fake of the payment providers, one per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from payments.fake_providers import FakeProviders, running


@pytest.fixture
def fake() -> Iterator[FakeProviders]:
    with running() as server:
        yield server
