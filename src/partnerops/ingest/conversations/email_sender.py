"""Who sent a message, as mailing lists and mail clients write it: `Jo Park <jo@initech.io>`, RFC 2047 encoded
names, archive-obfuscated `jo at initech.io (Jo Park)`, or no address at all (the sender is then unknown, or
named by whatever text the header holds)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.utils import getaddresses

# Pipermail and other archives hide addresses as "jo at initech.io" (sometimes "jo at initech dot io").
OBFUSCATED = re.compile(r"(?P<user>[\w.+-]+)\s+at\s+(?P<domain>[\w-]+(?:(?:\.|\s+dot\s+)[\w-]+)+)", re.IGNORECASE)
COMMENT = re.compile(r"\((?P<name>[^()]+)\)")
QUOTED = re.compile(r'"(?P<name>[^"]+)"')


@dataclass(frozen=True)
class Sender:
    name: str
    address: str | None

    @property
    def speaker(self) -> str:
        return self.name or self.address or ""


def decoded_header(raw: str) -> str:
    """RFC 2047 encoded words decoded (`=?utf-8?q?J=C3=B6?=` -> `Jö`); undecodable text is kept as written."""
    try:
        return " ".join(str(make_header(decode_header(raw))).split())
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        return " ".join(raw.split())


def sender_of(raw: str) -> Sender:
    """The sender from a From header's raw text."""
    text = decoded_header(raw)
    for name, address in getaddresses([text]):
        if "@" in address and "." in address.rsplit("@", 1)[1]:
            return Sender(name.strip() or _comment_name(text), address.lower())
    hidden = OBFUSCATED.search(text)
    if hidden:
        domain = re.sub(r"\s+dot\s+", ".", hidden["domain"], flags=re.IGNORECASE)
        rest = (text[:hidden.start()] + text[hidden.end():]).replace("<>", "").strip()
        return Sender(_display_name(rest), f"{hidden['user']}@{domain}".lower())
    return Sender(_display_name(text), None)


def _display_name(text: str) -> str:
    """A quoted display name ("Lena Hart (Kestrel)"), else an archive's comment (`(Jo Park)`), else the text."""
    quoted = QUOTED.search(text)
    if quoted:
        return quoted["name"].strip()
    return _comment_name(text) or text.strip("<>\"' ")


def _comment_name(text: str) -> str:
    found = COMMENT.search(text)
    return found["name"].strip() if found else ""
