"""Partner B's signals records for the page isolation walk."""

from __future__ import annotations

from sqlalchemy import Engine

# Strings only partner B's signals records carry: none may appear on a page partner A's user sees.
SECRETS: tuple[str, ...] = ()
# Form fields the signals pages' POST routes need, sent with every probe (values must be harmless for B's objects).
FORM: dict[str, str] = {}


def seed(engine: Engine) -> dict[str, int]:
    """Add partner B's records; return the path parameter values that name them (e.g. {"statement_id": 7})."""
    return {}


def state(engine: Engine, ids: dict[str, int]) -> tuple[object, ...]:
    """What must not change in partner B's signals records when partner A's user probes them."""
    return ()
