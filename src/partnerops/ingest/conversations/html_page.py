"""A conversation saved as a web page (a list archive's message, a published transcript): its text, line by line,
`>` and `<blockquote>` lines marked quoted as an email's are. A Mailman (pipermail) message page is read as its
subject and its article, without the sender's address and the links to other messages; an archive's index page
holds no conversation and is refused."""

from __future__ import annotations

import re
from pathlib import Path

from partnerops.ingest.conversations.email_html import html_text
from partnerops.ingest.conversations.email_quotes import body_lines
from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.model import Conversation, ConversationFile, SideRule, Utterance
from partnerops.ingest.conversations.text_decoding import encoding_notes, read_text

ARTICLE = re.compile(r"<!--beginarticle-->(?P<body>.*?)<!--endarticle-->", re.DOTALL | re.IGNORECASE)
SUBJECT = re.compile(r"<h1[^>]*>(?P<subject>.*?)</h1>", re.DOTALL | re.IGNORECASE)
INDEX_PAGE = re.compile(r"Messages sorted by|<!--threads-->", re.IGNORECASE)


def parse_html(path: Path, rule: SideRule) -> ConversationFile:
    text, encoding = read_text(path)
    article = ARTICLE.search(text)
    if article is None and INDEX_PAGE.search(text):
        raise ConversationParseError(path, "a list archive's index page, not a message")
    side = rule.side_of_speaker("")
    subject = SUBJECT.search(text) if article else None
    said = [Utterance("", side, html_text(subject["subject"]))] if subject and html_text(subject["subject"]) else []
    for number, line in enumerate(body_lines(html_text(article["body"] if article else text))):
        said.append(Utterance("", side, line.text, quoted=line.quoted, starts_turn=number == 0 and bool(said)))
    if not said:
        raise ConversationParseError(path, "web page without text")
    return ConversationFile([Conversation(source_format="html", utterances=tuple(said))],
                            notes=encoding_notes(encoding))
