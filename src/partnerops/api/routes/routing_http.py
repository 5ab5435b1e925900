"""What the routing routes share: routing refusals as HTTP statuses (a lead a partner's user may not see is the 404
of one that does not exist), and the shapes of offers and applications."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Literal

from fastapi import Path, Query
from pydantic import BaseModel

from partnerops.api.errors import ApiError
from partnerops.api.params import MAX_REF
from partnerops.program.errors import ProgramForbidden
from partnerops.routing.applications import Application
from partnerops.routing.errors import HiddenLead, NoApplication, NoOffer, RoutingConflict, RoutingError, UnknownLead
from partnerops.routing.offers import Offer

LeadRef = Annotated[str, Path(min_length=1, max_length=MAX_REF, description="An open deal or an account: its "
                              "external id, SYSTEM:ID or exact name.")]  # fmt: skip
KindFilter = Annotated[Literal["deal", "account"] | None, Query(description="Whether the lead is a deal or an "
                                                                "account, when a name could be either.")]  # fmt: skip


@contextmanager
def routing_answers() -> Iterator[None]:
    """Unseen or unknown 404, a wrong role 403, someone else decided first 409, a bad request 422."""
    try:
        yield
    except (UnknownLead, HiddenLead, NoOffer, NoApplication) as exc:
        raise ApiError(404, str(exc)) from exc
    except ProgramForbidden as exc:
        raise ApiError(403, str(exc)) from exc
    except RoutingConflict as exc:
        raise ApiError(409, str(exc), code="conflict") from exc
    except RoutingError as exc:
        raise ApiError(422, str(exc)) from exc


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
    decided_at: datetime | None
    reason: str | None


def application_out(a: Application) -> ApplicationOut:
    return ApplicationOut(lead=a.lead.external_id, lead_kind=a.lead.kind, lead_name=a.lead.name,
                          partner_id=a.partner_ref, status=a.status, note=a.note, applied_at=a.applied_at,
                          decided_at=a.decided_at, reason=a.reason)  # fmt: skip
