"""The interface every payment provider implements, and the values passed across it. No I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from partnerops.domain.money import Money

__all__ = ["Accepted", "EventKind", "Provider", "ProviderEvent", "Rejected", "SendResult", "Transfer"]


@dataclass(frozen=True)
class Transfer:
    """One payout line to send: `key` is the idempotency key and the reference the provider echoes back."""

    key: str
    amount: Money
    destination: str
    memo: str


@dataclass(frozen=True)
class Accepted:
    """The provider took the transfer; `ref` is its id for it."""

    ref: str


@dataclass(frozen=True)
class Rejected:
    """The provider refused for certain (nothing was moved): a retry needs a new idempotency key."""

    reason: str


SendResult = Accepted | Rejected


class EventKind(StrEnum):
    CONFIRMED = "confirmed"
    FAILED = "failed"
    IGNORED = "ignored"


@dataclass(frozen=True)
class ProviderEvent:
    """A verified webhook event: its id (deduplicates deliveries), type, and the line it is about."""

    event_id: str
    event_type: str
    kind: EventKind
    line_key: str | None
    ref: str | None
    reason: str | None = None


class Provider(Protocol):
    name: str

    def destination(self, details: Mapping[str, str]) -> str | None:
        """Where this provider pays the partner, from its payment details (None: not given)."""
        ...

    def send(self, transfer: Transfer) -> SendResult:
        """Send one transfer; raises ProviderUnavailable when the outcome is unknown."""
        ...

    def parse_webhook(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        """The event in a webhook delivery, its signature checked (SignatureInvalid otherwise)."""
        ...

    def find(self, key: str) -> str | None:
        """The provider's id of a transfer already made under `key` (None: none found), asked before a retry in
        case the provider forgot the idempotency key meanwhile."""
        ...

    def outcome(self, ref: str) -> EventKind | None:
        """What became of the transfer `ref` as the provider reports it now (None: not settled yet), for lines
        whose webhook never came."""
        ...
