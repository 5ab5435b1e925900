"""Deciding many claimed touches at once, on SQLite and PostgreSQL: only still-claimed touches are decided, each
once, with one audit row each; reviewers racing over the same touches decide each once and a reviewer who finds
none still claimed is refused (the page answers 409)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Connection, Engine, func, insert, select

from concurrency.race import losers, race, winners
from partnerops.domain.enums import TouchStatus
from partnerops.store.tables import audit_log, opportunities, touches
from partnerops.touches.bulk import NothingDecided, decide_claimed
from partnerops.touches.errors import NotAReviewer
from program.program_kit import ACME, ACME_USER, SALES, seed_partners

IDS = list(range(901, 921))


@pytest.fixture
def claimed(engine: Engine) -> Engine:
    seed_partners(engine)
    with engine.begin() as c:
        deal = _deal(c)
        c.execute(insert(touches), [
            {"id": i, "source_system": "csv", "external_id": f"T{i}", "partner_id": ACME, "opportunity_id": deal,
             "type": "poc", "touched_on": date(2026, 5, 2), "status": "claimed"} for i in IDS])  # fmt: skip
    return engine


def _decisions(engine: Engine) -> dict[int, int]:
    with engine.connect() as c:
        rows = c.execute(select(audit_log.c.entity_id, func.count()).where(audit_log.c.entity == "touch")
                         .group_by(audit_log.c.entity_id)).all()  # fmt: skip
    return {int(r[0]): int(r[1]) for r in rows}


def test_only_still_claimed_touches_are_decided_and_each_is_audited(claimed: Engine) -> None:
    with claimed.begin() as c:
        c.execute(touches.update().where(touches.c.id == IDS[0]).values(status="rejected"))
        outcome = decide_claimed(c, SALES, IDS, TouchStatus.CONFIRMED, "bulk")
    assert (outcome.decided, outcome.left) == (19, 1)
    with claimed.connect() as c:
        first = c.execute(select(touches.c.status).where(touches.c.id == IDS[0])).scalar_one()
    assert first == "rejected"
    assert _decisions(claimed) == {i: 1 for i in IDS[1:]}


def test_a_partner_user_may_not_decide_touches(claimed: Engine) -> None:
    with pytest.raises(NotAReviewer), claimed.begin() as c:
        decide_claimed(c, ACME_USER, IDS, TouchStatus.CONFIRMED, "bulk")


def test_reviewers_racing_over_the_same_touches_decide_each_once(claimed: Engine) -> None:
    def decide(i: int) -> object:
        status = TouchStatus.CONFIRMED if i % 2 else TouchStatus.REJECTED
        with claimed.begin() as c:
            return decide_claimed(c, SALES, list(reversed(IDS)) if i % 3 else IDS, status, f"bulk {i}")

    results = race(decide, 4)
    assert sum(r.decided for r in winners(results)) == len(IDS)  # type: ignore[attr-defined]
    assert all(isinstance(e, NothingDecided) for e in losers(results)), losers(results)
    assert _decisions(claimed) == {i: 1 for i in IDS}
    with claimed.connect() as c:
        left = c.execute(select(func.count()).where(touches.c.status == "claimed")).scalar_one()
    assert left == 0


def _deal(conn: Connection) -> int:
    values = {"source_system": "csv", "external_id": "O-bulk", "account_id": 1, "name": "Bulk", "amount_minor": 100,
              "currency": "USD", "stage": "Open", "outcome": "open", "created_on": date(2026, 5, 1)}
    return int(conn.execute(insert(opportunities).values(**values).returning(opportunities.c.id)).scalar_one())
