"""Tier standing and the period-end tier review: proposals with criteria met and missed, decisions audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, insert, select

from partnerops.program.errors import InvalidTransition, ProgramForbidden
from partnerops.program.program_settings import load_program_settings
from partnerops.program.tier_reviews import accept_tier_review, propose_tier_reviews, reject_tier_review
from partnerops.program.tiers import next_tier_gap
from partnerops.store.program_tables import enablement_completions
from partnerops.store.tables import audit_log, partners
from program.program_kit import ACME, ACME_USER, BOLT, MANAGER, deal, seed_deals, seed_partners

SETTINGS = load_program_settings()


def _certify(engine: Engine, partner_id: int, *courses: str) -> None:
    with engine.begin() as c:
        c.execute(insert(enablement_completions), [
            {"partner_id": partner_id, "course": course, "kind": "certification", "person": "Ann",
             "completed_on": date(2026, 2, 1), "source_system": "csv", "external_id": f"{partner_id}-{course}"}
            for course in courses
        ])  # fmt: skip


@pytest.fixture
def program(engine: Engine) -> Engine:
    """Acme (silver) won five co-sell deals of 60,000 USD in 2026 with 2 certifications: it earns gold.
    Bolt (gold) won one deal and holds no certification: it earns only registered."""
    seed_partners(engine)
    deals = [deal(i, date(2026, i, 5), "won", 60_000) for i in range(1, 6)] + [deal(6, date(2026, 3, 1), "won", 1_000)]
    seed_deals(engine, deals, {**{i: (ACME,) for i in range(1, 6)}, 6: (BOLT,)})
    _certify(engine, ACME, "Admin", "Architect")
    return engine


def test_gap_names_the_next_tier_and_what_is_missing(program: Engine) -> None:
    with program.connect() as c:
        gap = next_tier_gap(c, BOLT, date(2026, 12, 31))
    assert (gap.current_tier, gap.earned_tier, gap.next_tier) == ("gold", "registered", "platinum")
    missing = {m.criterion: m.missing for m in gap.missing}
    assert missing == {"certifications": Decimal(4), "won_revenue": Decimal("999000.00"), "deals": Decimal(11)}


def test_only_deals_inside_the_trailing_window_count(program: Engine) -> None:
    with program.connect() as c:
        in_may = next_tier_gap(c, ACME, date(2026, 5, 31))
    actual = {check.criterion: check.actual for check in in_may.checks}
    assert in_may.next_tier == "gold" and actual["deals"] == Decimal(4)  # the May deal closes in June


def test_review_proposes_a_promotion_and_a_demotion_with_the_criteria(program: Engine) -> None:
    with program.begin() as c:
        reviews = {r.partner_id: r for r in propose_tier_reviews(c, MANAGER, "2026-Q4", SETTINGS)}
        again = propose_tier_reviews(c, MANAGER, "2026-Q4", SETTINGS)
    assert len(again) == 2
    acme, bolt = reviews[ACME], reviews[BOLT]
    assert (acme.current_tier, acme.proposed_tier, acme.direction) == ("silver", "gold", "promotion")
    assert all(check["met"] for check in acme.criteria["proposed"])
    assert acme.criteria["proposed"][1] == {"criterion": "won_revenue", "required": "250000",
                                            "actual": "300000.00", "met": True}  # fmt: skip
    assert (bolt.proposed_tier, bolt.direction) == ("registered", "demotion")
    assert bolt.criteria["missed_for_current"] == ["certifications", "won_revenue", "deals"]


def test_accepting_moves_the_tier_and_rejecting_keeps_it_both_audited(program: Engine) -> None:
    with program.begin() as c:
        reviews = {r.partner_id: r for r in propose_tier_reviews(c, MANAGER, "2026-Q4", SETTINGS)}
        with pytest.raises(ProgramForbidden):
            accept_tier_review(c, ACME_USER, reviews[ACME].id)
        accept_tier_review(c, MANAGER, reviews[ACME].id)
        reject_tier_review(c, MANAGER, reviews[BOLT].id, "strategic partner, one more quarter")
        with pytest.raises(InvalidTransition, match="it is accepted"):
            reject_tier_review(c, MANAGER, reviews[ACME].id, "changed my mind")
        tiers = dict(c.execute(select(partners.c.id, partners.c.tier)).all())
        trail = c.execute(select(audit_log.c.entity, audit_log.c.field, audit_log.c.old_value, audit_log.c.new_value)
                          .order_by(audit_log.c.id)).all()  # fmt: skip
    assert tiers == {ACME: "gold", BOLT: "gold"}
    assert [tuple(t) for t in trail] == [("partners", "tier", "silver", "gold"),
                                         ("tier_reviews", "status", "proposed", "accepted"),
                                         ("tier_reviews", "status", "proposed", "rejected")]  # fmt: skip
