"""Pages for account mapping: overlap with each partner, which partners share each of our accounts (internal users
only: a partner never sees another partner), match review, and the partner's own view in the portal within the
sharing level its partner manager set."""

from __future__ import annotations

import io
import re
from typing import Annotated
from urllib.parse import quote

import polars as pl
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine, select

from partnerops.domain.spreadsheet import safe_writer
from partnerops.mapping.errors import UnknownMatch
from partnerops.mapping.matching import MatchStatus
from partnerops.mapping.overlap import OverlapCategory, OverlapFilter, overlap
from partnerops.mapping.partner_lists import PartnerRef, partner_by_id
from partnerops.mapping.review import Decision, decide_match, list_matches
from partnerops.mapping.shared_accounts import SharedFilter, shared_accounts
from partnerops.mapping.sharing import OverlapView, sharing_level, visible_overlap
from partnerops.store.mapping_tables import partner_accounts
from partnerops.store.record_refs import AmbiguousRecord, UnknownRecord, find_record
from partnerops.web.access import checked_form, connection, engine_of, internal_viewer, partner_viewer
from partnerops.web.errors import PageError
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Internal = Annotated[Viewer, Depends(internal_viewer)]
Partner = Annotated[Viewer, Depends(partner_viewer)]
Reading = Annotated[Connection, Depends(connection)]
Database = Annotated[Engine, Depends(engine_of)]
PostedForm = Annotated[dict[str, str], Depends(checked_form)]
CATEGORIES = [c.value for c in OverlapCategory]
# How each category reads on a page ("co-sell targets").
LABELS = {c.value: c.label for c in OverlapCategory}


@router.get("/mapping")
def mapping_overview(request: Request, viewer: Internal, conn: Reading) -> Response:
    listed = conn.execute(select(partner_accounts.c.partner_id).distinct()).scalars().all()
    rows = [(partner_by_id(conn, p), overlap(conn, p), sharing_level(conn, p)) for p in sorted(listed)]
    return render(request, "mapping.html.j2", viewer, title="Account mapping", rows=rows, categories=CATEGORIES,
                  labels=LABELS)


def _category(value: str | None) -> OverlapCategory | None:
    if not value:
        return None
    try:
        return OverlapCategory(value)
    except ValueError as exc:
        raise PageError(400, f"Unknown category {value!r}: one of {', '.join(CATEGORIES)}.") from exc


def mapped_partner(conn: Connection, ref: str) -> PartnerRef:
    """The partner a mapping page's path names by its external id, `SYSTEM:ID` or exact name; unknown is the 404
    page. A partner its CRM deleted keeps its mapping page: the overview still lists its account list."""
    try:
        return partner_by_id(conn, find_record(conn, "partner", ref).id)
    except UnknownRecord as exc:
        raise PageError(404, f"There is no partner {ref!r}: search the partner list for its id or name.") from exc
    except AmbiguousRecord as exc:
        raise PageError(400, str(exc)) from exc


def mapping_path(partner: PartnerRef) -> str:
    """The partner's mapping page, named by its external id."""
    return f"/mapping/{quote(partner.external_id, safe='')}"


def _csv(rows: pl.DataFrame, filename: str) -> Response:
    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(rows.columns)
    writer.writerows(rows.iter_rows())
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _shared_filter(min_partners: int, segment: str | None, region: str | None) -> SharedFilter:
    if min_partners < 1:
        raise PageError(400, "At least 1 partner: min_partners counts the partners that have an account.")
    return SharedFilter(min_partners, segment or None, region or None)


# Declared before /mapping/{partner_ref}, whose path would otherwise take "accounts" for a partner's id.
@router.get("/mapping/accounts")
def mapping_accounts(request: Request, viewer: Internal, conn: Reading, min_partners: int = 1,
                     segment: str | None = None, region: str | None = None) -> Response:
    rows = shared_accounts(conn, _shared_filter(min_partners, segment, region))
    return render(request, "mapping_accounts.html.j2", viewer, title="Accounts shared with partners",
                  rows=rows.to_dicts(), chosen={"min_partners": min_partners, "segment": segment or "",
                                                "region": region or ""})


