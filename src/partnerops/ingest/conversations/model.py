"""One parsed conversation: its utterances in order, who took part, and the CRM ids it was logged against."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Side(StrEnum):
    """Which side of the deal spoke: the customer (or prospect), our company, or not known from the source."""

    CUSTOMER = "customer"
    OURS = "ours"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Utterance:
    speaker: str
    side: Side
    text: str
    # Seconds from the start of the call, when the transcript says (email has none).
    at_seconds: float | None = None
    # Text an email reply quotes from an earlier message (`>` lines, "On ... wrote:" and Outlook blocks).
    quoted: bool = False
    # The organisation the speaker's label names ("Greg K | Lido", "Etan (Nimbus)"): who they are, not what
    # they said.
    affiliation: str | None = None
    # A new turn starts here even when the speaker is the previous one's (an email's body after its subject):
    # a phrase is never read across it.
    starts_turn: bool = False


@dataclass(frozen=True)
class Conversation:
    source_format: str
    utterances: tuple[Utterance, ...]
    started_at: datetime | None = None
    # Email addresses of the people on the call or message, for linking through account domains.
    participant_emails: tuple[str, ...] = ()
    # CRM object ids the source logged the conversation against (Gong's context objects).
    crm_opportunity_ids: tuple[str, ...] = ()
    crm_account_ids: tuple[str, ...] = ()
    title: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    # An email's thread (the first id of its References, else In-Reply-To, else its own Message-ID): messages
    # of one thread are one conversation, in one file or several. None for a call or transcript.
    thread: str | None = None


@dataclass(frozen=True)
class SkippedPart:
    """A part of a file (a message of an mbox, a call of a Gong export) that could not be read; the file's
    other parts are read all the same. `number` counts from 1 in the file's order."""

    number: int
    label: str
    reason: str


@dataclass(frozen=True)
class ConversationFile:
    """What a file holds: its conversations, the parts that could not be read, and how it was read (notes such
    as "sentence times read as milliseconds" or "read as Windows-1252")."""

    conversations: list[Conversation]
    skipped: list[SkippedPart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SideRule:
    """How a source without affiliations tells the sides apart: our email domains and our speakers' names."""

    our_domains: frozenset[str] = frozenset()
    our_speakers: frozenset[str] = frozenset()

    def side_of_email(self, address: str) -> Side:
        domain = address.rsplit("@", 1)[-1].strip().lower().rstrip(">")
        if not domain or "@" not in address:
            return Side.UNKNOWN
        return Side.OURS if _within(domain, self.our_domains) else Side.CUSTOMER

    def side_of_speaker(self, speaker: str) -> Side:
        if "@" in speaker:
            return self.side_of_email(speaker)
        if not self.our_speakers or not speaker.strip():
            return Side.UNKNOWN
        return Side.OURS if speaker.strip().casefold() in self.our_speakers else Side.CUSTOMER


def _within(domain: str, ours: frozenset[str]) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in ours)


def side_rule(our_domains: list[str] | tuple[str, ...], our_speakers: list[str] | tuple[str, ...] = ()) -> SideRule:
    return SideRule(frozenset(d.strip().lower() for d in our_domains if d.strip()),
                    frozenset(s.strip().casefold() for s in our_speakers if s.strip()))
