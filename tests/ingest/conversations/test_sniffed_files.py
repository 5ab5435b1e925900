"""Files whose extension says only "text" are read by what they hold, and a list archive's message page is read
with its quotes marked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.formats import conversation_files, read_conversation_file
from partnerops.ingest.conversations.model import side_rule
from partnerops.ingest.conversations.sniffing import Content, sniffed

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "conversations"


@pytest.mark.parametrize(("source", "content", "source_format"), [
    ("corpus/civic-tech-list.mbox", Content.MBOX, "email"),
    ("intro-thread.eml", Content.EMAIL, "email"),
    ("corpus/council-it-committee.vtt", Content.WEBVTT, "zoom_vtt"),
    ("corpus/school-board.srt", Content.SUBRIP, "srt"),
    ("shapes/youtube-captions.sbv", Content.SUBVIEWER, "sbv"),
    ("shapes/turns.json", Content.JSON, "json_turns"),
    ("corpus/weekly-standup.txt", Content.TEXT, "text"),
])
def test_a_txt_file_is_read_by_what_it_holds(tmp_path: Path, source: str, content: Content,
                                             source_format: str) -> None:
    path = tmp_path / "saved.txt"
    shutil.copy(FIXTURES / source, path)
    assert sniffed(path) is content
    assert read_conversation_file(path, side_rule([], [])).conversations[0].source_format == source_format


def test_a_list_archives_message_page_marks_its_quoted_lines() -> None:
    read = read_conversation_file(FIXTURES / "shapes" / "list-archive-message.html", side_rule([], []))
    lines = [(u.quoted, u.text) for c in read.conversations for u in c.utterances]
    assert (False, "the hosting to AWS. No complaints.") in lines
    assert (True, "Brightwave Analytics and a consortium led by PA") in lines
    assert not any("Records migration" in text and quoted for quoted, text in lines)


def test_quoted_lines_pasted_into_notes_are_marked_quoted(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Lido called back.\n> We use Lido for payroll.\n", encoding="utf-8")
    read = read_conversation_file(path, side_rule([], []))
    assert [(u.quoted, u.text) for u in read.conversations[0].utterances] == [
        (False, "Lido called back."), (True, "We use Lido for payroll.")]


def test_a_double_chevron_opens_a_speakers_words_and_quotes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "council.txt"
    path.write_text(">> MAYOR REYES: Item four is the Lido contract.\n>> MEMBER OKAFOR: Is Lido local?\n"
                    ">> MAYOR REYES: Yes.\n", encoding="utf-8")
    read = read_conversation_file(path, side_rule([], []))
    assert [(u.speaker, u.quoted, u.text) for u in read.conversations[0].utterances] == [
        ("MAYOR REYES", False, "Item four is the Lido contract."), ("MEMBER OKAFOR", False, "Is Lido local?"),
        ("MAYOR REYES", False, "Yes.")]


def test_captions_with_double_chevrons_name_their_speakers(tmp_path: Path) -> None:
    path = tmp_path / "council.vtt"
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n>> MAYOR REYES: Item four is Lido.\n\n"
                    "00:00:03.000 --> 00:00:05.000\n>> MEMBER OKAFOR: Is Lido local?\n", encoding="utf-8")
    read = read_conversation_file(path, side_rule([], []))
    assert [(u.speaker, u.quoted) for u in read.conversations[0].utterances] == [
        ("MAYOR REYES", False), ("MEMBER OKAFOR", False)]


def test_a_list_archives_message_page_is_its_subject_and_article_and_its_index_is_refused(tmp_path: Path) -> None:
    read = read_conversation_file(FIXTURES / "shapes" / "list-archive-message.html", side_rule([], []))
    texts = [u.text for c in read.conversations for u in c.utterances]
    assert texts[0] == "[civic-tech] Records migration vendors"
    assert not any("renee at globex.com" in text or "Previous message" in text for text in texts)
    index = tmp_path / "thread.html"
    index.write_text("<html><body><h1>March 2026 Archives by thread</h1><b>Messages sorted by:</b>"
                     "<!--threads--><li>[civic-tech] Lido vendors</li></body></html>", encoding="utf-8")
    with pytest.raises(ConversationParseError, match="index page"):
        read_conversation_file(index, side_rule([], []))


def test_a_folder_scan_leaves_markdown_out_and_reads_it_when_named(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("Transcripts of Lido calls.\n", encoding="utf-8")
    (tmp_path / "call.txt").write_text("Lido called.\n", encoding="utf-8")
    assert [p.name for p in conversation_files([tmp_path])] == ["call.txt"]
    assert conversation_files([tmp_path / "README.md"]) == [tmp_path / "README.md"]
