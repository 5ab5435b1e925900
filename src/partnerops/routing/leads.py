"""Leads as users name them: an open deal or an account, by its external id, SYSTEM:ID or exact name; and the
routing row each keeps (the capabilities it needs, whether partners may apply for it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from partnerops.domain.enums import Outcome
from partnerops.routing.errors import AmbiguousLead, ClosedDeal, RoutingError, UnknownLead
from partnerops.store.record_refs import AmbiguousRecord, RecordKind, UnknownRecord, find_record
from partnerops.store.routing_tables import routing_leads
from partnerops.store.tables import accounts, opportunities

__all__ = ["Lead", "LeadKind", "LeadRow", "ensure_lead", "lead_of_row", "lead_row", "resolve_lead", "tags"]

LeadKind = Literal["deal", "account"]
_RECORDS: dict[LeadKind, RecordKind] = {"deal": "opportunity", "account": "account"}


@dataclass(frozen=True)
class Lead:
    """A deal or an account being routed; the ids are for queries only and never shown."""

    kind: LeadKind
    account_id: int
    opportunity_id: int | None
    external_id: str
    name: str
    region: str | None
    segment: str | None

    @property
    def key(self) -> str:
        return f"opportunity:{self.opportunity_id}" if self.kind == "deal" else f"account:{self.account_id}"

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name} ({self.external_id})"


@dataclass(frozen=True)
class LeadRow:
    id: int
    needs: tuple[str, ...]
    open_for_applications: bool


def tags(text: str | None) -> tuple[str, ...]:
    """Capability or region tags from ";"- or ","-separated text: trimmed, lower-case, unique, in order."""
    found = (t.strip().lower() for t in (text or "").replace(",", ";").split(";"))
    return tuple(dict.fromkeys(t for t in found if t))


def resolve_lead(conn: Connection, ref: str, kind: LeadKind | None = None) -> Lead:
    """The open deal or the account `ref` names; a name both answer to must say which (`kind`)."""
    found = [lead for lead in (_find(conn, k, ref) for k in ((kind,) if kind else ("deal", "account"))) if lead]
    if not found:
        raise UnknownLead(ref)
    if len(found) > 1:
        raise AmbiguousLead(ref)
    return found[0]


def _find(conn: Connection, kind: LeadKind, ref: str) -> Lead | None:
    try:
        record = find_record(conn, _RECORDS[kind], ref)
    except UnknownRecord:
        return None
    except AmbiguousRecord as exc:
        raise RoutingError(str(exc)) from exc
    if record.deleted:
        return None
    if kind == "account":
        return _account_lead(conn, record.id)
    o = opportunities.c
    deal = conn.execute(select(o.account_id, o.outcome).where(o.id == record.id)).one()
    if deal.outcome != Outcome.OPEN.value:
        raise ClosedDeal(record.external_id, str(deal.outcome))
    account = _account_lead(conn, int(deal.account_id))
    return Lead("deal", account.account_id, record.id, record.external_id, record.name, account.region,
                account.segment)  # fmt: skip


def _account_lead(conn: Connection, account_id: int) -> Lead:
    a = accounts.c
    row = conn.execute(select(a.external_id, a.name, a.region, a.segment).where(a.id == account_id)).one()
    return Lead("account", account_id, None, row.external_id, row.name, row.region, row.segment)


def lead_of_row(conn: Connection, lead_id: int) -> Lead:
    """The lead a routing row stands for."""
    r = routing_leads.c
    row = conn.execute(select(r.account_id, r.opportunity_id).where(r.id == lead_id)).one()
    account = _account_lead(conn, int(row.account_id))
    if row.opportunity_id is None:
        return account
    o = opportunities.c
    deal = conn.execute(select(o.external_id, o.name).where(o.id == row.opportunity_id)).one()
    return Lead("deal", account.account_id, int(row.opportunity_id), deal.external_id, deal.name, account.region,
                account.segment)  # fmt: skip


def lead_row(conn: Connection, lead: Lead) -> LeadRow | None:
    r = routing_leads.c
    row = conn.execute(select(r.id, r.needs, r.open_for_applications).where(r.lead_key == lead.key)).first()
    return None if row is None else LeadRow(int(row.id), tags(row.needs), bool(row.open_for_applications))


def ensure_lead(conn: Connection, lead: Lead, actor: str, now: datetime) -> LeadRow:
    """The lead's routing row, made on first use (two first uses at once make one)."""
    if (found := lead_row(conn, lead)) is not None:
        return found
    try:
        with conn.begin_nested():
            conn.execute(routing_leads.insert().values(lead_key=lead.key, account_id=lead.account_id,
                                                       opportunity_id=lead.opportunity_id, created_by=actor,
                                                       created_at=now))  # fmt: skip
    except IntegrityError:  # made at the same instant by someone else: theirs it is
        pass
    made = lead_row(conn, lead)
    assert made is not None
    return made
