"""Alert rules: which new signals a partner manager wants to hear about, and where to send them.

"A partner is mentioned on an open opportunity over $50,000" is `tracker_kinds: [partner]`,
`open_deals_only: true`, `min_amount: 50000`, `currency: USD`; "a competitor's partner is mentioned" is
`tracker_kinds: [competitor]`. Empty filters match everything; every filter given must hold.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from partnerops.domain.money import Money, known_currencies
from partnerops.domain.settings_document import validate_settings
from partnerops.ingest.conversations.model import Side
from partnerops.signals.trackers import TrackerKind


class AlertRuleError(ValueError):
    """A rule that cannot be used: no destination, an amount without a currency, a bad URL."""


class Granularity(StrEnum):
    """What one alert is about: every signal, or the touch a conversation's mentions proposed (one per call)."""

    SIGNAL = "signal"
    TOUCH = "touch"


class AlertRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tracker_kinds: tuple[TrackerKind, ...] = ()
    trackers: tuple[str, ...] = ()
    # Partner names or external ids.
    partners: tuple[str, ...] = ()
    sides: tuple[Side, ...] = ()
    open_deals_only: bool = False
    # Only deals worth at least this much, converted into `currency` at the day of evaluation.
    min_amount: Decimal | None = None
    currency: str | None = None
    each: Granularity = Granularity.SIGNAL
    # By default a rule watches the signals stored from the moment it is added; this also alerts on older ones.
    include_existing: bool = False
    webhook: str | None = None
    emails: tuple[str, ...] = ()

    @field_validator("webhook")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        if url is not None:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValueError(f"webhook must be an http(s) URL, got {url!r}")
        return url

    @field_validator("emails")
    @classmethod
    def _addresses(cls, emails: tuple[str, ...]) -> tuple[str, ...]:
        bad = [e for e in emails if "@" not in e.strip(" @")]
        if bad:
            raise ValueError(f"not an email address: {bad[0]!r}")
        return emails

    @field_validator("min_amount")
    @classmethod
    def _not_negative(cls, amount: Decimal | None) -> Decimal | None:
        if amount is not None and amount < 0:
            raise ValueError("min_amount must not be negative")
        return amount

    @model_validator(mode="after")
    def _complete(self) -> AlertRule:
        if not self.webhook and not self.emails:
            raise ValueError("a rule needs a destination: a webhook URL or an email address")
        if (self.min_amount is None) != (self.currency is None):
            raise ValueError("min_amount and currency go together (e.g. min_amount: 50000, currency: USD)")
        if self.currency is not None and self.currency not in known_currencies():
            raise ValueError(f"currency {self.currency!r} is not an ISO 4217 code")
        return self

    @property
    def threshold(self) -> Money | None:
        return None if self.min_amount is None or self.currency is None else Money(self.min_amount, self.currency)

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_defaults=True)

    def describe(self) -> str:
        """The rule in one line, as `alerts rule list` shows it."""
        parts = [f"{', '.join(k.value for k in self.tracker_kinds) or 'any'} trackers"]
        parts += [f"{label}: {', '.join(values)}" for label, values in (
            ("trackers", self.trackers), ("partners", self.partners), ("sides", self.sides)) if values]
        if self.open_deals_only:
            parts.append("open deals")
        if self.threshold is not None:
            parts.append(f"deals of at least {self.threshold}")
        targets = ([f"webhook {urlsplit(self.webhook).netloc}"] if self.webhook else []) + list(self.emails)
        return f"each {self.each.value} · {' · '.join(parts)} → {', '.join(targets)}"


def rule_from_json(values: Any, source: str = "rule") -> AlertRule:
    """A validated rule from a stored, typed or loaded mapping; problems name `source` and every field at fault."""
    return validate_settings(AlertRule, values, source=source, what="alert rule", error=AlertRuleError)
