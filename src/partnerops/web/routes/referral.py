"""A partner's referral link, `/r/PARTNER` (its external id): records the click and sends the visitor on to the
referral site (PARTNEROPS_REFERRAL_URL) with the partner and the click's code. Nobody needs to be signed in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from partnerops.referrals.clicks import Visitor, landing_url, record_click
from partnerops.settings import Settings
from partnerops.store.record_refs import AmbiguousRecord, UnknownRecord
from partnerops.web.access import engine_of
from partnerops.web.errors import PageError

router = APIRouter()
Database = Annotated[Engine, Depends(engine_of)]


@router.get("/r/{partner_ref}")
def follow_referral_link(request: Request, partner_ref: str, engine: Database) -> Response:
    visitor = Visitor(request.client.host if request.client else "", request.headers.get("user-agent", ""),
                      request.headers.get("referer"))  # fmt: skip
    try:
        click = record_click(engine, partner_ref, visitor)
    except (UnknownRecord, AmbiguousRecord) as exc:
        raise PageError(404, f"This referral link leads nowhere: no partner {partner_ref!r} takes part in our "
                        "program.") from exc
    settings: Settings = request.app.state.settings
    # Never cached: every visit through the link is a click of its own.
    return RedirectResponse(landing_url(settings.referral_url, click), status_code=303,
                            headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})
