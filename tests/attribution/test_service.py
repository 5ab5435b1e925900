"""Running attribution over a real store, keeping each policy version's results, and explaining a deal."""

import pytest
from sqlalchemy import Engine, select

from partnerops.attribution.explain import UnknownOpportunity, explain_opportunity
from partnerops.attribution.policy_file import load_policy
from partnerops.attribution.results import PolicyVersionConflict
from partnerops.attribution.service import run_attribution
from partnerops.domain.enums import Tier
from partnerops.store.attribution_runs import NoAttributionRun
from partnerops.store.tables import attribution_results
from sample_data import seed_two_deals as seed


def test_run_stores_each_partner_tier_with_its_evidence(engine: Engine) -> None:
    seed(engine)
    summary = run_attribution(engine)
    assert summary.opportunities_by_tier == {
        Tier.SOURCED: 1,
        Tier.CO_SELL: 1,
        Tier.INFLUENCE: 0,
        Tier.DIRECT: 0,
    }
    with engine.connect() as c:
        rows = c.execute(select(attribution_results).order_by(attribution_results.c.opportunity_id)).all()
    assert [(r.opportunity_id, r.partner_id, r.tier, r.evidence) for r in rows] == [
        (1, 1, "co_sell", [1, 2]),
        (2, 2, "sourced", [5]),
    ]


def test_running_the_same_policy_again_replaces_rather_than_duplicates(engine: Engine) -> None:
    seed(engine)
    first = run_attribution(engine)
    second = run_attribution(engine)
    assert first.run_id == second.run_id
    with engine.connect() as c:
        assert len(c.execute(select(attribution_results)).all()) == 2


def test_editing_a_policy_without_a_new_version_is_refused(engine: Engine) -> None:
    seed(engine)
    run_attribution(engine)
    edited = load_policy().model_copy(update={"co_sell_threshold": 3})
    with pytest.raises(PolicyVersionConflict, match="new version"):
        run_attribution(engine, edited)


def test_an_older_policy_version_stays_reproducible(engine: Engine) -> None:
    seed(engine)
    run_attribution(engine)
    strict = load_policy().model_copy(update={"co_sell_threshold": 3, "version": "strict"})
    run_attribution(engine, strict)
    assert explain_opportunity(engine, "O1", policy_version="2026.1").tier is Tier.CO_SELL
    assert explain_opportunity(engine, "O1", policy_version="strict").tier is Tier.INFLUENCE
    assert explain_opportunity(engine, "O1").tier is Tier.INFLUENCE  # the latest run


def test_explanation_names_the_touches_and_why_others_did_not_count(engine: Engine) -> None:
    seed(engine)
    run_attribution(engine)
    found = explain_opportunity(engine, "O1")
    assert found.lines() == ["Acme Cloud: co-sell — executive_intro 2026-03-02, poc 2026-04-11"]
    assert [(i.partner, i.reason) for i in found.ignored] == [
        ("Bolt SI", "rejected by sales"),
        ("Bolt SI", "dated after the opportunity closed"),
    ]
    assert str(found.amount) == "12,000.50 USD"


def test_explaining_before_any_run_tells_the_user_what_to_do(engine: Engine) -> None:
    seed(engine)
    with pytest.raises(NoAttributionRun, match="partnerops attribution run"):
        explain_opportunity(engine, "O1")


def test_explaining_an_unknown_opportunity_names_it(engine: Engine) -> None:
    seed(engine)
    run_attribution(engine)
    with pytest.raises(UnknownOpportunity, match="'nope'"):
        explain_opportunity(engine, "nope")
