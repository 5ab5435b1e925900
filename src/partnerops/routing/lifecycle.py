"""An offer's lifecycle: offered (or proposed through an agent, then confirmed), then accepted, declined, withdrawn
or expired after its SLA. Each move is a conditional update on the status it was read with, under a lock on the
lead, so of two partners accepting one lead at once exactly one wins and the other gets `LeadTaken`; the partial
unique index on accepted offers holds it even so. Every move is audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import IntegrityError

from partnerops.domain.roles import Principal, Role
from partnerops.program.access import PROGRAM_MANAGERS, require_role
from partnerops.program.audit_trail import audit_change
from partnerops.program.errors import ProgramForbidden
from partnerops.routing.errors import LeadTaken, NoOffer, OfferChanged, OfferExists, OfferExpired
from partnerops.routing.leads import Lead, ensure_lead, lead_row
from partnerops.routing.offers import Offer, list_offers
from partnerops.routing.rules import RoutingRules
from partnerops.routing.statuses import OPEN, OfferStatus
from partnerops.store.locks import lock_row
from partnerops.store.record_refs import record_ref
from partnerops.store.routing_tables import routing_applications, routing_leads, routing_offers

__all__ = ["PROPOSERS", "accept_offer", "confirm_offer", "decline_offer", "make_offer", "withdraw_offer"]

ENTITY = "routing_offers"
# Staff who may propose an offer through an agent; a partner manager confirms it.
PROPOSERS = frozenset({Role.ADMIN, Role.PARTNER_MANAGER, Role.SALES})
_OPEN = tuple(s.value for s in OPEN)
TAKEN_BY_ANOTHER = "another partner accepted the lead"


def make_offer(conn: Connection, principal: Principal, lead: Lead, partner_id: int, rules: RoutingRules,
               now: datetime | None = None, proposed: bool = False) -> Offer:  # fmt: skip
    """Offer `lead` to the partner (answer within the rules' SLA), or propose it for a partner manager to confirm."""
    require_role(principal, PROPOSERS if proposed else PROGRAM_MANAGERS,
                 "proposing a lead for a partner" if proposed else "offering a lead to a partner")
    at = now or datetime.now(UTC)
    row = ensure_lead(conn, lead, principal.email, at)
    lock_row(conn, routing_leads, row.id)
    _refuse_if_taken(conn, lead, row.id)
    status = OfferStatus.PROPOSED if proposed else OfferStatus.OFFERED
    try:
        with conn.begin_nested():
            offer_id = conn.execute(routing_offers.insert().values(
                lead_id=row.id, partner_id=partner_id, status=status.value, offered_at=at, offered_by=principal.email,
                respond_by=at + timedelta(hours=rules.sla_hours)).returning(routing_offers.c.id)).scalar_one()
    except IntegrityError as exc:
        raise OfferExists(lead.label, _partner(conn, partner_id)) from exc
    audit_change(conn, ENTITY, offer_id, ("status", None, status.value), principal.email, at,
                 reason=f"{lead.label} {status.value} to {_partner(conn, partner_id)}")  # fmt: skip
    _mark_applications(conn, row.id, [partner_id], "offered", principal.email, at)
    return _one(conn, row.id, partner_id, (status.value,))


def confirm_offer(conn: Connection, principal: Principal, lead: Lead, partner_id: int, rules: RoutingRules,
                  now: datetime | None = None) -> Offer:  # fmt: skip
    """A proposed offer made real: the partner sees it, and its SLA starts now."""
    require_role(principal, PROGRAM_MANAGERS, "confirming a proposed offer")
    at = now or datetime.now(UTC)
    offer = _current(conn, lead, partner_id, OfferStatus.PROPOSED)
    _move(conn, offer, OfferStatus.PROPOSED, OfferStatus.OFFERED, principal.email, at, "confirmed",
          respond_by=at + timedelta(hours=rules.sla_hours))  # fmt: skip
    return _one(conn, offer.lead_id, partner_id, (OfferStatus.OFFERED.value,))


def accept_offer(conn: Connection, principal: Principal, lead: Lead, partner_id: int,
                 now: datetime | None = None) -> Offer:  # fmt: skip
    """The partner takes the lead: its other open offers are withdrawn and other applications closed."""
    _may_answer(principal, partner_id, "accepting an offer")
    at = now or datetime.now(UTC)
    row = lead_row(conn, lead)
    if row is None:
        raise NoOffer(lead.label, _partner(conn, partner_id))
    lock_row(conn, routing_leads, row.id)
    _refuse_if_taken(conn, lead, row.id, principal)
    offer = _answerable(conn, lead, partner_id, at)
    try:
        with conn.begin_nested():
            _move(conn, offer, OfferStatus.OFFERED, OfferStatus.ACCEPTED, principal.email, at, None)
    except IntegrityError as exc:  # the lock makes this the rare path; the index holds it regardless
        _refuse_if_taken(conn, lead, row.id, principal)
        raise OfferChanged(lead.label, OfferStatus.OFFERED.value, "taken") from exc
    # The other partners see this reason on their offers: it names no partner.
    for other in list_offers(conn, lead_id=row.id, statuses=_OPEN):
        _move(conn, other, OfferStatus(other.status), OfferStatus.WITHDRAWN, principal.email, at,
              TAKEN_BY_ANOTHER)  # fmt: skip
    _mark_applications(conn, row.id, None, "closed", principal.email, at)
    return _one(conn, row.id, partner_id, (OfferStatus.ACCEPTED.value,))


def decline_offer(conn: Connection, principal: Principal, lead: Lead, partner_id: int, reason: str | None = None,
                  now: datetime | None = None) -> Offer:  # fmt: skip
    _may_answer(principal, partner_id, "declining an offer")
    at = now or datetime.now(UTC)
    offer = _answerable(conn, lead, partner_id, at)
    _move(conn, offer, OfferStatus.OFFERED, OfferStatus.DECLINED, principal.email, at, reason)
    return _latest(conn, offer)


def withdraw_offer(conn: Connection, principal: Principal, lead: Lead, partner_id: int, reason: str | None = None,
                   now: datetime | None = None) -> Offer:  # fmt: skip
    """Staff take back an offer (or reject an agent's proposal) before the partner answers."""
    require_role(principal, PROGRAM_MANAGERS, "withdrawing an offer")
    offer = _current(conn, lead, partner_id, None)
    _move(conn, offer, OfferStatus(offer.status), OfferStatus.WITHDRAWN, principal.email, now or datetime.now(UTC),
          reason)  # fmt: skip
    return _latest(conn, offer)


def _may_answer(principal: Principal, partner_id: int, action: str) -> None:
    """A partner's own user answers its offers; a partner manager may record the answer for it."""
    if principal.is_partner:
        if principal.partner_id != partner_id:
            raise ProgramForbidden(f"{action}: a partner's user answers only its own partner's offers")
        return
    require_role(principal, PROGRAM_MANAGERS, action)


def _refuse_if_taken(conn: Connection, lead: Lead, lead_id: int, principal: Principal | None = None) -> None:
    """LeadTaken when a partner accepted the lead, naming it to staff and to itself only."""
    taken = list_offers(conn, lead_id=lead_id, statuses=(OfferStatus.ACCEPTED.value,))
    if taken:
        named = principal is None or principal.may_see_partner(taken[0].partner_id)
        raise LeadTaken(lead.label, f"{taken[0].partner_name} ({taken[0].partner_ref})" if named else "another partner")


def _current(conn: Connection, lead: Lead, partner_id: int, wanted: OfferStatus | None) -> Offer:
    """The partner's open offer of the lead (in status `wanted`, when given)."""
    row = lead_row(conn, lead)
    found = list_offers(conn, partner_id=partner_id, lead_id=row.id) if row else []
    if wanted is OfferStatus.OFFERED:  # a proposal is not an offer until a person confirms it
        found = [o for o in found if o.status != OfferStatus.PROPOSED.value]
    if not found:
        raise NoOffer(lead.label, _partner(conn, partner_id), (wanted or OfferStatus.OFFERED).value)
    latest = found[0]
    if latest.status not in ((wanted.value,) if wanted else _OPEN):
        raise OfferChanged(lead.label, wanted.value if wanted else "open", latest.status)
    return latest


def _answerable(conn: Connection, lead: Lead, partner_id: int, at: datetime) -> Offer:
    offer = _current(conn, lead, partner_id, OfferStatus.OFFERED)
    if offer.respond_by < at:
        raise OfferExpired(lead.label, f"{offer.respond_by:%Y-%m-%d %H:%M}")
    return offer


def _move(conn: Connection, offer: Offer, before: OfferStatus, after: OfferStatus, actor: str, at: datetime,
          reason: str | None, **values: object) -> None:  # fmt: skip
    f = routing_offers.c
    decided = {} if after is OfferStatus.OFFERED else {"decided_at": at, "decided_by": actor, "reason": reason}
    changed = conn.execute(update(routing_offers).where(f.id == offer.id, f.status == before.value)
                           .values(status=after.value, **decided, **values))  # fmt: skip
    if changed.rowcount != 1:
        now = conn.execute(select(f.status).where(f.id == offer.id)).scalar_one()
        raise OfferChanged(offer.lead_label, before.value, str(now))
    audit_change(conn, ENTITY, offer.id, ("status", before.value, after.value), actor, at, reason=reason)


def _mark_applications(conn: Connection, lead_id: int, partner_ids: list[int] | None, status: str, actor: str,
                       at: datetime) -> None:  # fmt: skip
    """Applications still open for the lead (of these partners) move on, each audited. Closed ones name neither the
    partner that took the lead nor its user: other partners read them."""
    a = routing_applications.c
    query = update(routing_applications).where(a.lead_id == lead_id, a.status == "applied")
    if partner_ids is not None:
        query = query.where(a.partner_id.in_(partner_ids))
    closed = status == "closed"
    decided = {"decided_at": at, "decided_by": None if closed else actor,
               "reason": TAKEN_BY_ANOTHER if closed else None}  # fmt: skip
    for application_id in conn.execute(query.values(status=status, **decided).returning(a.id)).scalars().all():
        audit_change(conn, "routing_applications", int(application_id), ("status", "applied", status), actor, at)


def _one(conn: Connection, lead_id: int, partner_id: int, statuses: tuple[str, ...]) -> Offer:
    return list_offers(conn, partner_id=partner_id, lead_id=lead_id, statuses=statuses)[0]


def _latest(conn: Connection, offer: Offer) -> Offer:
    return [o for o in list_offers(conn, lead_id=offer.lead_id, partner_id=offer.partner_id) if o.id == offer.id][0]


def _partner(conn: Connection, partner_id: int) -> str:
    return record_ref(conn, "partner", partner_id).label
