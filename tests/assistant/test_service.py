"""Asking the assistant: each structured question is answered from the asker's own records, with sources;
open questions from the documents; and nothing supported means "I don't know" with a human to ask."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assistant.program_world import NOW, TODAY, Program
from partnerops.assistant.answers import Intent, SourceKind
from partnerops.assistant.exchange_log import list_exchanges
from partnerops.assistant.intents import route
from partnerops.assistant.service import EmptyQuestion, ask
from partnerops.domain.roles import ScopeError
from partnerops.settings import Settings
from partnerops.store.assistant_tables import assistant_exchanges

SETTINGS = Settings(database_url="sqlite://", base_url="https://partners.example.com")


def _ask(program: Program, question: str, who: str = "alpha"):  # type: ignore[no-untyped-def]
    return ask(program.engine, getattr(program, who), question, SETTINGS, today=TODAY, now=NOW)


@pytest.mark.parametrize(("question", "intent"), [
    ("What is the status of my registration for Acme?", Intent.RECORD_STATUS),
    ("deal 12", Intent.RECORD_STATUS),
    ("What's my pipeline this quarter?", Intent.QUARTER_PIPELINE),
    ("Show my attributed pipeline and wins", Intent.ATTRIBUTED),
    ("What changed since last week?", Intent.CHANGES),
    ("How much commission have I earned, and when is my next payout?", Intent.COMMISSIONS),
    ("Do I have any open disputes?", Intent.DISPUTES),
    ("What is my MDF balance?", Intent.MDF_BALANCE),
    ("What tier am I and what is missing for the next tier?", Intent.TIER),
    ("What is my referral link?", Intent.REFERRAL_LINK),
    ("Which partners should I bring into deal 8?", Intent.RECOMMEND),
    ("When are commissions paid?", Intent.DOCUMENTS),
    ("How much MDF do Gold partners get?", Intent.DOCUMENTS),
])  # fmt: skip
def test_questions_are_routed_to_their_intent(question: str, intent: Intent) -> None:
    assert route(question) is intent


def test_a_registration_is_found_by_name_with_its_status_and_source(program: Program) -> None:
    answer = _ask(program, "What is the status of Alpha Known Prospect?")
    assert "pending" in answer.text and answer.grounded
    assert [(s.kind, s.record_id) for s in answer.sources] == [(SourceKind.REGISTRATION, program.alpha_registration)]


def test_another_partners_registration_by_id_is_answered_as_if_it_did_not_exist(program: Program) -> None:
    theirs = _ask(program, f"status of registration {program.bravo_registration}")
    missing = _ask(program, "status of registration 999")
    assert theirs.text == missing.text and not theirs.grounded and theirs.sources == ()
    assert "Maria Manager (maria@program.test)" in theirs.text


def test_a_shared_deal_shows_the_askers_own_attribution_only(program: Program) -> None:
    answer = _ask(program, "deal 7 status")
    assert "Initech - Seats" in answer.text and "your attribution: influence" in answer.text
    assert "technical_validation" not in answer.text and "bravo" not in answer.text.lower()


def test_the_quarter_pipeline_counts_open_deals_closing_this_quarter(program: Program) -> None:
    answer = _ask(program, "What's my pipeline this quarter?")
    assert "2026 Q2 (2026-04-01 to 2026-06-30)" in answer.text
    assert "Open pipeline expected to close this quarter: 1 deal, 40,000.00 USD (1 influence)." in answer.text
    assert {s.record_id for s in answer.sources if s.kind is SourceKind.OPPORTUNITY} == {7}


def test_the_attributed_pipeline_lists_open_and_won_deals(program: Program) -> None:
    answer = _ask(program, "show my attributed pipeline and wins")
    assert "Won: 1 deal, 60,000.00 USD (1 co-sell)." in answer.text
    assert {s.record_id for s in answer.sources if s.kind is SourceKind.OPPORTUNITY} == {1, 7}


def test_what_changed_lists_the_askers_own_registration_touch_and_deal(program: Program) -> None:
    answer = _ask(program, "what changed since last week?")
    kinds = {(s.kind, s.record_id) for s in answer.sources}
    assert (SourceKind.REGISTRATION, program.alpha_registration) in kinds
    assert (SourceKind.TOUCH, 10) in kinds and (SourceKind.OPPORTUNITY, 7) in kinds
    assert (SourceKind.TOUCH, 11) not in kinds and (SourceKind.REGISTRATION, program.bravo_registration) not in kinds


def test_the_referral_link_is_derived_from_the_base_url_and_the_partners_id(program: Program) -> None:
    answer = _ask(program, "What is my referral link?")
    assert "https://partners.example.com/r/PA-EXT" in answer.text


def test_commissions_mdf_and_tier_come_from_their_features_for_the_own_partner(program: Program) -> None:
    commissions = _ask(program, "what are my commissions?")
    mdf = _ask(program, "what is my MDF balance?")
    tier = _ask(program, "what is my tier and what do I need for the next tier?")
    assert commissions.intent is Intent.COMMISSIONS and "Earned: nothing." in commissions.text
    assert mdf.text == "You have no MDF allocated and no requests."
    assert "Your tier is gold." in tier.text and [s.record_id for s in tier.sources] == [1]


def test_a_document_question_quotes_the_passage_with_a_link_to_its_heading(program: Program) -> None:
    answer = _ask(program, "When are commissions paid?")
    assert "15th of the following month" in answer.text
    assert answer.sources[0].kind is SourceKind.PASSAGE
    assert answer.sources[0].link is not None and answer.sources[0].link.endswith("#when-commissions-are-paid")


def test_an_unsupported_question_gets_i_dont_know_and_the_partner_manager(program: Program) -> None:
    answer = _ask(program, "What is the capital of France?")
    assert answer.text.startswith("I don't know") and "Maria Manager" in answer.text and not answer.grounded


def test_staff_asking_a_partners_own_figures_are_told_to_ask_as_the_partner(program: Program) -> None:
    answer = _ask(program, "What is my MDF balance?", who="manager")
    assert not answer.grounded and "partner's user" in answer.text


def test_partner_users_get_no_recommendations(program: Program) -> None:
    answer = _ask(program, "Which partners should I bring into deal 8?")
    assert not answer.grounded and "for partner managers" in answer.text


def test_every_exchange_is_logged_and_the_log_is_for_staff_only(program: Program) -> None:
    _ask(program, "What is my referral link?")
    _ask(program, "What is the capital of France?")
    with program.engine.connect() as conn:
        logged = list_exchanges(conn, program.manager)
        unanswered = list_exchanges(conn, program.manager, ungrounded_only=True)
        with pytest.raises(ScopeError):
            list_exchanges(conn, program.alpha)
        count = len(conn.execute(select(assistant_exchanges.c.id)).all())
    assert count == 2 and logged[0].intent == "documents" and logged[1].intent == "referral_link"
    assert logged[1].user_email == "ana@alpha.test" and logged[1].sources[0].kind is SourceKind.PARTNER
    assert [e.question for e in unanswered] == ["What is the capital of France?"]


def test_an_empty_question_is_refused(program: Program) -> None:
    with pytest.raises(EmptyQuestion):
        _ask(program, "   ")
