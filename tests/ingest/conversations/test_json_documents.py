"""JSON transcripts nested the way speech-to-text results nest them, and transcripts kept whole as one text."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.formats import read_conversation_file
from partnerops.ingest.conversations.model import side_rule

SHAPES = Path(__file__).resolve().parents[2] / "fixtures" / "conversations" / "shapes"


def _said(path: Path) -> list[tuple[str, str]]:
    read = read_conversation_file(path, side_rule([], []))
    return [(u.speaker, u.text) for c in read.conversations for u in c.utterances]


def test_turns_nested_inside_a_results_object_are_found() -> None:
    assert _said(SHAPES / "speech-to-text-nested.json") == [("0", "Lido rocks."), ("1", "Okay.")]


def test_a_transcript_kept_as_one_text_is_read_line_by_line_with_its_speakers() -> None:
    assert _said(SHAPES / "earnings-call-one-text.json") == [
        ("Operator", "Good afternoon and welcome."), ("Etan Levi", "Our alliance with Lido grew again."),
        ("Hana Sato", "Thank you.")]


def test_a_transcript_kept_as_a_list_of_paragraphs_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "call.json"
    path.write_text('{"transcript": ["Operator: hello", "Jane: Lido grew"]}', encoding="utf-8")
    assert _said(path) == [("Operator", "hello"), ("Jane", "Lido grew")]


@pytest.mark.parametrize("content", ['{"meta": {"a": {"b": {"c": {"d": {"e": []}}}}}}', '{"q": 1}', '"words"'])
def test_a_document_without_turns_or_text_is_refused_with_what_was_looked_for(tmp_path: Path, content: str) -> None:
    path = tmp_path / "odd.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConversationParseError, match="no list of turns found"):
        read_conversation_file(path, side_rule([], []))


def test_a_list_of_whole_transcripts_is_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "calls.json"
    path.write_text('[{"symbol": "QLN", "quarter": 3, "content": "Operator: Welcome.\\nDevon Hale: Lido grew.\\n'
                    'Operator: Next question."}]', encoding="utf-8")
    assert _said(path) == [("Operator", "Welcome."), ("Devon Hale", "Lido grew."), ("Operator", "Next question.")]
