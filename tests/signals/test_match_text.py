"""The text the matcher reads: whitespace folded and one voice's lines joined, every position mapping back to
the file's text; a phrase broken across lines or cues of one speaker is found, never across speakers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerops.ingest.conversations.model import Conversation, Side, Utterance
from partnerops.signals.catalog import compile_catalog
from partnerops.signals.extract import mentions
from partnerops.signals.match_text import file_text, match_text
from partnerops.signals.matcher import Engine, available_engines
from partnerops.signals.trackers import Tracker, TrackerKind, TrackerRules

PA = Tracker(1, "PA Consulting", TrackerKind.PARTNER, 1, TrackerRules(("PA Consulting",)), 7)
ENGINES: list[Engine] = available_engines()

turns = st.lists(st.tuples(st.sampled_from(["Ann", "Bo"]), st.booleans(),
                           st.text(alphabet=st.sampled_from("ab \n\t\u00a0"), max_size=12)), min_size=1, max_size=8)


@given(turns)
def test_every_matched_character_maps_to_the_same_character_or_whitespace_of_the_file(
        parts: list[tuple[str, bool, str]]) -> None:
    conversation = Conversation("text", tuple(Utterance(who, Side.UNKNOWN, text, quoted=quoted)
                                              for who, quoted, text in parts))
    joined = file_text([conversation])
    matched = match_text(joined)
    offsets = [matched.file_offset(i) for i in range(len(matched.text))]
    assert offsets == sorted(set(offsets))
    for position, char in enumerate(matched.text):
        original = joined.text[offsets[position]]
        assert original == char or (char.isspace() and original.isspace())


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("lines", [("we met PA", "Consulting today"), ("we met PA  ", "\tConsulting"),
                                   ("we met PA\nConsulting today",)])
def test_a_phrase_broken_across_one_speakers_lines_is_found(engine: Engine, lines: tuple[str, ...]) -> None:
    conversation = Conversation("text", tuple(Utterance("Ann", Side.CUSTOMER, line) for line in lines))
    [found] = mentions(compile_catalog([PA], engine), [conversation])
    assert (found.phrase, found.offset) == ("PA Consulting", lines[0].index("PA"))
    assert "PA" in found.snippet and "Consulting" in found.snippet


@pytest.mark.parametrize("engine", ENGINES)
def test_no_phrase_is_read_across_speakers_quoting_or_a_new_turn(engine: Engine) -> None:
    pairs = [(Utterance("Ann", Side.CUSTOMER, "PA"), Utterance("Bo", Side.CUSTOMER, "Consulting")),
             (Utterance("Ann", Side.CUSTOMER, "PA"), Utterance("Ann", Side.CUSTOMER, "Consulting", quoted=True)),
             (Utterance("Ann", Side.CUSTOMER, "PA"), Utterance("Ann", Side.CUSTOMER, "Consulting", starts_turn=True))]
    catalog = compile_catalog([PA], engine)
    assert [mentions(catalog, [Conversation("text", pair)]) for pair in pairs] == [[], [], []]
