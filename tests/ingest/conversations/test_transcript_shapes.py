"""Transcript shapes beyond the recorders' own: speaker labels that are names (and the organisation they carry),
JSON lists of turns under common key names, Zoom chat exports, Gong times in seconds or milliseconds, text in
Windows-1252, and malformed files refused with a reason instead of a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.formats import read_conversation_file
from partnerops.ingest.conversations.gong_times import sentence_times
from partnerops.ingest.conversations.model import Side, side_rule
from partnerops.ingest.conversations.speaker_labels import read_label, speaker_labels, split_affiliation

SHAPES = Path(__file__).resolve().parents[2] / "fixtures" / "conversations" / "shapes"
RULE = side_rule(["ourco.com"], ["Dana Rep"])


def _turns(name: str) -> list[tuple[str, str, str | None]]:
    [conversation] = read_conversation_file(SHAPES / name, RULE).conversations
    return [(u.speaker, u.text, u.affiliation) for u in conversation.utterances]


def test_a_line_of_notes_is_never_read_as_a_speaker() -> None:
    assert _turns("meeting-notes.txt")[0] == ("", "Next steps with Docker: pricing on Friday", None)


def test_a_speakers_words_keep_a_colon_phrase_whole() -> None:
    assert _turns("labelled-call.vtt")[0] == ("Dana Rep", "Next steps with Docker: pricing on Friday.", None)


@pytest.mark.parametrize(("label", "name", "organisation"), [
    ("Greg K | Lido", "Greg K", "Lido"), ("Etan (Nimbus)", "Etan", "Nimbus"), ("Jo Park [Initech]", "Jo Park",
                                                                               "Initech"),
    ("Ana Ruiz - Globex", "Ana Ruiz", "Globex"), ("Etan Levi -- Chief Executive Officer", "Etan Levi", None),
    ("Jean-Luc Picard", "Jean-Luc Picard", None),
])
def test_a_label_names_the_speakers_organisation(label: str, name: str, organisation: str | None) -> None:
    assert (split_affiliation(label).name, split_affiliation(label).affiliation) == (name, organisation)


def test_a_speaker_labels_organisation_is_an_affiliation_not_speech() -> None:
    turns = _turns("labelled-call.vtt")
    assert ("Greg K", "We brought in PA", "Lido") in turns and ("Etan", "Dana, we compared Lido with two others.",
                                                                 "Nimbus") in turns


@given(st.lists(st.sampled_from(["next", "steps", "with", "docker", "pricing", "on", "friday", "the", "we", "and"]),
                min_size=2, max_size=6), st.text(min_size=1, max_size=20))
def test_lower_case_words_before_a_colon_are_never_a_speaker(words: list[str], rest: str) -> None:
    line = f"{' '.join(words).capitalize()}: {rest}"
    assert read_label(line, speaker_labels([line, line])) == (None, line)


def test_earnings_call_remarks_and_questions_are_turns_and_a_bad_entry_is_skipped() -> None:
    read = read_conversation_file(SHAPES / "earnings-call.json", RULE)
    [call] = read.conversations
    speakers = [u.speaker for u in call.utterances]
    assert speakers == ["Operator", "Etan Levi", "Etan Levi", "Ana Ruiz", "Etan Levi"]
    assert [(p.label, p.number) for p in read.skipped] == [("q_and_a[2]", 5)]


@pytest.mark.parametrize(("name", "expected"), [
    ("turns.json", [("Greg K", "We can run the pilot.", "Lido"), ("Sam Buyer", "Lido sounds right for us.", None)]),
    ("utterances.json", [("A", "We met PA Consulting last week.", None), ("B", "Lido too.", None)]),
])
def test_json_turn_lists_under_common_key_names(name: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert _turns(name) == expected


@pytest.mark.parametrize("name", ["zoom-chat.txt", "zoom-chat-tabs.txt"])
def test_zoom_chat_exports_name_the_sender_of_each_message(name: str) -> None:
    [conversation] = read_conversation_file(SHAPES / name, RULE).conversations
    assert [(u.speaker, u.side, u.at_seconds) for u in conversation.utterances][:2] == [
        ("Jo Park", Side.CUSTOMER, 0.0), ("Dana Rep", Side.OURS, 28.0)]
    assert conversation.source_format == "zoom_chat" and conversation.utterances[0].text == "we buy through Lido"


def test_a_multi_line_chat_message_stays_with_its_sender() -> None:
    assert _turns("zoom-chat.txt")[2:] == [("Jo Park", "PA Consulting did", None),
                                           ("Jo Park", "the rollout before", None)]


def test_windows_1252_text_is_read_and_said_so() -> None:
    read = read_conversation_file(SHAPES / "windows-1252.txt", RULE)
    first = read.conversations[0].utterances[0]
    assert (first.speaker, first.text) == ("Renée Dubois", "Café talk first – then Lido’s pricing.")
    assert read.notes == ["read as Windows-1252"]


def test_gong_times_in_seconds_are_read_by_the_calls_duration_and_a_bad_call_is_skipped() -> None:
    read = read_conversation_file(SHAPES / "gong-seconds.json", RULE)
    [call] = read.conversations
    assert [u.at_seconds for u in call.utterances] == [12.0, 540.0]
    assert read.notes == ["call 9001: sentence times read as seconds: the last sentence ends at 588 s of a 600 s call"]
    assert [(p.label, p.reason) for p in read.skipped] == [
        ("callTranscripts[1]", "a call transcript must be an object, found 'x'")]


@pytest.mark.parametrize(("times", "duration", "divisor"), [
    ([1020.0, 125900.0], 1840, 1000.0), ([12.0, 588.0], 600, 1.0), ([12000.0, 588000.0], 600, 1000.0),
    ([5.0, 30.0], None, 1000.0), ([1.0, 1790.0], 1800, 1.0),
])
def test_the_unit_is_the_one_that_ends_the_transcript_within_the_call(times: list[float], duration: int | None,
                                                                     divisor: float) -> None:
    assert sentence_times(times, duration).divisor == divisor


@pytest.mark.parametrize(("name", "content"), [
    ("only-x.json", '{"callTranscripts":["x"]}'),
    ("scalar.json", "42"),
    ("deep.json", "[" * 5000 + "]" * 5000),
    ("no-turns.json", '{"title": "a call"}'),
    ("bad-sentences.json", '{"callTranscripts":[{"callId": 1, "transcript": [{"sentences": "text"}]}]}'),
    ("calls-not-list.json", '{"callTranscripts": [], "calls": "x"}'),
    ("empty.vtt", ""),
    ("garbage.srt", "1\nnot a time\nhello\n"),
    ("binary.txt", "\x00\x01\x02PK"),
])
def test_malformed_files_are_refused_with_a_reason_or_read_in_part(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    try:
        read = read_conversation_file(path, RULE)
    except ConversationParseError as exc:
        assert exc.reason and exc.path == path
        return
    assert read.skipped or not any(c.utterances for c in read.conversations)
