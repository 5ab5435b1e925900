"""The signal review queue: touches proposed from conversation signals, each with every signal pointing at it.

The queue is built around "a proposed touch and its signals" (signals.touch_id), so it reads the same whether one
signal proposes one touch or several signals of one conversation share one. It is a list of the shared list
component (`PROPOSAL_LIST`); the evidence of a page's proposals is read in one query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Integer, RowMapping, Select, Subquery, case, cast, exists, func, select

from partnerops.analytics.live import live_partner, live_touch
from partnerops.auth.scope import touch_scope
from partnerops.domain.enums import TouchStatus
from partnerops.domain.money import Money
from partnerops.domain.roles import Principal
from partnerops.store.signal_tables import signals, trackers
from partnerops.store.tables import accounts, opportunities, partners, touches
from partnerops.web.listing import Column, Filter, Joined, ListQuery, ListSpec, minor_amount

__all__ = ["PROPOSAL_LIST", "TRACKER", "Evidence", "Proposal", "QueueChoices", "QueueStatus", "find_proposal",
           "find_proposals", "proposal_list", "proposals_of", "queue_choices", "split_around", "with_tracker"]


class QueueStatus(StrEnum):
    """The queue's words for a proposed touch's status: pending is a touch still claimed."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


# The tracker filter asks whether any of the touch's signals came from the tracker, which no column of a touch's
# row holds: `with_tracker` applies it to the query, and the spec lists it so the controls, links and export keep it.
TRACKER = "tracker"
PROPOSAL_LIST = ListSpec(
    noun="proposed touches",
    columns=(Column("touched_on", "Date"), Column("partner", "Partner"), Column("type", "Type"),
             Column("opportunity", "Opportunity"), Column("account", "Account"), Column("amount", "Amount"),
             Column("signals", "Signals"), Column("status", "Status")),
    default_sort="touched_on",
    search=("partner", "opportunity", "account", "trackers", "evidence"),
    filters=(Filter("status", "Status", tuple(s.value for s in QueueStatus), default=QueueStatus.PENDING.value),
             Filter("partner", "Partner"), Filter(TRACKER, "Tracker")),
    exported=(Column("touched_on", "Date"), Column("partner", "Partner"), Column("partner_ref", "Partner id"),
              Column("type", "Type"), Column("opportunity", "Opportunity"),
              Column("opportunity_ref", "Opportunity id"), Column("account", "Account"),
              Column("amount", "Amount", cell=minor_amount("amount")), Column("currency", "Currency"),
              Column("status", "Status"), Column("signals", "Signals"), Column("trackers", "Trackers"),
              Column("evidence", "Evidence")),
    joined=(Joined("partner", (touches.c.partner_id, partners.c.name)),
            Joined("opportunity", (touches.c.opportunity_id, opportunities.c.name)),
            Joined("account", (touches.c.opportunity_id, opportunities.c.account_id, accounts.c.name))),
)  # fmt: skip


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
class QueueChoices:
    """What the partner and tracker filters offer: the live partners and the trackers that have signals."""

    partners: tuple[str, ...]
    trackers: tuple[str, ...]
    # A partner's external id -> its name, so a link may name a partner by either.
    partner_refs: Mapping[str, str]

    def spec(self) -> ListSpec:
        """`PROPOSAL_LIST` offering these partners and trackers (a value that is neither is a 400 page)."""
        offered = {"partner": self.partners, TRACKER: self.trackers}
        filters = tuple(replace(f, choices=offered.get(f.key, f.choices)) for f in PROPOSAL_LIST.filters)
        return replace(PROPOSAL_LIST, filters=filters)


def proposal_list(principal: Principal) -> Select[Any]:
    """Every live touch proposed from signals that the principal may see, one row each, for `PROPOSAL_LIST`."""
    t, o = touches.c, opportunities.c
    pending = case((t.status == TouchStatus.CLAIMED.value, QueueStatus.PENDING.value), else_=t.status)
    behind = _signals_per_touch()
    return (
        select(
            t.id, t.partner_id, partners.c.name.label("partner"), partners.c.external_id.label("partner_ref"),
            t.type, t.touched_on, pending.label("status"), t.status.label("touch_status"),
            o.name.label("opportunity"), o.external_id.label("opportunity_ref"),
            o.outcome.label("opportunity_outcome"), o.amount_minor.label("amount"), o.currency,
            accounts.c.name.label("account"), behind.c.signals, behind.c.trackers, t.evidence,
        )  # fmt: skip
        .join(behind, behind.c.touch_id == t.id)
        .join(partners, partners.c.id == t.partner_id)
        .join(opportunities, o.id == t.opportunity_id)
        .join(accounts, accounts.c.id == o.account_id)
        .where(touch_scope(principal), live_touch())
    )