@router.get("/mapping/accounts.csv")
def mapping_accounts_export(viewer: Internal, conn: Reading, min_partners: int = 1, segment: str | None = None,
                            region: str | None = None) -> Response:
    """The shared-accounts page's selection as CSV (partner names joined by "; ")."""
    rows = shared_accounts(conn, _shared_filter(min_partners, segment, region))
    flat = rows.with_columns(pl.col("customer_of").list.join("; "), pl.col("prospect_of").list.join("; "))
    return _csv(flat, "accounts-by-partner.csv")


@router.get("/mapping/{partner_ref}/overlap.csv")
def mapping_export(partner_ref: str, viewer: Internal, conn: Reading, category: str | None = None,
                   segment: str | None = None, region: str | None = None) -> Response:
    """The partner page's selection as CSV."""
    partner = mapped_partner(conn, partner_ref)
    found = overlap(conn, partner.id, OverlapFilter(_category(category), segment or None, region or None))
    named = re.sub(r"[^A-Za-z0-9._-]+", "-", partner.external_id).strip("-.") or "partner"
    return _csv(found.rows, f"overlap-{named}.csv")


@router.get("/mapping/{partner_ref}")
def mapping_partner(request: Request, partner_ref: str, viewer: Internal, conn: Reading, category: str | None = None,
                    segment: str | None = None, region: str | None = None) -> Response:
    partner = mapped_partner(conn, partner_ref)
    found = overlap(conn, partner.id, OverlapFilter(_category(category), segment or None, region or None))
    return render(request, "mapping_partner.html.j2", viewer, title=f"Account mapping: {partner.name}",
                  partner=partner, overlap=found, rows=found.rows.to_dicts(), categories=CATEGORIES, labels=LABELS,
                  chosen={"category": category or "", "segment": segment or "", "region": region or ""},
                  pending=list_matches(conn, partner.id, MatchStatus.PENDING), level=sharing_level(conn, partner.id))


@router.post("/mapping/matches/{match_id}/{decision}")
def mapping_decide(match_id: int, decision: str, viewer: Internal, engine: Database, _form: PostedForm) -> Response:
    if not viewer.may_decide_registrations:
        raise PageError(403, "Confirming or rejecting matches is for partner managers.")
    try:
        chosen = Decision(decision)
    except ValueError as exc:
        raise PageError(404, f"Unknown decision {decision!r}: confirm or reject.") from exc
    try:
        done = decide_match(engine, match_id, chosen, viewer.email)
    except UnknownMatch as exc:
        raise PageError(404, f"There is no match {match_id}.") from exc
    with engine.connect() as conn:
        partner = partner_by_id(conn, done.partner_id)
    return RedirectResponse(mapping_path(partner), status_code=303)


def _own_view(viewer: Viewer, conn: Connection) -> OverlapView:
    own = viewer.principal.partner_id
    assert own is not None, "partner_viewer admits only partner users"
    return visible_overlap(conn, viewer.principal, own)


@router.get("/portal/mapping")
def portal_mapping(request: Request, viewer: Partner, conn: Reading) -> Response:
    view = _own_view(viewer, conn)
    return render(request, "portal_mapping.html.j2", viewer, title="Our shared accounts", view=view,
                  rows=None if view.rows is None else view.rows.to_dicts(), labels=LABELS)


@router.get("/portal/mapping.csv")
def portal_mapping_export(viewer: Partner, conn: Reading) -> Response:
    """The partner's own overlap as CSV, within the sharing level: the same columns its page shows."""
    view = _own_view(viewer, conn)
    if view.rows is None:
        raise PageError(403, "Your partner manager has not shared the overlapping accounts with you.")
    return _csv(view.rows, "shared-accounts.csv")

