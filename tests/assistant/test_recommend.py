"""Recommending partners for an open opportunity from similar won deals, with the reasons shown."""

from __future__ import annotations

import pytest

from assistant.program_world import Program
from partnerops.assistant.recommend import OpportunityNotOpen, opportunity_by_reference, recommend_partners
from partnerops.domain.roles import ScopeError


def test_partners_who_won_the_most_similar_deals_rank_first_with_their_reasons(program: Program) -> None:
    found = recommend_partners(program.engine, program.manager, program.open_deal, "USD")
    assert [r.partner for r in found] == ["Bravo Systems", "Alpha Cloud"]
    bravo = found[0]
    assert bravo.similar_wins == 2 and set(bravo.evidence) == {3, 5}
    assert bravo.reasons[0] == ("won 2 similar deals: 1 in segment enterprise, 2 in band 25k–100k, "
                                "2 in region EMEA, 2 in product Platform")  # fmt: skip
    assert bravo.reasons[1] == "si partners won 67% of the similar deals"


def test_partners_already_on_the_deal_are_left_out(program: Program) -> None:
    found = recommend_partners(program.engine, program.manager, 7, "USD")
    assert found == []


def test_a_closed_or_unknown_opportunity_is_refused(program: Program) -> None:
    with pytest.raises(OpportunityNotOpen, match="is won, not open"):
        recommend_partners(program.engine, program.manager, 1, "USD")
    with pytest.raises(OpportunityNotOpen, match="does not exist"):
        recommend_partners(program.engine, program.manager, 999, "USD")


def test_partner_users_may_not_ask_for_recommendations(program: Program) -> None:
    with pytest.raises(ScopeError):
        recommend_partners(program.engine, program.alpha, program.open_deal, "USD")


def test_an_opportunity_is_named_by_its_id_or_its_crm_id(program: Program) -> None:
    assert opportunity_by_reference(program.engine, "8") == 8
    assert opportunity_by_reference(program.engine, "O8") == 8
    with pytest.raises(OpportunityNotOpen):
        opportunity_by_reference(program.engine, "nope")
