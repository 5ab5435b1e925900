"""One email message as a conversation: the sender's words (subject and body), the lines it quotes kept apart,
its participants, its thread and its time in UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.message import EmailMessage, MIMEPart
from email.utils import getaddresses, parsedate_to_datetime

from partnerops.ingest.conversations.email_html import html_text
from partnerops.ingest.conversations.email_quotes import body_lines
from partnerops.ingest.conversations.email_sender import Sender, decoded_header, sender_of
from partnerops.ingest.conversations.model import Conversation, Side, SideRule, Utterance
from partnerops.ingest.conversations.speaker_labels import split_affiliation
from partnerops.ingest.conversations.text_decoding import decoded

HEADERS_OF_A_MESSAGE = ("From", "To", "Subject", "Date", "Message-ID")


def is_message(message: EmailMessage) -> bool:
    """Bytes that hold none of the headers every mail client writes are not an email."""
    return any(message[name] is not None for name in HEADERS_OF_A_MESSAGE)


def message_conversation(message: EmailMessage, rule: SideRule) -> Conversation:
    sender = sender_of(_raw(message, "From"))
    side = rule.side_of_email(sender.address) if sender.address else Side.UNKNOWN
    # "Lena Hart (Kestrel)": the organisation a display name carries, as a speaker label's.
    who = split_affiliation(sender.speaker)
    subject = decoded_header(_raw(message, "Subject"))
    lines = [Utterance(who.name, side, subject, affiliation=who.affiliation)] if subject else []
    for number, line in enumerate(body_lines(_body(message))):
        if line.quoted:
            lines.append(Utterance("", Side.UNKNOWN, line.text, quoted=True, starts_turn=number == 0))
        else:
            lines.append(Utterance(who.name, side, line.text, affiliation=who.affiliation, starts_turn=number == 0))
    return Conversation(source_format="email", utterances=tuple(lines), started_at=_date(message),
                        participant_emails=_addresses(message, sender), title=subject, thread=_thread(message))


def _raw(message: EmailMessage, name: str) -> str:
    """A header as written (the parsed form drops an archive's `(Jo Park)` comment), unfolded."""
    found = next((str(value) for key, value in message.raw_items() if key.lower() == name.lower()), "")
    return re.sub(r"\r?\n[ \t]+", " ", found)


def message_label(message: EmailMessage, number: int) -> str:
    found = re.findall(r"<[^<>\s]+>", _raw(message, "Message-ID"))
    return found[0] if found else f"message {number}"


def _thread(message: EmailMessage) -> str | None:
    """The id of the thread's first message: References lists the ancestors oldest first."""
    for header in ("References", "In-Reply-To", "Message-ID"):
        ids: list[str] = re.findall(r"<[^<>\s]+>", _raw(message, header))
        if ids:
            return ids[0].lower()
    return None


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "" if message.is_multipart() else _text(message)
    text = _text(part)
    return html_text(text) if part.get_content_subtype() == "html" else text


def _text(part: MIMEPart) -> str:
    """The part's text; a charset Python does not know is read as UTF-8 with a Windows-1252 fallback."""
    try:
        return str(part.get_content())
    except (LookupError, UnicodeError, KeyError):
        payload = part.get_payload(decode=True)
        return decoded(payload)[0] if isinstance(payload, bytes) else str(payload or "")


def _addresses(message: EmailMessage, sender: Sender) -> tuple[str, ...]:
    fields = [decoded_header(_raw(message, key)) for key in ("To", "Cc")]
    found = {address.lower() for _, address in getaddresses(fields) if "@" in address}
    return tuple(sorted(found | ({sender.address} if sender.address else set())))


def _date(message: EmailMessage) -> datetime | None:
    """The Date header in UTC; a date without a zone (or `-0000`, "zone unknown") is taken as UTC."""
    raw = _raw(message, "Date")
    try:
        when = parsedate_to_datetime(raw) if raw else None
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
