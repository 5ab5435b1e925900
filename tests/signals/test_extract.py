"""The matching rules over generated transcripts: every planted mention found, no negative control counted,
and both engines (Hyperscan and pyahocorasick) giving the same signals."""

from __future__ import annotations

import pytest

from partnerops.ingest.conversations.model import Conversation, Side, Utterance
from partnerops.signals.catalog import compile_catalog
from partnerops.signals.extract import mentions
from partnerops.signals.matcher import Engine, available_engines
from signals.planted import TRACKERS, planted_set

ENGINES: list[Engine] = available_engines()


def _found(engine: Engine, seed: int) -> tuple[set[tuple[int, str, int]], set[tuple[int, str, int]]]:
    planted = planted_set(seed)
    catalog = compile_catalog(TRACKERS, engine)
    found = {(m.conversation, m.utterance.text, m.tracker.id) for m in mentions(catalog, planted.conversations)}
    return found, planted.expected


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planted_mentions_are_found_with_perfect_precision_and_recall(engine: Engine, seed: int) -> None:
    found, expected = _found(engine, seed)
    true_positives = len(found & expected)
    assert expected, "the generated set plants mentions"
    assert true_positives / len(found) == 1.0, sorted(found - expected)
    assert true_positives / len(expected) == 1.0, sorted(expected - found)


def test_hyperscan_and_ahocorasick_give_the_same_signals() -> None:
    if "hyperscan" not in ENGINES:
        pytest.skip("hyperscan is not installed")
    planted = planted_set(7)
    results = []
    for engine in ENGINES:
        catalog = compile_catalog(TRACKERS, engine)
        found = mentions(catalog, planted.conversations)
        results.append([(m.offset, m.phrase, m.tracker.id, m.snippet) for m in found])
    assert results[0] == results[1]


@pytest.mark.parametrize("engine", ENGINES)
def test_longest_alias_counts_once_per_place(engine: Engine) -> None:
    conversation = Conversation("text", (Utterance("Sam", Side.CUSTOMER, "we use Acme Cloud"),))
    found = mentions(compile_catalog(TRACKERS, engine), [conversation])
    assert [(m.phrase, m.offset) for m in found] == [("Acme Cloud", 7)]


@pytest.mark.parametrize("engine", ENGINES)
def test_offsets_and_snippets_survive_non_ascii_text(engine: Engine) -> None:
    text = "Café Zürich: we moved to Acme Cloud"
    turns = (Utterance("Zoë", Side.CUSTOMER, "Grüße"), Utterance("Zoë", Side.CUSTOMER, text))
    conversation = Conversation("text", turns)
    [found] = mentions(compile_catalog(TRACKERS, engine), [conversation])
    assert found.offset == len("Grüße\n") + text.index("Acme Cloud")
    # The snippet is what the speaker went on saying: both of Zoë's turns.
    assert found.phrase == "Acme Cloud" and found.snippet == "Grüße " + text