def with_tracker(query: Select[Any], wanted: ListQuery) -> tuple[Select[Any], ListQuery]:
    """The query narrowed to touches with a signal of the wanted tracker, and the request without that filter
    (applied here, it is not a column the list component compares)."""
    chosen = dict(wanted.filters).get(TRACKER)
    rest = replace(wanted, filters=tuple((key, value) for key, value in wanted.filters if key != TRACKER))
    if chosen is None:
        return query, rest
    of_tracker = (select(signals.c.touch_id).join(trackers, trackers.c.id == signals.c.tracker_id)
                  .where(trackers.c.name == chosen))
    return query.where(touches.c.id.in_(of_tracker)), rest


def proposals_of(connection: Connection, rows: Sequence[Mapping[Any, Any]]) -> list[Proposal]:
    """The list's rows as proposals, with the evidence of all of them read in one query."""
    evidence = _evidence_by_touch(connection, [int(row["id"]) for row in rows])
    return [_proposal(row, evidence.get(int(row["id"]), ())) for row in rows]


def find_proposal(connection: Connection, principal: Principal, touch_id: int) -> Proposal | None:
    """One proposed touch the principal may see, whatever its status."""
    found = find_proposals(connection, principal, [touch_id])
    return found[0] if found else None


def find_proposals(connection: Connection, principal: Principal, touch_ids: Iterable[int]) -> list[Proposal]:
    """The proposed touches among `touch_ids` that the principal may see, whatever their status, by id."""
    query = proposal_list(principal).where(touches.c.id.in_(list(touch_ids))).order_by(touches.c.id)
    return proposals_of(connection, [row._mapping for row in connection.execute(query)])


def queue_choices(connection: Connection) -> QueueChoices:
    """The live partners with signals (by name, and their external ids) and the trackers with signals."""
    with_signals = exists(select(signals.c.id).where(signals.c.partner_id == partners.c.id))
    partner_rows = connection.execute(select(partners.c.name, partners.c.external_id)
                                      .where(with_signals, live_partner()).order_by(partners.c.name)).all()
    tracker_names = select(trackers.c.name).where(
        exists(select(signals.c.id).where(signals.c.tracker_id == trackers.c.id))).order_by(trackers.c.name)
    return QueueChoices(tuple(dict.fromkeys(str(r.name) for r in partner_rows)),
                        tuple(str(name) for name in connection.execute(tracker_names).scalars()),
                        {str(r.external_id): str(r.name) for r in partner_rows})


def _signals_per_touch() -> Subquery:
    """Per touch with signals: how many, and the names of their trackers, each once: one grouped pass over the
    signals (by their `touch_id` index, revision 0037) rather than a look-up per touch."""
    s = signals.c
    pairs = (select(s.touch_id, s.tracker_id, func.count().label("signals")).where(s.touch_id.is_not(None))
             .group_by(s.touch_id, s.tracker_id).subquery("tracker_signals"))
    return (select(pairs.c.touch_id, cast(func.sum(pairs.c.signals), Integer).label("signals"),
                   func.aggregate_strings(trackers.c.name, ", ").label("trackers"))
            .join(trackers, trackers.c.id == pairs.c.tracker_id).group_by(pairs.c.touch_id).subquery("proposed"))


def _proposal(row: Mapping[Any, Any], evidence: tuple[Evidence, ...]) -> Proposal:
    minor = row["amount"]
    return Proposal(
        id=int(row["id"]), partner_id=int(row["partner_id"]), partner=row["partner"], type=row["type"],
        touched_on=row["touched_on"], status=row["touch_status"], opportunity=row["opportunity"],
        opportunity_outcome=row["opportunity_outcome"], account=row["account"], evidence=evidence,
        amount=None if minor is None else Money.from_minor(int(minor), row["currency"]),
    )  # fmt: skip


def _evidence_by_touch(connection: Connection, touch_ids: list[int]) -> dict[int, tuple[Evidence, ...]]:
    if not touch_ids:
        return {}
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
