"""Match review for one partner (internal users): every match of its listed accounts to ours as a list, pending
ones first, decided one at a time on the partner's mapping page's rows or many at once here."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine
from starlette.datastructures import FormData

from partnerops.mapping.bulk_review import NothingReviewed, decide_pending_matches
from partnerops.mapping.partner_lists import PartnerRef
from partnerops.mapping.review import Decision
from partnerops.web.access import WholeForm, checked_form, engine_of, internal_viewer
from partnerops.web.errors import PageError
from partnerops.web.list_views import list_response, requested_from
from partnerops.web.listing import matching
from partnerops.web.queries.match_review import MATCH_REVIEW, match_list
from partnerops.web.routes.mapping import mapped_partner, mapping_path
from partnerops.web.viewer import Viewer

router = APIRouter()
Internal = Annotated[Viewer, Depends(internal_viewer)]
Database = Annotated[Engine, Depends(engine_of)]
Form = Annotated[dict[str, str], Depends(checked_form)]



@router.get("/mapping/{partner_ref}/matches")
def match_review(request: Request, partner_ref: str, viewer: Internal, engine: Database) -> Response:
    partner = _partner(engine, partner_ref)
    return list_response(request, viewer, engine, match_list(partner.id), MATCH_REVIEW, "mapping_matches.html.j2",
                         title=f"Match review: {partner.name}", partner=partner, done=_done(request))


@router.post("/mapping/{partner_ref}/matches/bulk")
def decide_many(partner_ref: str, viewer: Internal, engine: Database,
                form: WholeForm) -> Response:
    """Confirm or reject the selected matches, or with `scope=all` every pending one the posted filter matches,
    provided that is still the count the reviewer confirmed (else 409: the list changed)."""
    if not viewer.may_decide_registrations:
        raise PageError(403, "Confirming or rejecting matches is for partner managers.")
    try:
        decision = Decision(str(form.get("decision", "")))
    except ValueError as exc:
        raise PageError(400, "decision: say confirm or reject.") from exc
    partner = _partner(engine, partner_ref)
    ids = _all_matching(engine, partner.id, form) if form.get("scope") == "all" else _selected(form)
    if not ids:
        raise PageError(400, "Select at least one match, or decide all that match the filter.")
    try:
        outcome = decide_pending_matches(engine, partner.id, ids, decision, viewer.email)
    except NothingReviewed as exc:
        raise PageError(409, f"Nothing changed: {exc}. Reload the list.") from exc
    done = f"decided={outcome.decided}&as={decision.status.value}&left={outcome.left}"
    return RedirectResponse(f"{mapping_path(partner)}/matches?{_view(form)}&{done}", status_code=303)


def _partner(engine: Engine, ref: str) -> PartnerRef:
    with engine.connect() as conn:
        return mapped_partner(conn, ref)


def _done(request: Request) -> str:
    got = request.query_params
    decided, left, status = got.get("decided", ""), got.get("left", "0"), got.get("as", "")
    if not decided.isdigit() or not left.isdigit() or status not in (d.status.value for d in Decision):
        return ""
    meanwhile = f"; {int(left):,} were decided by someone else meanwhile" if int(left) else ""
    return f"{int(decided):,} match{'' if int(decided) == 1 else 'es'} {status}{meanwhile}."


def _selected(form: FormData) -> list[int]:
    values = [str(v) for v in form.getlist("match")]
    if not all(v.isdigit() and int(v) < 2**31 for v in values):
        raise PageError(400, "match: every selected match is a match number.")
    return [int(v) for v in values]


def _all_matching(engine: Engine, partner_id: int, form: FormData) -> list[int]:
    """Every match the posted filter selects, if as many as the reviewer was shown and confirmed."""
    wanted = requested_from({k: str(v) for k, v in form.items()}, MATCH_REVIEW)
    query = matching(match_list(partner_id), MATCH_REVIEW, wanted)
    with engine.connect() as conn:
        ids = [int(i) for i in conn.execute(query.with_only_columns(query.selected_columns.id)).scalars()]
    confirmed = str(form.get("confirm_count", ""))
    if confirmed != str(len(ids)):
        raise PageError(409, f"The list changed: {len(ids):,} matches fit the filter now, not {confirmed or 0}. "
                             "Review the list again before deciding them all.")
    return ids


def _view(form: FormData) -> str:
    """The list's view the decision was made from (search, filters, sort, page size), to return to."""
    params = requested_from({k: str(v) for k, v in form.items()}, MATCH_REVIEW).params()
    return urlencode({k: v for k, v in params.items() if k != "page"})
