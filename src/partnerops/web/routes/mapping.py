"""Pages for account mapping: overlap with each partner, which partners share each of our accounts (internal users
only: a partner never sees another partner), match review, and the partner's own view in the portal within the
sharing level its partner manager set. The internal pages are lists that page, sort and count in SQL."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import quote

import polars as pl
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine, Select

from partnerops.domain.spreadsheet import safe_writer
from partnerops.mapping.errors import UnknownMatch
from partnerops.mapping.overlap import OverlapCategory
from partnerops.mapping.partner_lists import PartnerRef, partner_by_id
from partnerops.mapping.review import Decision, decide_match
from partnerops.mapping.sharing import OverlapView, sharing_level, visible_overlap
from partnerops.store.record_refs import AmbiguousRecord, UnknownRecord, find_record
from partnerops.web.access import checked_form, connection, engine_of, internal_viewer, partner_viewer
from partnerops.web.errors import PageError
from partnerops.web.list_views import page_of, requested, whole_list
from partnerops.web.listing import ANY, ListPage, ListQuery, ListSpec, fetch_page
from partnerops.web.queries.mapping_lists import (
    MAPPING_OVERVIEW,
    OVERLAP_LIST,
    category_counts,
    mapping_overview,
    mapping_overview_base,
    overlap_choices,
    overlap_counts,
    overlap_lean,
    overlap_list,
    pending_matches,
    same_text,
    with_our_side,
)
from partnerops.web.queries.shared_account_list import (
    NAMES_SEPARATOR,
    SHARED_LIST,
    shared_base,
    shared_choices,
    shared_list,
)
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
# Segment and region match whatever their case, as `overlap` and `shared_accounts` compare them.
FOLDED = ("segment", "region")
LEAST_PARTNERS = ("1", "2", "3", "5", "10")


@router.get("/mapping")
def mapping_overview_page(request: Request, viewer: Internal, engine: Database) -> Response:
    """The partners with an account list. Sorted by a category, every list is read to count; otherwise only the
    lists of the partners on the page are."""
    wanted = requested(request, MAPPING_OVERVIEW)
    if request.query_params.get("format") == "csv":
        return whole_list(engine, mapping_overview(), MAPPING_OVERVIEW, wanted, "mapping")
    by_category = wanted.sort in CATEGORIES
    listing = page_of(engine, mapping_overview(with_categories=by_category), MAPPING_OVERVIEW, wanted,
                      request.url.path, mapping_overview_base())
    if not by_category and listing.rows:
        with engine.connect() as conn:
            counts = overlap_counts(conn, [row["id"] for row in listing.rows])
        listing.rows = [row | counts.get(row["id"], dict.fromkeys(CATEGORIES, 0)) for row in listing.rows]
    return render(request, "mapping.html.j2", viewer, title="Account mapping", listing=listing,
                  categories=CATEGORIES)


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


def _chosen(wanted: ListQuery, key: str) -> str | None:
    value = dict(wanted.filters).get(key)
    return None if value in (None, ANY) else value


def _taken_out(wanted: ListQuery, keys: tuple[str, ...]) -> ListQuery:
    """The request without the filters this page applies itself."""
    return replace(wanted, filters=tuple((key, value) for key, value in wanted.filters if key not in keys))


def _folded(query: Select[Any], wanted: ListQuery) -> Select[Any]:
    columns = query.selected_columns
    return query.where(*(same_text(columns[key], value) for key in FOLDED if (value := _chosen(wanted, key))))


def _page(connection: Connection, query: Select[Any], spec: ListSpec, wanted: ListQuery, applied: tuple[str, ...],
          request: Request, choices: dict[str, tuple[str, ...]], narrow: Select[Any] | None = None) -> ListPage:
    """A page of `query` (and `narrow`, see `fetch_page`), already narrowed by the filters named `applied`, showing
    the whole request."""
    listing = fetch_page(connection, query, spec, _taken_out(wanted, applied), narrow)
    listing.wanted = replace(wanted, page=listing.wanted.page)
    listing.path, listing.choices = request.url.path, choices
    return listing


def _theirs_only(wanted: ListQuery) -> bool:
    """Whether the request reads only the partner's side of each row (no search, no sort or filter by our
    account), so the page can be found without ranking every match and our side added to its rows alone."""
    theirs = ("category", "their_name", "their_status")
    return not wanted.search and wanted.sort in theirs and not any(_chosen(wanted, key) for key in FOLDED)


def _overlap_csv(engine: Engine, partner: PartnerRef, rows: Select[Any], wanted: ListQuery) -> Response:
    named = re.sub(r"[^A-Za-z0-9._-]+", "-", partner.external_id).strip("-.") or "partner"
    return whole_list(engine, rows, OVERLAP_LIST, _taken_out(wanted, FOLDED), f"overlap-{named}")


def _least_partners(wanted: ListQuery) -> int:
    least = _chosen(wanted, "min_partners") or "1"
    if not least.isdigit() or int(least) < 1:
        raise PageError(400, "At least 1 partner: min_partners counts the partners that have an account.")
    return int(least)


def _shared_rows(wanted: ListQuery) -> Select[Any]:
    """`shared_list` narrowed by the page's own filters: at least so many partners, segment and region."""
    rows = shared_list()
    return _folded(rows.where(rows.selected_columns["partner_count"] >= _least_partners(wanted)), wanted)


