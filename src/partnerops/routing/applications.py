"""Partners applying for leads: a partner manager opens a lead to applications (with the capabilities it needs);
a partner's user sees the open leads in the portal and applies, once; offering the lead to an applicant marks its
application offered, another partner's acceptance closes the rest, and a partner manager may reject one outright
with a reason the partner reads. Every decision is a conditional update on `applied`, under a lock on the lead, so
of two decisions at once exactly one lands and the other is told who was first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, exists, select, update
from sqlalchemy.exc import IntegrityError

from partnerops.domain.roles import Principal
from partnerops.program.access import PROGRAM_MANAGERS, require_role
from partnerops.program.audit_trail import audit_change
from partnerops.program.errors import ProgramForbidden
from partnerops.routing.errors import (
    AlreadyApplied,
    ApplicationDecided,
    LeadTaken,
    MissingReason,
    NoApplication,
    UnknownLead,
)
from partnerops.routing.leads import Lead, LeadRow, ensure_lead, lead_of_row, lead_row, tags
from partnerops.routing.offers import as_utc
from partnerops.routing.statuses import OfferStatus
from partnerops.store.locks import lock_row
from partnerops.store.record_refs import record_ref
from partnerops.store.routing_tables import routing_applications, routing_leads, routing_offers
from partnerops.store.tables import partners

__all__ = ["Application", "OpenLead", "apply_for_lead", "applications", "describe_lead", "open_leads",  # fmt: skip
           "reject_application"]
APPLIED, REJECTED = "applied", "rejected"


@dataclass(frozen=True)
class OpenLead:
    row: LeadRow
    lead: Lead
    applied: bool


@dataclass(frozen=True)
class Application:
    lead: Lead
    partner_ref: str
    partner_name: str
    status: str
    note: str | None
    applied_by: str
    applied_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None


def describe_lead(conn: Connection, principal: Principal, lead: Lead, needs: str | None = None,
                  open_for_applications: bool | None = None, now: datetime | None = None) -> LeadRow:  # fmt: skip
    """Set the capabilities the lead needs and whether partners may apply for it; each change audited."""
    require_role(principal, PROGRAM_MANAGERS, "describing a lead for routing")
    at = now or datetime.now(UTC)
    row = ensure_lead(conn, lead, principal.email, at)
    values: dict[str, object] = {}
    if needs is not None and tags(needs) != row.needs:
        values["needs"] = ";".join(tags(needs)) or None
        audit_change(conn, "routing_leads", row.id, ("needs", ";".join(row.needs) or None, values["needs"]),  # type: ignore[arg-type]
                     principal.email, at)  # fmt: skip
    if open_for_applications is not None and open_for_applications != row.open_for_applications:
        values["open_for_applications"] = open_for_applications
        audit_change(conn, "routing_leads", row.id, ("open_for_applications", str(row.open_for_applications).lower(),
                                                      str(open_for_applications).lower()), principal.email, at)
    if values:
        conn.execute(update(routing_leads).where(routing_leads.c.id == row.id).values(**values))
    found = lead_row(conn, lead)
    assert found is not None
    return found


def _taken(lead_id: object) -> object:
    f = routing_offers.c
    return exists(select(f.id).where(f.lead_id == lead_id, f.status == OfferStatus.ACCEPTED.value))


def open_leads(conn: Connection, partner_id: int | None = None) -> list[OpenLead]:
    """Leads open to applications and not yet taken, with whether `partner_id` has applied."""
    r, a = routing_leads.c, routing_applications.c
    rows = conn.execute(select(r.id, r.needs).where(r.open_for_applications.is_(True), ~_taken(r.id))  # type: ignore[operator]
                        .order_by(r.created_at, r.id)).all()  # fmt: skip
    mine = set() if partner_id is None else set(conn.execute(
        select(a.lead_id).where(a.partner_id == partner_id)).scalars())  # fmt: skip
    return [OpenLead(LeadRow(int(row.id), tags(row.needs), True), lead_of_row(conn, int(row.id)), row.id in mine)
            for row in rows]  # fmt: skip


def apply_for_lead(conn: Connection, principal: Principal, lead: Lead, note: str | None = None,
                   now: datetime | None = None) -> Application:  # fmt: skip
    """The partner user's own partner applies for a lead open to applications."""
    if not principal.is_partner or principal.partner_id is None:
        raise ProgramForbidden("applying for a lead is for a partner's users; staff offer leads")
    at = now or datetime.now(UTC)
    row = lead_row(conn, lead)
    if row is None or not row.open_for_applications:
        raise UnknownLead(lead.external_id)
    if conn.execute(select(_taken(row.id))).scalar():  # type: ignore[call-overload]
        raise LeadTaken(lead.label, "another partner")
    try:
        with conn.begin_nested():
            made = conn.execute(routing_applications.insert().values(
                lead_id=row.id, partner_id=principal.partner_id, note=(note or "").strip() or None,
                applied_by=principal.email, applied_at=at).returning(routing_applications.c.id)).scalar_one()
    except IntegrityError as exc:
        raise AlreadyApplied(lead.label) from exc
    audit_change(conn, "routing_applications", made, ("status", None, "applied"), principal.email, at,
                 reason=f"applied for {lead.label}")  # fmt: skip
    return _application(conn, principal.partner_id, lead)


