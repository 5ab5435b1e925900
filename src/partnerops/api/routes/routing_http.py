"""What the routing routes share: routing refusals as HTTP statuses, leads named in paths (a partner's user sees
only the leads offered to its partner or open to applications, and any other is the 404 of one that does not
exist), and the shapes of offers and applications."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Literal

from fastapi import Path, Query
from pydantic import BaseModel
from sqlalchemy import Connection, select

from partnerops.api.errors import ApiError
from partnerops.api.params import MAX_REF
from partnerops.domain.roles import Principal
from partnerops.program.errors import ProgramForbidden
from partnerops.routing.applications import Application
from partnerops.routing.errors import NoOffer, RoutingConflict, RoutingError, UnknownLead
from partnerops.routing.leads import Lead, lead_row, resolve_lead
from partnerops.routing.offers import Offer
from partnerops.routing.statuses import OfferStatus
from partnerops.store.routing_tables import routing_offers

LeadRef = Annotated[str, Path(min_length=1, max_length=MAX_REF, description="An open deal or an account: its "
                              "external id, SYSTEM:ID or exact name.")]  # fmt: skip
KindFilter = Annotated[Literal["deal", "account"] | None, Query(description="Whether the lead is a deal or an "
                                                                "account, when a name could be either.")]  # fmt: skip


@contextmanager
def routing_answers() -> Iterator[None]:
    """Unseen or unknown 404, a wrong role 403, someone else decided first 409, a bad request 422."""
    try:
        yield
    except (UnknownLead, NoOffer) as exc:
        raise ApiError(404, str(exc)) from exc
    except ProgramForbidden as exc:
        raise ApiError(403, str(exc)) from exc
    except RoutingConflict as exc:
        raise ApiError(409, str(exc), code="conflict") from exc
    except RoutingError as exc:
        raise ApiError(422, str(exc)) from exc


def visible_lead(conn: Connection, principal: Principal, ref: str, kind: str | None) -> Lead:
    """The lead `ref` names; for a partner's user, only one offered to its partner or open to applications (any
    other is a 404 that does not echo the name)."""
    if not principal.is_partner:
        return resolve_lead(conn, ref, kind)  # type: ignore[arg-type]
    try:
        lead = resolve_lead(conn, ref, kind)  # type: ignore[arg-type]
    except RoutingError as exc:  # closed or ambiguous: said of a lead the partner may not know exists
        raise _unseen() from exc
    row = lead_row(conn, lead)
    f = routing_offers.c
    offered = row is not None and conn.execute(select(f.id).where(
        f.lead_id == row.id, f.partner_id == principal.partner_id, f.status != OfferStatus.PROPOSED.value)).first()
    if row is None or not (offered or row.open_for_applications):
        raise _unseen()
    return lead


def _unseen() -> ApiError:
    """The same words whether the lead does not exist or is not the partner's to see, its input not echoed."""
    return ApiError(404, "no lead offered to your partner or open to applications answers to that id or name")


class OfferOut(BaseModel):
    lead: str
    lead_kind: str
    lead_name: str
    region: str | None
    partner_id: str
    partner_name: str
    status: str
    offered_at: datetime
    offered_by: str
    respond_by: datetime
    decided_at: datetime | None
    decided_by: str | None
    reason: str | None


def offer_out(o: Offer) -> OfferOut:
    return OfferOut(lead=o.lead_ref, lead_kind=o.lead_kind, lead_name=o.lead_name, region=o.region,
                    partner_id=o.partner_ref, partner_name=o.partner_name, status=o.status, offered_at=o.offered_at,
                    offered_by=o.offered_by, respond_by=o.respond_by, decided_at=o.decided_at,
                    decided_by=o.decided_by, reason=o.reason)  # fmt: skip


class ApplicationOut(BaseModel):
    lead: str
    lead_kind: str
    lead_name: str
    partner_id: str
    status: str
    note: str | None
    applied_at: datetime


def application_out(a: Application) -> ApplicationOut:
    return ApplicationOut(lead=a.lead.external_id, lead_kind=a.lead.kind, lead_name=a.lead.name,
                          partner_id=a.partner_ref, status=a.status, note=a.note, applied_at=a.applied_at)
