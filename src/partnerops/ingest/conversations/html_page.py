"""A conversation saved as a web page (a list archive's message, a published transcript): its text, line by line,
`>` and `<blockquote>` lines marked quoted as an email's are."""

from __future__ import annotations

from pathlib import Path

from partnerops.ingest.conversations.email_html import html_text
from partnerops.ingest.conversations.email_quotes import body_lines
from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.model import Conversation, ConversationFile, SideRule, Utterance
from partnerops.ingest.conversations.text_decoding import encoding_notes, read_text


def parse_html(path: Path, rule: SideRule) -> ConversationFile:
    text, encoding = read_text(path)
    lines = body_lines(html_text(text))
    if not lines:
        raise ConversationParseError(path, "web page without text")
    side = rule.side_of_speaker("")
    utterances = tuple(Utterance("", side, line.text, quoted=line.quoted) for line in lines)
    return ConversationFile([Conversation(source_format="html", utterances=utterances)],
                            notes=encoding_notes(encoding))