def reject_application(conn: Connection, principal: Principal, lead: Lead, partner_id: int, reason: str | None,
                       now: datetime | None = None) -> Application:  # fmt: skip
    """A partner manager turns down the partner's open application for the lead, with the reason it reads."""
    require_role(principal, PROGRAM_MANAGERS, "rejecting an application for a lead")
    reason = (reason or "").strip()
    if not reason:
        raise MissingReason("rejecting an application")
    at = now or datetime.now(UTC)
    row, partner = lead_row(conn, lead), record_ref(conn, "partner", partner_id).label
    a = routing_applications.c
    found = None if row is None else conn.execute(
        select(a.id).where(a.lead_id == row.id, a.partner_id == partner_id)).scalar()  # fmt: skip
    if row is None or found is None:
        raise NoApplication(lead.label, partner)
    lock_row(conn, routing_leads, row.id)
    changed = conn.execute(update(routing_applications).where(a.id == found, a.status == APPLIED)
                           .values(status=REJECTED, decided_by=principal.email, decided_at=at, reason=reason))
    if changed.rowcount != 1:
        status = conn.execute(select(a.status).where(a.id == found)).scalar_one()
        raise ApplicationDecided(lead.label, partner, str(status))
    audit_change(conn, "routing_applications", found, ("status", APPLIED, REJECTED), principal.email, at,
                 reason=reason)  # fmt: skip
    return _application(conn, partner_id, lead)


def _application(conn: Connection, partner_id: int, lead: Lead) -> Application:
    return [a for a in applications(conn, partner_id) if a.lead.key == lead.key][0]


def applications(conn: Connection, partner_id: int | None = None) -> list[Application]:
    """Applications, newest first (one partner's when given)."""
    a, p = routing_applications.c, partners.c
    query = (select(a.lead_id, p.external_id, p.name, a.status, a.note, a.applied_by, a.applied_at, a.decided_by,
                    a.decided_at, a.reason)
             .join_from(routing_applications, partners, p.id == a.partner_id))
    if partner_id is not None:
        query = query.where(a.partner_id == partner_id)
    rows = conn.execute(query.order_by(a.applied_at.desc(), a.id.desc())).all()
    return [Application(lead_of_row(conn, int(r.lead_id)), r.external_id, r.name, r.status, r.note, r.applied_by,
                        as_utc(r.applied_at), r.decided_by, r.decided_at and as_utc(r.decided_at), r.reason)
            for r in rows]  # fmt: skip
