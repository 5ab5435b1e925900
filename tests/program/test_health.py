"""The health score: each input normalised and weighted, stored per day, and explained against the last score."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, insert

from partnerops.auth.users import add_user
from partnerops.domain.roles import Role
from partnerops.program.health import latest_score, score_history, score_partners
from partnerops.program.program_settings import load_program_settings
from partnerops.store.auth_tables import login_attempts
from partnerops.store.program_tables import psat_responses
from program.program_kit import ACME, ACME_USER, BOLT, MANAGER, deal, seed_deals, seed_partners

SETTINGS = load_program_settings()
MARCH, APRIL = date(2026, 3, 31), date(2026, 4, 30)


def _psat(engine: Engine, day: date, score: str, key: str) -> None:
    with engine.begin() as c:
        c.execute(insert(psat_responses).values(partner_id=ACME, responded_on=day, score=score, source_system="csv",
                                                external_id=key))  # fmt: skip


def _sign_ins(engine: Engine, day: date, count: int) -> None:
    at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    with engine.begin() as c:
        c.execute(insert(login_attempts), [{"email": "ana@acme.example", "at": at, "succeeded": True}] * count)


@pytest.fixture
def program(engine: Engine) -> Engine:
    """Acme won a co-sell deal created 2026-03-01 (closed 2026-03-31); it has one partner user."""
    seed_partners(engine)
    seed_deals(engine, [deal(1, date(2026, 3, 1), "won", 10_000)], {1: (ACME,)})
    with engine.begin() as c:
        add_user(c, "ana@acme.example", Role.PARTNER_USER, partner_external_id="P-ACME")
    return engine


def test_score_is_the_weighted_sum_of_normalised_inputs(program: Engine) -> None:
    _psat(program, date(2026, 3, 20), "8", "S1")
    _sign_ins(program, date(2026, 3, 25), 4)
    with program.begin() as c:
        scores = {s.partner_id: s for s in score_partners(c, SETTINGS, MARCH)}
    acme = {i.name: i for i in scores[ACME].inputs}
    # psat 8/10, 4 of 8 sign-ins, no training, 1 of 4 deals, last deal 30 of 180 days ago.
    assert [acme[n].normalised for n in ("psat", "portal_activity", "trainings", "deals")] == [0.8, 0.5, 0.0, 0.25]
    assert acme["recency"].normalised == pytest.approx(1 - 30 / 180, abs=1e-4)
    expected = 100 * (0.25 * 0.8 + 0.15 * 0.5 + 0.25 * 0.25 + 0.15 * (1 - 30 / 180))
    assert scores[ACME].score == pytest.approx(expected, abs=0.02)
    # Bolt: no survey (neutral 0.5), nothing else.
    assert scores[BOLT].score == pytest.approx(100 * 0.25 * 0.5, abs=0.01)


def test_the_next_score_says_which_inputs_moved_it_and_by_how_much(program: Engine) -> None:
    _psat(program, date(2026, 3, 20), "8", "S1")
    with program.begin() as c:
        score_partners(c, SETTINGS, MARCH)
    _psat(program, date(2026, 4, 20), "2", "S2")  # the mean falls to 5
    _sign_ins(program, date(2026, 4, 28), 8)
    with program.begin() as c:
        score_partners(c, SETTINGS, APRIL)
        now = latest_score(c, ACME, APRIL)
        history = score_history(c, ACME_USER, ACME)
    assert now is not None and now.previous_on == MARCH
    moves = {m.name: m.change for m in now.movers()}
    assert moves["portal_activity"] == pytest.approx(15.0)
    assert moves["psat"] == pytest.approx(-7.5)
    assert moves["recency"] == pytest.approx(-100 * 0.15 * 30 / 180, abs=0.02)
    assert [m.name for m in now.movers()][0] == "portal_activity"
    assert now.change == pytest.approx(sum(moves.values()), abs=0.02)
    assert [day for day, _ in history] == [MARCH, APRIL]


def test_scoring_the_same_day_twice_keeps_one_score(program: Engine) -> None:
    with program.begin() as c:
        score_partners(c, SETTINGS, MARCH)
        score_partners(c, SETTINGS, MARCH)
        assert len(score_history(c, MANAGER, ACME)) == 1
