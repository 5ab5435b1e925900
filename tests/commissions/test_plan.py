"""The commission plan document: validation that names the field, product lines, and which version is in force."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commissions.commission_kit import make_plan, plan_text
from partnerops.commissions.plan import PlanError, parse_plan, plan_in_force


def test_a_plan_with_bands_out_of_order_is_refused_with_the_reason() -> None:
    text = plan_text().replace("{from: 50000, rate: 0.40}", "{from: 0, rate: 0.40}")
    with pytest.raises(PlanError, match="strictly increasing"):
        parse_plan(text, "plan.yaml")


def test_a_rate_above_one_is_named_by_its_field() -> None:
    with pytest.raises(PlanError, match=r"plan.yaml: bands\.1\.rate"):
        parse_plan(plan_text().replace("rate: 0.40", "rate: 40"), "plan.yaml")


def test_influence_cannot_be_paid() -> None:
    with pytest.raises(PlanError, match="influence is tracked, not paid"):
        parse_plan(plan_text(extra="tiers: {influence: true}"), "plan.yaml")


def test_an_unknown_currency_is_refused() -> None:
    with pytest.raises(PlanError, match="ISO 4217"):
        parse_plan(plan_text().replace("currency: USD", "currency: XXY"), "plan.yaml")


def test_product_line_is_found_by_a_phrase_in_the_deal_name_or_lead_source() -> None:
    plan = make_plan(extra="product_lines:\n  - {name: services, match: [Services], rate_multiplier: 0.5}\n"
                           "  - {name: platform-3yr, match: [3-year], term_months: 36}")
    assert plan.product_line("Acme onboarding services", None).name == "services"
    assert plan.product_line("Acme renewal", "Partner 3-YEAR bundle").name == "platform-3yr"
    assert plan.product_line("Acme renewal", None).name == "standard"


def test_the_digest_changes_when_the_rules_change_but_not_with_the_formatting() -> None:
    assert make_plan().digest == parse_plan(plan_text() + "\n# a comment\n", "x").digest
    assert make_plan().digest != make_plan(method="cliff").digest


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@given(effective=st.lists(days, min_size=1, max_size=5, unique=True), day=days)
def test_a_plan_applies_only_from_its_effective_date(effective: list[date], day: date) -> None:
    plans = [make_plan(version=f"v{i}", effective_from=d.isoformat()) for i, d in enumerate(effective)]
    chosen = plan_in_force(plans, day)
    started = [d for d in effective if d <= day]
    if not started:
        assert chosen is None
        return
    assert chosen is not None and chosen.effective_from == max(started)
    assert plan_in_force(plans, chosen.effective_from - timedelta(days=1)) is not chosen
