"""Seeded aliases as people write and captions spell a partner's name: other spellings, a short name matched as
a name, and acronyms in lower case only where nothing is capitalised."""

from __future__ import annotations

import pytest

from partnerops.ingest.conversations.model import Conversation, Side, Utterance
from partnerops.signals.catalog import compile_catalog
from partnerops.signals.extract import mentions
from partnerops.signals.seed_aliases import partner_rules, short_name, spellings
from partnerops.signals.trackers import Tracker, TrackerKind


def _found(name: str, domain: str | None, *lines: str) -> list[str]:
    tracker = Tracker(1, name, TrackerKind.PARTNER, 1, partner_rules(name, domain), 1)
    said = tuple(Utterance("", Side.UNKNOWN, line, starts_turn=True) for line in lines)
    return [m.phrase for m in mentions(compile_catalog([tracker]), [Conversation("text", said)])]


@pytest.mark.parametrize(("alias", "other"), [
    ("Nestlé", "Nestle"), ("Coca-Cola", "Coca Cola"), ("Coca-Cola", "CocaCola"),
    ("Johnson & Johnson", "Johnson and Johnson"),
])
def test_an_alias_is_also_seeded_as_it_is_otherwise_written(alias: str, other: str) -> None:
    assert other in spellings(alias)


@pytest.mark.parametrize(("name", "short"), [
    ("Cisco Systems, Inc.", "Cisco"), ("Nimbus Data Systems Inc.", "Nimbus"), ("Akamai Technologies", "Akamai"),
    ("Palo Alto Networks", None), ("PA Consulting Group", None), ("Lido Group Ltd", None), ("Data Systems", None),
])
def test_a_short_name_is_one_distinctive_word_left_once_descriptions_go(name: str, short: str | None) -> None:
    assert short_name(name) == short


def test_a_web_address_name_is_said_without_its_suffix() -> None:
    assert "Salesforce" in partner_rules("Salesforce.com, Inc.", None).aliases


def test_a_short_name_counts_as_a_name_not_as_a_word() -> None:
    assert _found("The Kestrel Partnership LLP", None, "Kestrel sent the plan.",
                  "A kestrel nests on the roof.") == ["Kestrel"]


def test_a_lower_case_acronym_counts_only_where_nothing_is_capitalised() -> None:
    assert _found("Amazon Web Services", None, "we moved the permits system to aws last year",
                  "I think aws is fine", "The aws team replied.") == ["aws", "aws"]


def test_a_domain_in_an_email_address_is_who_someone_is_not_a_mention() -> None:
    assert _found("Lido Group Ltd", "lido.io", "Write to jo@lido.io or to ann@lido.io.",
                  "The portal moved to lido.io last week.") == ["lido.io"]


@pytest.mark.parametrize(("alias", "other"), [("AT&T", "AT and T"), ("Lowe's", "Lowe’s"),
                                              ("Johnson and Johnson", "Johnson & Johnson")])
def test_ampersands_and_apostrophes_are_written_both_ways(alias: str, other: str) -> None:
    assert other in spellings(alias)


def test_two_names_joined_by_an_ampersand_go_by_their_initials_as_written() -> None:
    assert _found("Procter & Gamble Co.", None, "The P&G team signed.", "Procter and Gamble renewed.",
                  "Our p&g line item.") == ["P&G", "Procter and Gamble"]
