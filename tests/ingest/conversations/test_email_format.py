"""Email as mailing lists and mail clients write it: obfuscated and missing sender addresses, encoded names, times
in UTC, quoted replies kept apart, and one unreadable message never costing the others of its mbox."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from partnerops.ingest.conversations.email_quotes import body_lines
from partnerops.ingest.conversations.email_sender import sender_of
from partnerops.ingest.conversations.formats import read_conversation_file
from partnerops.ingest.conversations.model import Side, side_rule

SHAPES = Path(__file__).resolve().parents[2] / "fixtures" / "conversations" / "shapes"
RULE = side_rule(["ourco.com"], ["Dana Rep"])


@pytest.mark.parametrize(("header", "name", "address"), [
    ("Jo Park <jo@initech.io>", "Jo Park", "jo@initech.io"),
    ("jo at initech.io (Jo Park)", "Jo Park", "jo@initech.io"),
    ("jo at initech dot io", "", "jo@initech.io"),
    ("=?utf-8?q?J=C3=B6_Park?= <jo@initech.io>", "Jö Park", "jo@initech.io"),
    ("=?iso-8859-1?q?Ren=E9e?= <renee@globex.com>", "Renée", "renee@globex.com"),
    ("The Platform Team", "The Platform Team", None),
    ('"Lena Hart (Kestrel)" <lena at kestrel-partners.co.uk>', "Lena Hart (Kestrel)", "lena@kestrel-partners.co.uk"),
    ("", "", None),
])
def test_a_sender_is_read_however_the_from_header_is_written(header: str, name: str, address: str | None) -> None:
    sender = sender_of(header)
    assert (sender.name, sender.address) == (name, address)


def _archive() -> list[tuple[str, datetime | None, list[tuple[str, Side, str, bool]]]]:
    read = read_conversation_file(SHAPES / "list-archive.mbox", RULE)
    return [(c.title or "", c.started_at, [(u.speaker, u.side, u.text, u.quoted) for u in c.utterances])
            for c in read.conversations]


def test_an_mbox_message_without_headers_is_skipped_alone_with_its_reason() -> None:
    read = read_conversation_file(SHAPES / "list-archive.mbox", RULE)
    assert len(read.conversations) == 3
    [skipped] = read.skipped
    assert (skipped.number, skipped.label) == (3, "message 3") and "not an email message" in skipped.reason


def test_an_archive_sender_and_a_sender_without_address_are_still_messages() -> None:
    first, second, _ = _archive()
    assert first[2][1][:2] == ("Jö Park", Side.CUSTOMER)
    assert second[2][1][:2] == ("The Platform Team", Side.UNKNOWN)


def test_a_display_names_organisation_is_the_senders_affiliation(tmp_path: Path) -> None:
    path = tmp_path / "workshop.eml"
    path.write_text('From: "Lena Hart (Kestrel)" <lena@kestrel-partners.co.uk>\nSubject: Workshop\n\nJoin us.\n')
    [message] = read_conversation_file(path, RULE).conversations
    assert {(u.speaker, u.affiliation) for u in message.utterances} == {("Lena Hart", "Kestrel")}


def test_message_times_are_stored_in_utc() -> None:
    times = [when for _, when, _ in _archive()]
    assert times == [datetime(2026, 3, 3, 14, 15, tzinfo=UTC), datetime(2026, 3, 3, 15, 0, tzinfo=UTC),
                     datetime(2026, 3, 3, 12, 0, tzinfo=UTC)]
    assert all(when is not None and when.utcoffset() is not None and not when.utcoffset() for when in times)


def test_quoted_reply_blocks_are_marked_quoted_and_own_words_are_not() -> None:
    _, second, third = _archive()
    assert [(text, quoted) for _, _, text, quoted in second[2][1:]] == [
        ("Lido ran our last rollout.", False), ("On Tue, 3 Mar 2026, Jo Park <jo@initech.io> wrote:", True),
        ("We are looking at PA", True), ("Consulting for the migration work.", True)]
    outlook = [(text, quoted) for _, _, text, quoted in third[2]]
    assert ("Agreed, Lido is our pick.", False) in outlook
    assert ("We are looking at PA Consulting for the migration work.", True) in outlook


@pytest.mark.parametrize("body", [
    "Thanks!\n\nOn Mon, 2 Mar 2026 at 10:00, Jo Park <jo@initech.io>\nwrote:\n\nLido is in.\n",
    "Thanks!\n\n________________________________\nFrom: Jo Park <jo@initech.io>\nSent: Monday, 2 March 2026\n"
    "To: Dana Rep\n\nLido is in.\n",
    "Thanks!\n\n-----Original Message-----\nLido is in.\n",
    "Thanks!\n> Lido is in.\n",
    "Thanks!\n>> > Lido is in.\n",
])
def test_each_quoting_style_marks_the_quoted_line(body: str) -> None:
    lines = body_lines(body)
    assert lines[0].text == "Thanks!" and not lines[0].quoted
    assert [line.quoted for line in lines if line.text == "Lido is in."] == [True]


def test_interleaved_replies_keep_the_writers_own_lines() -> None:
    lines = body_lines("On Mon, Jo wrote:\n> Can Lido join?\nYes, Lido joins Friday.\n> And PA Consulting?\nNo.\n")
    assert [(line.text, line.quoted) for line in lines] == [
        ("On Mon, Jo wrote:", True), ("Can Lido join?", True), ("Yes, Lido joins Friday.", False),
        ("And PA Consulting?", True), ("No.", False)]


def test_an_html_only_message_is_read_with_its_blockquote_as_quoted(tmp_path: Path) -> None:
    path = tmp_path / "html.eml"
    path.write_bytes(b"From: Sam <sam@globex.com>\r\nSubject: hi\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                     b"<html><body><p>We chose <b>Lido</b>.</p><blockquote><p>Did PA <i>Consulting</i> bid?</p>"
                     b"</blockquote></body></html>\r\n")
    [message] = read_conversation_file(path, RULE).conversations
    assert [(u.text, u.quoted) for u in message.utterances[1:]] == [("We chose Lido.", False),
                                                                     ("Did PA Consulting bid?", True)]


def test_an_unknown_charset_is_read_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.eml"
    path.write_bytes(b"From: Sam <sam@globex.com>\r\nSubject: hi\r\nContent-Type: text/plain; charset=x-unknown\r\n"
                     b"\r\nCaf\xe9 with Lido.\r\n")
    [message] = read_conversation_file(path, RULE).conversations
    assert message.utterances[-1].text == "Café with Lido."


def test_an_mbox_escaped_from_line_is_the_writers_own_words(tmp_path: Path) -> None:
    path = tmp_path / "list.mbox"
    path.write_text("From jo at initech.io  Mon Mar  2 09:12:44 2026\nFrom: jo at initech.io (Jo Park)\n"
                    "Subject: Vendors\nMessage-ID: <a@initech.io>\n\nHi all,\n>From the start we used Lido.\n"
                    "> Quoted: we used Acme.\n", encoding="utf-8")
    (conversation,) = read_conversation_file(path, side_rule([], [])).conversations
    lines = [(u.quoted, u.text) for u in conversation.utterances]
    assert (False, "From the start we used Lido.") in lines and (True, "Quoted: we used Acme.") in lines
