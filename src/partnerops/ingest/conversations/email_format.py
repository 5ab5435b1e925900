"""Email as conversations: `.eml` (one message) and `.mbox` (many). A message that cannot be read is skipped
with its reason and the others of the file are read; the sender's domain tells the side."""

from __future__ import annotations

import mailbox
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from partnerops.ingest.conversations.email_message import is_message, message_conversation, message_label
from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.model import Conversation, ConversationFile, SideRule, SkippedPart

PARSER = BytesParser(_class=EmailMessage, policy=policy.default)
ESCAPED_FROM = re.compile(rb"(?m)^>(>*From )")


def parse_eml(path: Path, rule: SideRule) -> ConversationFile:
    message = PARSER.parsebytes(path.read_bytes())
    if not is_message(message):
        raise ConversationParseError(path, "no From, To, Subject, Date or Message-ID header: not an email message")
    return _read([message], rule)


def parse_mbox(path: Path, rule: SideRule) -> ConversationFile:
    box = mailbox.mbox(str(path), create=False)
    try:
        messages = [PARSER.parsebytes(unescaped(box.get_bytes(key))) for key in box.iterkeys()]
    finally:
        box.close()
    if not messages:
        raise ConversationParseError(path, "mbox file without messages")
    return _read(messages, rule)


def unescaped(message: bytes) -> bytes:
    """The message as written: an mbox writes a body line starting "From " as ">From " (and ">From " as
    ">>From "), which would otherwise read as a quoted line."""
    return ESCAPED_FROM.sub(rb"\1", message)


def _read(messages: list[EmailMessage], rule: SideRule) -> ConversationFile:
    read = ConversationFile([])
    for number, message in enumerate(messages, start=1):
        conversation = _conversation(message, number, rule, read)
        if conversation is not None:
            read.conversations.append(conversation)
    return read


def _conversation(message: EmailMessage, number: int, rule: SideRule, read: ConversationFile) -> Conversation | None:
    if not is_message(message):
        read.skipped.append(SkippedPart(number, f"message {number}", "no From, To, Subject, Date or Message-ID "
                                        "header: not an email message"))
        return None
    try:
        return message_conversation(message, rule)
    # The standard library's header and MIME parsers raise assorted errors on malformed input (IndexError,
    # AttributeError, HeaderParseError...): one bad message is set aside with its reason, never the whole box.
    except Exception as exc:  # noqa: BLE001
        read.skipped.append(SkippedPart(number, message_label(message, number), f"unreadable message: "
                                        f"{type(exc).__name__}: {exc}"))
        return None
