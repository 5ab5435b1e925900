"""Email as a conversation: `.eml` (one message) and `.mbox` (many). The sender's domain tells the side."""

from __future__ import annotations

import mailbox
import re
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from pathlib import Path

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.model import Conversation, SideRule, Utterance


def parse_eml(path: Path, rule: SideRule) -> list[Conversation]:
    message = BytesParser(_class=EmailMessage, policy=policy.default).parsebytes(path.read_bytes())
    if not message["From"]:
        raise ConversationParseError(path, "no From header: not an email message")
    return [_conversation(path, message, rule)]


def parse_mbox(path: Path, rule: SideRule) -> list[Conversation]:
    box = mailbox.mbox(str(path), create=False)
    try:
        parser = BytesParser(_class=EmailMessage, policy=policy.default)
        messages = [parser.parsebytes(box.get_bytes(key)) for key in box.iterkeys()]
    finally:
        box.close()
    if not messages:
        raise ConversationParseError(path, "mbox file without messages")
    return [_conversation(path, message, rule) for message in messages]


def _conversation(path: Path, message: EmailMessage, rule: SideRule) -> Conversation:
    sender_name, sender = parseaddr(str(message["From"] or ""))
    if "@" not in sender:
        raise ConversationParseError(path, f"message {message['Message-ID']}: no sender address")
    side = rule.side_of_email(sender)
    speaker = sender_name or sender
    lines = [Utterance(speaker, side, str(message["Subject"] or ""))] + [
        Utterance(speaker, side, line) for line in _body(message).splitlines() if _own_line(line)]
    return Conversation(source_format="email", utterances=tuple(lines), started_at=_date(message),
                        participant_emails=_addresses(message), title=str(message["Subject"] or ""),
                        thread=_thread(message))


def _thread(message: EmailMessage) -> str | None:
    """The id of the thread's first message: References lists the ancestors oldest first."""
    for header in ("References", "In-Reply-To", "Message-ID"):
        ids = re.findall(r"<[^<>\s]+>", str(message[header] or ""))
        if ids:
            return ids[0].lower()
    return None


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return str(part.get_content()) if part is not None else ""


def _own_line(line: str) -> bool:
    """Quoted text (`> ...`) repeats an earlier message of the thread; counting it again would double the signal."""
    return bool(line.strip()) and not line.lstrip().startswith(">")


def _addresses(message: EmailMessage) -> tuple[str, ...]:
    fields = [str(v) for key in ("From", "To", "Cc") for v in (message.get_all(key) or [])]
    return tuple(sorted({address.lower() for _, address in getaddresses(fields) if "@" in address}))


def _date(message: EmailMessage) -> datetime | None:
    try:
        return parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        return None
