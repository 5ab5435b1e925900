"""Partner B's commissions records for the page isolation walk."""

from __future__ import annotations

from sqlalchemy import Engine

# Strings only partner B's commissions records carry: none may appear on a page partner A's user sees.
SECRETS: tuple[str, ...] = ()
# Form fields the commissions pages' POST routes need, sent with every probe (values must be harmless for B's objects).
FORM: dict[str, str] = {}


def seed(engine: Engine) -> dict[str, int]:
    """Add partner B's records; return the path parameter values that name them (e.g. {"statement_id": 7})."""
    return {}


def state(engine: Engine, ids: dict[str, int]) -> tuple[object, ...]:
    """What must not change in partner B's commissions records when partner A's user probes them."""
    return ()
