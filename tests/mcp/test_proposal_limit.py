"""The daily proposal limit holds under a race: of many proposals of one token released together, exactly the limit
are counted and every other one is told the limit is reached, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select

from api.api_world import World
from concurrency.race import losers, race, winners
from partnerops.mcp.quota import ProposalLimitReached, give_back, proposals_used, take_one
from partnerops.store.auth_tables import api_tokens

DAY = date(2026, 12, 7)


def _token_id(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(api_tokens.c.id).order_by(api_tokens.c.id)).scalars().first() or 0)


def test_racing_proposals_never_pass_the_limit(engine: Engine, world: World) -> None:
    token = _token_id(engine)
    results = race(lambda _: take_one(engine, token, DAY, 3), 8)
    assert len(winners(results)) == 3
    assert all(isinstance(loser, ProposalLimitReached) for loser in losers(results))
    assert proposals_used(engine, token, DAY) == 3


def test_a_given_back_place_can_be_taken_again(engine: Engine, world: World) -> None:
    token = _token_id(engine)
    take_one(engine, token, DAY, 1)
    give_back(engine, token, DAY)
    take_one(engine, token, DAY, 1)
    assert proposals_used(engine, token, DAY) == 1
