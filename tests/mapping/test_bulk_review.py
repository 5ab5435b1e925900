"""Deciding many matches awaiting review at once: only pending ones of the named partner change, each audited, a
confirmation teaches its name, and two reviewers deciding overlapping sets at once decide each match once."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, insert, select

from concurrency.race import losers, race, winners
from mapping.mapping_kit import seed_world
from partnerops.mapping.bulk_review import BulkReview, NothingReviewed, decide_pending_matches
from partnerops.mapping.review import Decision
from partnerops.store.mapping_tables import account_aliases, account_matches, partner_accounts
from partnerops.store.tables import audit_log


def pending_matches(engine: Engine, partner_id: int, count: int) -> list[int]:
    """`count` fuzzy pairs of the partner's listed accounts to our account 1, awaiting review."""
    with engine.begin() as conn:
        listed = [conn.execute(insert(partner_accounts).values(
            source_system=f"partner-{partner_id}", external_id=f"L{partner_id}-{i}", partner_id=partner_id,
            name=f"Globex Listed {partner_id}-{i}", status="prospect").returning(partner_accounts.c.id)).scalar_one()
            for i in range(count)]  # fmt: skip
        return [int(conn.execute(insert(account_matches).values(
            partner_id=partner_id, partner_account_id=row, account_id=1, tier="fuzzy", score=0.9,
            status="pending").returning(account_matches.c.id)).scalar_one()) for row in listed]  # fmt: skip


def statuses(engine: Engine) -> dict[int, str]:
    with engine.connect() as conn:
        return {int(i): str(s) for i, s in conn.execute(select(account_matches.c.id, account_matches.c.status))}


def test_confirming_many_decides_the_pending_ones_of_that_partner_only(engine: Engine) -> None:
    seed_world(engine)
    ours, theirs = pending_matches(engine, 1, 3), pending_matches(engine, 2, 1)
    outcome = decide_pending_matches(engine, 1, [*ours, *theirs], Decision.CONFIRM, "ann")
    assert outcome == BulkReview(decided=3, left=1)
    assert statuses(engine) == {i: "confirmed" for i in ours} | {theirs[0]: "pending"}
    with engine.connect() as conn:
        audited = conn.execute(select(func.count()).select_from(audit_log).where(
            audit_log.c.entity == "account_matches", audit_log.c.new_value == "confirmed")).scalar_one()  # fmt: skip
        aliases = conn.execute(select(func.count()).select_from(account_aliases)).scalar_one()
    assert (audited, aliases) == (3, 3)


def test_a_second_decision_on_decided_matches_changes_nothing(engine: Engine) -> None:
    seed_world(engine)
    ids = pending_matches(engine, 1, 2)
    decide_pending_matches(engine, 1, ids, Decision.REJECT, "ann")
    with pytest.raises(NothingReviewed, match="none of the 2 matches"):
        decide_pending_matches(engine, 1, ids, Decision.CONFIRM, "bo")
    assert set(statuses(engine).values()) == {"rejected"}


def test_two_reviewers_deciding_overlapping_sets_at_once_decide_each_match_once(engine: Engine) -> None:
    seed_world(engine)
    ids = pending_matches(engine, 1, 8)
    sets = (ids[:5], ids[3:])

    def decide(i: int) -> BulkReview:
        return decide_pending_matches(engine, 1, sets[i], (Decision.CONFIRM, Decision.REJECT)[i], f"reviewer {i}")

    results = race(decide, 2)
    assert not losers(results), losers(results)
    assert sum(r.decided for r in winners(results)) == 8 and sum(r.left for r in winners(results)) == 2
    with engine.connect() as conn:
        audited = conn.execute(select(func.count()).select_from(audit_log).where(
            audit_log.c.entity == "account_matches")).scalar_one()  # fmt: skip
    assert audited == 8 and "pending" not in statuses(engine).values()
