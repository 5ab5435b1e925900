"""What the assistant says: an answer, the intent it was routed to, and the sources it rests on."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any


class Intent(StrEnum):
    RECORD_STATUS = "record_status"
    ATTRIBUTED = "attributed"
    QUARTER_PIPELINE = "quarter_pipeline"
    CHANGES = "changes"
    COMMISSIONS = "commissions"
    MDF_BALANCE = "mdf_balance"
    DISPUTES = "disputes"
    TIER = "tier"
    REFERRAL_LINK = "referral_link"
    RECOMMEND = "recommend"
    DOCUMENTS = "documents"


class SourceKind(StrEnum):
    PASSAGE = "passage"
    PARTNER = "partner"
    REGISTRATION = "registration"
    OPPORTUNITY = "opportunity"
    TOUCH = "touch"
    ATTRIBUTION_RUN = "attribution_run"
    AUDIT = "audit"
    COMMISSIONS = "commissions"
    MDF = "mdf"
    TIER = "tier"


@dataclass(frozen=True)
class Source:
    kind: SourceKind
    record_id: int | str
    label: str
    link: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "id": self.record_id, "label": self.label, "link": self.link}

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Source:
        return cls(SourceKind(value["kind"]), value["id"], value["label"], value.get("link"))


@dataclass(frozen=True)
class Answer:
    """`text` is what the asker reads; `grounded` is false for "I don't know" and for refusals."""

    intent: Intent
    text: str
    sources: tuple[Source, ...] = ()
    grounded: bool = True
    phrased_by: str = "templates"
    # Each line a fact the answer rests on, already scoped to the asker: all a language model may see.
    facts: tuple[str, ...] = field(default=())

    def phrased(self, text: str, model: str) -> Answer:
        return replace(self, text=text, phrased_by=model)


def not_known(intent: Intent, reason: str, contact: str) -> Answer:
    """No supported answer: say so, and who can help."""
    return Answer(intent, f"I don't know: {reason} Please ask {contact}.", grounded=False)


@dataclass(frozen=True)
class Question:
    """A question as the answerers receive it: its text, the day it is asked on, where the program is served
    from (links in answers start there) and the reporting currency."""

    text: str
    today: date
    base_url: str
    currency: str = "USD"
