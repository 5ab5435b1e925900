"""Partners are ranked for a lead by capability, region, tier and capacity, each part recounted from the planted
world with its reason; a partner at capacity or one that turned the lead down is ranked last, not eligible."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from partnerops.routing.applications import describe_lead
from partnerops.routing.capacity import open_deals
from partnerops.routing.errors import AmbiguousLead, ClosedDeal, UnknownLead
from partnerops.routing.leads import resolve_lead
from partnerops.routing.lifecycle import decline_offer, make_offer
from partnerops.routing.ranking import rank_for_lead
from partnerops.routing.rules import load_rules
from routing.routing_kit import FULL, GOLD, MANAGER, NOW, SILVER, lead, plant, user_of


@pytest.fixture
def world(engine: Engine) -> Engine:
    plant(engine)
    with engine.begin() as c:
        describe_lead(c, MANAGER, lead(c), needs="Implementation, security", now=NOW)
    return engine


def test_partners_rank_by_capability_region_tier_and_capacity(world: Engine) -> None:
    with world.connect() as c:
        ranked = rank_for_lead(c, lead(c), load_rules())
    assert [(r.rank, r.partner.external_id, r.score, r.eligible) for r in ranked] == [
        (1, "P-GOLD", 0.95, True), (2, "P-SILVER", 0.7, True), (3, "P-FAR", 0.15, True), (4, "P-FULL", 0.85, False)]
    gold, silver, far, full = ({p.name: round(p.share, 4) for p in r.parts} for r in ranked)
    assert gold == {"capability": 1.0, "region": 1.0, "tier": 0.6667, "capacity": 1.0}
    assert silver == {"capability": 0.5, "region": 1.0, "tier": 0.3333, "capacity": 1.0}
    assert full["capacity"] == 0.0 and far == {"capability": 0.0, "region": 0.0, "tier": 0.0, "capacity": 1.0}


def test_each_part_gives_its_reason_with_the_figures(world: Engine) -> None:
    with world.connect() as c:
        ranked = {r.partner.external_id: r for r in rank_for_lead(c, lead(c), load_rules())}
    assert ranked["P-SILVER"].reasons == (
        "capability: 1 of the 2 needed (has implementation; lacks security)",
        "region: covers EMEA (covers emea, na)",
        "tier: silver, 2 of 4 from the lowest",
        "capacity: 0 of 10 open deals",
    )
    assert ranked["P-FULL"].reasons[3] == "capacity: 1 of 1 open deals (at capacity: not offered leads)"
    assert ranked["P-FAR"].reasons[1] == "region: covers no region set; the lead is in EMEA"


def test_needs_given_for_one_ranking_replace_the_stored_ones(world: Engine) -> None:
    with world.connect() as c:
        ranked = rank_for_lead(c, lead(c), load_rules(), needs=[])
    assert ranked[0].parts[0].reason == "capability: the lead needs no particular capability"


def test_a_partner_that_declined_the_lead_is_not_eligible_for_it(world: Engine) -> None:
    with world.begin() as c:
        make_offer(c, MANAGER, lead(c), GOLD, load_rules(), NOW)
        decline_offer(c, user_of(GOLD), lead(c), GOLD, "no bandwidth", NOW)
    with world.connect() as c:
        ranked = rank_for_lead(c, lead(c), load_rules())
    assert [r.partner.external_id for r in ranked if r.eligible] == ["P-SILVER", "P-FAR"]


def test_open_deals_count_touched_deals_and_accepted_leads(world: Engine) -> None:
    from partnerops.routing.lifecycle import accept_offer

    with world.begin() as c:
        make_offer(c, MANAGER, lead(c, "A-NA"), SILVER, load_rules(), NOW)
        accept_offer(c, user_of(SILVER), lead(c, "A-NA"), SILVER, NOW)
    with world.connect() as c:
        assert open_deals(c) == {FULL: 1, SILVER: 1}


def test_leads_are_open_deals_or_accounts_named_as_users_name_them(world: Engine) -> None:
    with world.connect() as c:
        assert lead(c, "csv:O-NA").label == "deal Deal O-NA (O-NA)"
        assert lead(c, "north buyer").label == "account North Buyer (A-NA)"
        with pytest.raises(ClosedDeal, match="deal O-WON is won: only open deals are routed"):
            resolve_lead(c, "O-WON")
        with pytest.raises(UnknownLead, match="'nope'"):
            resolve_lead(c, "nope")


def test_a_name_of_both_a_deal_and_an_account_must_say_which(engine: Engine) -> None:
    from sqlalchemy import insert

    from partnerops.store.tables import accounts, opportunities

    with engine.begin() as c:
        c.execute(insert(accounts).values(id=901, source_system="csv", external_id="X-1", name="Twin"))
        c.execute(insert(opportunities).values(id=901, source_system="csv", external_id="X-1", account_id=901,
                                               name="Twin deal", currency="USD", stage="open", outcome="open",
                                               created_on=NOW.date()))  # fmt: skip
    with engine.connect() as c:
        with pytest.raises(AmbiguousLead, match="--kind deal or --kind account"):
            resolve_lead(c, "X-1")
        assert resolve_lead(c, "X-1", "account").kind == "account"


def test_simulation_shows_where_each_open_lead_would_go_under_other_rules(world: Engine) -> None:
    from partnerops.routing.rules import RoutingRules
    from partnerops.routing.simulate import simulate

    with world.begin() as c:
        describe_lead(c, MANAGER, lead(c, "O-NA"), needs="implementation", now=NOW)
        describe_lead(c, MANAGER, lead(c, "A-NA"), needs="implementation", now=NOW)
    shipped = load_rules()
    # Region counts for nothing, and the gold partner can carry five open deals instead of two.
    other = RoutingRules.model_validate(shipped.model_dump() | {
        "version": "what-if", "weights": {"capability": 0.4, "region": 0.0, "tier": 0.3, "capacity": 0.3},
        "capacities": {"P-GOLD": 5}})  # fmt: skip
    with world.connect() as c:
        result = simulate(c, shipped, other)
    routed = [(r.lead.external_id, r.baseline and r.baseline.partner.external_id,
               r.candidate and r.candidate.partner.external_id) for r in result.routed]  # fmt: skip
    # Shipped: the NA deal goes to silver, which covers NA; what-if: gold's tier and free capacity win it, and
    # the NA account, routed after it with gold's load one higher, stays with silver.
    assert routed == [("O-EMEA", "P-GOLD", "P-GOLD"), ("O-NA", "P-SILVER", "P-GOLD"),
                      ("A-NA", "P-SILVER", "P-SILVER")]
    assert [r.lead.external_id for r in result.changed] == ["O-NA"]
    assert (result.baseline_version, result.candidate_version) == ("default-1", "what-if")
