"""Earnings-call transcripts that name each speaker on a line of their own: the header is a speaker, not words,
and an analyst's firm is the speaker's affiliation."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerops.ingest.conversations.formats import read_conversation_file
from partnerops.ingest.conversations.model import side_rule
from partnerops.ingest.conversations.speaker_headers import header_speaker
from partnerops.ingest.conversations.speaker_labels import Speaker, split_affiliation

SHAPES = Path(__file__).resolve().parents[2] / "fixtures" / "conversations" / "shapes"


@pytest.mark.parametrize(("line", "speaker"), [
    ("Erik Stone -- Lido Securities -- Analyst", Speaker("Erik Stone", "Lido Securities")),
    ("Marta Quinn -- Vice President, Investor Relations", Speaker("Marta Quinn")),
    ("Operator", Speaker("Operator")),
    ("Next steps -- pricing on Friday.", None),
    ("we met -- briefly -- with Lido", None),
])
def test_a_header_line_names_a_speaker_and_a_sentence_does_not(line: str, speaker: Speaker | None) -> None:
    assert header_speaker(line) == speaker


def test_an_analysts_firm_between_name_and_title_is_the_affiliation() -> None:
    assert split_affiliation("Erik Stone -- Lido Securities -- Analyst") == Speaker("Erik Stone", "Lido Securities")


def test_words_under_a_header_are_its_speakers_and_headers_are_no_words() -> None:
    read = read_conversation_file(SHAPES / "earnings-call-headers.txt", side_rule([], []))
    said = [(u.speaker, u.affiliation, u.text) for u in read.conversations[0].utterances]
    assert ("Marta Quinn", None, "Thank you. Our alliance with Lido grew again this quarter.") in said
    assert ("Erik Stone", "Lido Securities", "Thanks. How is the Lido partnership going?") in said
    assert not any("--" in text for _, _, text in said)