def _names(row: dict[str, Any]) -> dict[str, Any]:
    split = {key: sorted(row[key].split(NAMES_SEPARATOR)) if row[key] else [] for key in ("customer_of", "prospect_of")}
    return row | split


# Declared before /mapping/{partner_ref}, whose path would otherwise take "accounts" for a partner's id.
@router.get("/mapping/accounts")
def mapping_accounts(request: Request, viewer: Internal, engine: Database) -> Response:
    wanted = requested(request, SHARED_LIST)
    rows = _shared_rows(wanted)
    if request.query_params.get("format") == "csv":
        return whole_list(engine, rows, SHARED_LIST, _taken_out(wanted, ("min_partners", *FOLDED)),
                          "accounts-by-partner")
    least = tuple(sorted({*LEAST_PARTNERS, _chosen(wanted, "min_partners") or "1"}, key=int))
    with engine.connect() as conn:
        choices = {"min_partners": least, "our_status": SHARED_LIST.filters[1].choices,
                   **{key: shared_choices(conn, key) for key in FOLDED}}
        narrow = _folded(shared_base(), wanted) if _least_partners(wanted) == 1 else None
        listing = _page(conn, rows, SHARED_LIST, wanted, ("min_partners", *FOLDED), request, choices, narrow)
    listing.rows = [_names(row) for row in listing.rows]
    return render(request, "mapping_accounts.html.j2", viewer, title="Accounts shared with partners",
                  listing=listing)


@router.get("/mapping/accounts.csv")
def mapping_accounts_export(request: Request, viewer: Internal, engine: Database) -> Response:
    """The shared-accounts page's selection as CSV (partner names joined by "; ")."""
    wanted = requested(request, SHARED_LIST)
    return whole_list(engine, _shared_rows(wanted), SHARED_LIST, _taken_out(wanted, ("min_partners", *FOLDED)),
                      "accounts-by-partner")


@router.get("/mapping/{partner_ref}/overlap.csv")
def mapping_export(request: Request, partner_ref: str, viewer: Internal, engine: Database) -> Response:
    """The partner page's selection as CSV (the page's own download, `format=csv`, gives the same)."""
    wanted = requested(request, OVERLAP_LIST)
    with engine.connect() as conn:
        partner = mapped_partner(conn, partner_ref)
    return _overlap_csv(engine, partner, _folded(overlap_list(partner.id), wanted), wanted)


@router.get("/mapping/{partner_ref}")
def mapping_partner(request: Request, partner_ref: str, viewer: Internal, engine: Database) -> Response:
    """The partner's overlap rows as a list, its counts per category in the chosen segment and region, and the
    matches awaiting review."""
    wanted = requested(request, OVERLAP_LIST)
    with engine.connect() as conn:
        partner = mapped_partner(conn, partner_ref)
        rows = _folded(overlap_list(partner.id), wanted)
        if request.query_params.get("format") == "csv":
            return _overlap_csv(engine, partner, rows, wanted)
        choices = {"category": OVERLAP_LIST.filters[0].choices,
                   **{key: overlap_choices(conn, partner.id, key) for key in FOLDED}}
        lean = _theirs_only(wanted)
        listed = overlap_lean(partner.id) if lean else rows
        listing = _page(conn, listed, OVERLAP_LIST, wanted, FOLDED, request, choices)
        if lean and listing.rows:
            listing.rows = with_our_side(conn, partner.id, listing.rows)
        counts, pending = category_counts(conn, listed), pending_matches(conn, partner.id)
        level = sharing_level(conn, partner.id)
    return render(request, "mapping_partner.html.j2", viewer, title=f"Account mapping: {partner.name}",
                  partner=partner, listing=listing, counts=counts, labels=LABELS, pending=pending, level=level)


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


def _csv(rows: pl.DataFrame, filename: str) -> Response:
    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(rows.columns)
    writer.writerows(rows.iter_rows())
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/portal/mapping.csv")
def portal_mapping_export(viewer: Partner, conn: Reading) -> Response:
    """The partner's own overlap as CSV, within the sharing level: the same columns its page shows."""
    view = _own_view(viewer, conn)
    if view.rows is None:
        raise PageError(403, "Your partner manager has not shared the overlapping accounts with you.")
    return _csv(view.rows, "shared-accounts.csv")
