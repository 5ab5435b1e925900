"""Automatic captions that roll (each cue repeating the line before) are read once, their new lines only."""

from __future__ import annotations

from pathlib import Path

from partnerops.ingest.conversations.formats import read_conversation_file
from partnerops.ingest.conversations.model import side_rule
from partnerops.ingest.conversations.rolling_captions import new_lines

ROLLING_VTT = """WEBVTT
Kind: captions
Language: en

00:00:01.120 --> 00:00:03.750 align:start position:0%

we<00:00:01.520><c> signed</c><00:00:01.920><c> with</c><00:00:02.240><c> amazon</c><00:00:02.600><c> web</c>

00:00:03.750 --> 00:00:03.760 align:start position:0%
we signed with amazon web


00:00:03.760 --> 00:00:06.150 align:start position:0%
we signed with amazon web
services<00:00:04.200><c> last</c><00:00:04.500><c> year</c>

00:00:06.150 --> 00:00:06.160 align:start position:0%
services last year

"""


def test_each_cue_keeps_only_the_lines_it_adds() -> None:
    assert new_lines(["one two", "one two\n", "one two\nthree", "three", "four\nfive", "five\nsix"]) == [
        "one two", "", "three", "", "four\nfive", "six"]


def test_rolling_webvtt_captions_are_read_once(tmp_path: Path) -> None:
    path = tmp_path / "council.vtt"
    path.write_text(ROLLING_VTT, encoding="utf-8")
    (conversation,) = read_conversation_file(path, side_rule([], [])).conversations
    assert [u.text for u in conversation.utterances] == ["we signed with amazon web", "services last year"]


def test_rolling_subrip_captions_are_read_once(tmp_path: Path) -> None:
    path = tmp_path / "board.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nthe district uses\n\n"
                    "2\n00:00:02,000 --> 00:00:03,000\nthe district uses\nlido for payroll\n\n", encoding="utf-8")
    (conversation,) = read_conversation_file(path, side_rule([], [])).conversations
    assert [u.text for u in conversation.utterances] == ["the district uses", "lido for payroll"]


def test_youtube_subviewer_captions_roll_and_keep_the_last_labelled_voice() -> None:
    path = Path(__file__).resolve().parents[2] / "fixtures" / "conversations" / "shapes" / "youtube-captions.sbv"
    (conversation,) = read_conversation_file(path, side_rule([], [])).conversations
    assert [(u.speaker, u.text) for u in conversation.utterances] == [
        ("CHAIR REYES", "The next item is the\nrecords contract with Lido"),
        ("CHAIR REYES", "Group, staff recommends renewal."), ("MEMBER OKAFOR", "Does Lido host it on AWS?")]
