"""Each conversation format's real-shaped fixture parses into speakers, sides, times and CRM context."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.formats import parse_conversations
from partnerops.ingest.conversations.model import Side, side_rule

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "conversations"
RULE = side_rule(["ourco.com"], ["Dana Rep"])


def _turns(name: str) -> list[tuple[str, Side, float | None]]:
    [conversation] = parse_conversations(FIXTURES / name, RULE)
    return [(u.speaker, u.side, u.at_seconds) for u in conversation.utterances]


def test_gong_sides_come_from_party_affiliation_and_times_from_milliseconds() -> None:
    [call] = parse_conversations(FIXTURES / "gong-call.json", RULE)
    assert call.crm_opportunity_ids == ("0065g00000GLOBEXOPP",) and call.crm_account_ids == ("0015g00000GLOBEX",)
    assert (call.utterances[2].speaker, call.utterances[2].side, call.utterances[2].at_seconds) == (
        "Sam Buyer", Side.CUSTOMER, 61.24)
    assert call.started_at is not None and call.started_at.isoformat() == "2026-03-02T16:01:12+00:00"


@pytest.mark.parametrize(("name", "turn"), [
    ("zoom-call.vtt", ("Priya Shah", Side.CUSTOMER, 6.01)),
    ("teams-call.vtt", ("Lee Wong", Side.CUSTOMER, 8.01)),
    ("recorder-call.srt", ("Chen Liu", Side.CUSTOMER, 5.0)),
    ("notes-call.txt", ("Maria Lopez", Side.CUSTOMER, 100.0)),
])
def test_caption_formats_name_the_speaker_and_the_time(name: str, turn: tuple[str, Side, float]) -> None:
    turns = _turns(name)
    assert turns[0][:2] == ("Dana Rep", Side.OURS)
    assert turn in turns


def test_email_sides_come_from_the_sender_domain() -> None:
    first, second = parse_conversations(FIXTURES / "partner-threads.mbox", RULE)
    assert (first.utterances[0].side, second.utterances[0].side) == (Side.OURS, Side.CUSTOMER)
    assert second.participant_emails == ("dana.rep@ourco.com", "jo@initech.io")


def test_quoted_lines_of_an_email_reply_are_kept_marked_quoted() -> None:
    [message] = parse_conversations(FIXTURES / "intro-thread.eml", RULE)
    quoted = [u for u in message.utterances if "Would Acme Cloud be able" in u.text]
    assert [(u.text, u.quoted) for u in quoted] == [("Would Acme Cloud be able to join?", True)]
    assert not any(u.quoted for u in message.utterances if "Our partner at Acme Cloud" in u.text)


@pytest.mark.parametrize("name", ["broken-gong.json", "broken-zoom.vtt"])
def test_a_broken_file_raises_with_its_reason(name: str) -> None:
    with pytest.raises(ConversationParseError) as raised:
        parse_conversations(FIXTURES / name, RULE)
    assert raised.value.path.name == name and raised.value.reason
