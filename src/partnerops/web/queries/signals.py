"""The signal review queue: touches proposed from conversation signals, each with every signal pointing at it.

The queue is built around "a proposed touch and its signals" (signals.touch_id), so it reads the same whether one
signal proposes one touch or several signals of one conversation share one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from math import ceil
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, RowMapping, Select, exists, func, select

from partnerops.analytics.live import live_partner, live_touch
from partnerops.auth.scope import touch_scope
from partnerops.domain.enums import TouchStatus
from partnerops.domain.money import Money
from partnerops.domain.roles import Principal
from partnerops.store.signal_tables import signals, trackers
from partnerops.store.tables import accounts, opportunities, partners, touches

__all__ = ["PER_PAGE", "Evidence", "Proposal", "ProposalFilter", "ProposalPage", "QueueStatus", "find_proposal",
           "proposal_page", "queue_choices"]

PER_PAGE = 20


class QueueStatus(StrEnum):
    """The queue's words for a proposed touch's status: pending is a touch still claimed."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"

    @property
    def touch_status(self) -> TouchStatus:
        return TouchStatus.CLAIMED if self is QueueStatus.PENDING else TouchStatus(self.value)


@dataclass(frozen=True)
class ProposalFilter:
    status: QueueStatus = QueueStatus.PENDING
    partner_id: int | None = None
    tracker_id: int | None = None
    page: int = 1


@dataclass(frozen=True)
class Evidence:
    """One signal under a proposed touch, its snippet split around the matched phrase for highlighting."""

    id: int
    tracker: str
    phrase: str
    before: str
    highlighted: str
    after: str
    speaker: str
    side: str
    file: str
    at_seconds: float | None
    occurred_at: datetime | None

    @property
    def file_name(self) -> str:
        return self.file.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def call_time(self) -> str | None:
        """Where in the call, as m:ss, when the source gives it."""
        if self.at_seconds is None:
            return None
        minutes, seconds = divmod(int(self.at_seconds), 60)
        return f"{minutes}:{seconds:02d}"


@dataclass(frozen=True)
class Proposal:
    id: int
    partner_id: int
    partner: str
    type: str
    touched_on: date
    status: str
    opportunity: str
    opportunity_outcome: str
    amount: Money | None  # None: the deal's amount is not known yet
    account: str
    evidence: tuple[Evidence, ...]

    @property
    def pending(self) -> bool:
        return self.status == TouchStatus.CLAIMED.value


@dataclass(frozen=True)
class ProposalPage:
    proposals: list[Proposal]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / PER_PAGE))


def proposal_page(connection: Connection, principal: Principal, wanted: ProposalFilter) -> ProposalPage:
    """One page of the proposed touches the filter selects, oldest first."""
    where = _conditions(principal, wanted)
    total = connection.execute(select(func.count()).select_from(touches).where(*where)).scalar_one()
    query = _touch_rows().where(*where).order_by(touches.c.touched_on, touches.c.id)
    rows = connection.execute(query.limit(PER_PAGE).offset((wanted.page - 1) * PER_PAGE)).all()
    return ProposalPage(_with_evidence(connection, rows), int(total), wanted.page)


def find_proposal(connection: Connection, principal: Principal, touch_id: int) -> Proposal | None:
    """One proposed touch the principal may see, whatever its status."""
    where = (touches.c.id == touch_id, touch_scope(principal), _has_signals(None), live_touch())
    found = _with_evidence(connection, connection.execute(_touch_rows().where(*where)).all())
    return found[0] if found else None


def queue_choices(connection: Connection) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(id, name) of the partners and of the trackers the filters offer: those with signals."""
    partner_rows = select(partners.c.id, partners.c.name).where(
        exists(select(signals.c.id).where(signals.c.partner_id == partners.c.id)), live_partner()
    ).order_by(partners.c.name)
    tracker_rows = select(trackers.c.id, trackers.c.name).where(
        exists(select(signals.c.id).where(signals.c.tracker_id == trackers.c.id))).order_by(trackers.c.name)
    return ([(int(r.id), str(r.name)) for r in connection.execute(partner_rows)],
            [(int(r.id), str(r.name)) for r in connection.execute(tracker_rows)])


def _conditions(principal: Principal, wanted: ProposalFilter) -> list[ColumnElement[bool]]:
    where = [touches.c.status == wanted.status.touch_status.value, touch_scope(principal),
             _has_signals(wanted.tracker_id), live_touch()]
    if wanted.partner_id is not None:
        where.append(touches.c.partner_id == wanted.partner_id)
    return where


def _has_signals(tracker_id: int | None) -> ColumnElement[bool]:
    """The touch was proposed from signals (of the tracker, when one is named)."""
    query = select(signals.c.id).where(signals.c.touch_id == touches.c.id)
    if tracker_id is not None:
        query = query.where(signals.c.tracker_id == tracker_id)
    return exists(query)


def _touch_rows() -> Select[tuple[object, ...]]:
    t, o = touches.c, opportunities.c
    return (
        select(
            t.id, t.partner_id, partners.c.name.label("partner"), t.type, t.touched_on, t.status,
            o.name.label("opportunity"), o.outcome.label("opportunity_outcome"), o.amount_minor, o.currency,
            accounts.c.name.label("account"),
        )  # fmt: skip
        .join(partners, partners.c.id == t.partner_id)
        .join(opportunities, o.id == t.opportunity_id)
        .join(accounts, accounts.c.id == o.account_id)
    )


def _with_evidence(connection: Connection, rows: Sequence[Row[Any]]) -> list[Proposal]:
    evidence = _evidence_by_touch(connection, [row.id for row in rows])
    return [_proposal(row._mapping, evidence.get(row.id, ())) for row in rows]


def _proposal(row: RowMapping, evidence: tuple[Evidence, ...]) -> Proposal:
    values = dict(row)
    minor, currency = values.pop("amount_minor"), values.pop("currency")
    amount = None if minor is None else Money.from_minor(minor, currency)
    return Proposal(**values, amount=amount, evidence=evidence)


def _evidence_by_touch(connection: Connection, touch_ids: list[int]) -> dict[int, tuple[Evidence, ...]]:
    s = signals.c
    query = (select(s.id, s.touch_id, trackers.c.name.label("tracker"), s.phrase, s.snippet, s.speaker, s.side,
                    s.file, s.at_seconds, s.occurred_at)
             .join(trackers, trackers.c.id == s.tracker_id)
             .where(s.touch_id.in_(touch_ids)).order_by(s.touch_id, s.file, s.offset, s.id))
    grouped: dict[int, list[Evidence]] = {}
    for row in connection.execute(query):
        grouped.setdefault(int(row.touch_id), []).append(_evidence(row._mapping))
    return {touch_id: tuple(found) for touch_id, found in grouped.items()}


def _evidence(row: RowMapping) -> Evidence:
    values = dict(row)
    values.pop("touch_id")
    before, highlighted, after = split_around(values.pop("snippet"), values["phrase"])
    return Evidence(**values, before=before, highlighted=highlighted, after=after)


def split_around(snippet: str, phrase: str) -> tuple[str, str, str]:
    """The snippet as (before, phrase, after) at the phrase's first occurrence (the phrase is stored as written in
    the file); (snippet, "", "") when a snippet cut short no longer holds it."""
    at = snippet.find(phrase)
    if at < 0:
        return snippet, "", ""
    return snippet[:at], snippet[at:at + len(phrase)], snippet[at + len(phrase):]
