"""Pages for signal review: mentions found in calls and emails, grouped by the touch they propose, as a list
(search, filters, sorting, paging, CSV) with each proposal's evidence.

A decision, one at a time or on the selected proposals, goes through the touch review service (role rule, scope,
audit) and attribution runs again, as on the touch approval queue.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine
from starlette.datastructures import FormData, QueryParams

from partnerops.domain.enums import TouchStatus
from partnerops.domain.roles import Principal
from partnerops.touches.bulk import NothingDecided, decide_claimed
from partnerops.touches.errors import NotAReviewer, SameStatus, UnknownTarget
from partnerops.touches.review import confirm_touch, reject_touch
from partnerops.web.access import WholeForm, checked_form, engine_of, internal_viewer
from partnerops.web.errors import PageError
from partnerops.web.list_views import requested_from, whole_list
from partnerops.web.listing import ListPage, fetch_page, filter_choices
from partnerops.web.queries.signals import (
    Proposal,
    QueueChoices,
    find_proposal,
    find_proposals,
    proposal_list,
    proposals_of,
    queue_choices,
    with_tracker,
)
from partnerops.web.reattribution import reattribute
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Internal = Annotated[Viewer, Depends(internal_viewer)]
Database = Annotated[Engine, Depends(engine_of)]
Form = Annotated[dict[str, str], Depends(checked_form)]
Review = Callable[[Connection, Principal, int, str | None], None]
_BULK = {"confirm": TouchStatus.CONFIRMED, "reject": TouchStatus.REJECTED}
_BACK = re.compile(r"/signals(\?[^#\s]*)?")
# The most proposals one bulk decision takes: the largest page.
_MOST_SELECTED = 200



@router.get("/signals")
def signal_queue(request: Request, viewer: Internal, engine: Database) -> Response:
    """The proposed touches the filter selects (pending by default), a page at a time with their evidence, or with
    `format=csv` all of them."""
    with engine.connect() as conn:
        choices = queue_choices(conn)
    spec = choices.spec()
    asked = requested_from(_partner_named(request.query_params, choices), spec)
    query, rest = with_tracker(proposal_list(viewer.principal), asked)
    if request.query_params.get("format") == "csv":
        return whole_list(engine, query, spec, rest, "signals")
    with engine.connect() as conn:
        listing = fetch_page(conn, query, spec, rest)
        listing.choices = filter_choices(conn, query, spec)
        proposals = proposals_of(conn, listing.rows)
        done = _bulk_outcome(conn, viewer.principal, request.query_params)
    listing.wanted, listing.path = replace(listing.wanted, filters=asked.filters), "/signals"
    return render(request, "signals.html.j2", viewer, title="Signal review", listing=listing, proposals=proposals,
                  done=done, back=_current(listing))


@router.post("/signals/bulk")
def decide_selected(viewer: Internal, engine: Database, form: WholeForm) -> Response:
    """Confirm or reject the selected proposals; those no longer pending are named on the page, not changed."""
    status = _BULK.get(str(form.get("decision", "")))
    if status is None:
        raise PageError(400, "decision: say confirm or reject.")
    if not viewer.may_review_touches:
        raise PageError(403, "Confirming or rejecting proposed touches is for partner managers and sales.")
    reason = _bulk_reason(status, str(form.get("reason", "")).strip())
    ids = _selected(form)
    with engine.begin() as conn:
        _require_proposals(conn, viewer.principal, ids)
        decided, left = _decide_each(conn, viewer.principal, ids, status, reason)
    if not decided:
        with engine.connect() as conn:
            raced = _raced(conn, viewer.principal, left) or ["none of the selected proposed touches is still pending."]
        raise PageError(409, f"Nothing changed: {' '.join(raced)} Reload the queue.")
    reattribute(engine)
    done = urlencode([("decided", len(decided)), ("as", status.value)] + [("left", touch_id) for touch_id in left])
    back = str(form.get("back", ""))
    back = back if _BACK.fullmatch(back) else "/signals"
    return RedirectResponse(back + ("&" if "?" in back else "?") + done, status_code=303)


@router.post("/signals/{proposed_touch_id}/confirm")
def confirm(request: Request, proposed_touch_id: int, viewer: Internal, engine: Database, form: Form) -> Response:
    reason = form.get("reason", "").strip() or "confirmed in the signal review queue"
    return _decide(request, viewer, engine, proposed_touch_id, confirm_touch, reason)


@router.post("/signals/{proposed_touch_id}/reject")
def reject(request: Request, proposed_touch_id: int, viewer: Internal, engine: Database, form: Form) -> Response:
    reason = form.get("reason", "").strip()
    if not reason:
        raise PageError(400, "Say why the proposed touch is rejected: the reason goes to the audit log.")
    return _decide(request, viewer, engine, proposed_touch_id, reject_touch, reason)


def _partner_named(params: Mapping[str, str], choices: QueueChoices) -> dict[str, str]:
    """The query parameters with a partner named by its external id turned to its name (the filter's values);
    a partner that is neither is a 400 page, as is an old link's internal partner number."""
    found = dict(params)
    partner = found.get("partner", "").strip()
    if not partner or partner in choices.partners:
        return found
    if partner in choices.partner_refs:
        return found | {"partner": choices.partner_refs[partner]}
    old_link = partner.isdigit()
    hint = " Links no longer use internal partner numbers: choose the partner in the filter." if old_link else ""
    raise PageError(400, f"partner: {partner!r} is neither the id nor the name of a partner with proposed touches. "
                         f"Name the partner by its id (as in the CRM) or its name.{hint}")


def _current(listing: ListPage) -> str:
    """The address of the page shown, where a bulk decision returns."""
    return listing.url(page=listing.wanted.page)


def _bulk_reason(status: TouchStatus, reason: str) -> str:
    if status is TouchStatus.CONFIRMED:
        return reason or "confirmed in bulk in the signal review queue"
    if not reason:
        raise PageError(400, "Say why the selected proposed touches are rejected: the reason goes to the audit log.")
    return reason


def _selected(form: FormData) -> list[int]:
    values = [str(v) for v in form.getlist("touch")]
    if not values:
        raise PageError(400, "Select at least one proposed touch.")
    if not all(v.isdigit() and int(v) < 2**31 for v in values):
        raise PageError(400, "touch: every selected proposed touch is a touch number.")
    if len(set(values)) > _MOST_SELECTED:
        raise PageError(400, f"Select at most {_MOST_SELECTED} proposed touches at a time.")
    return sorted({int(v) for v in values})


def _require_proposals(conn: Connection, principal: Principal, ids: list[int]) -> None:
    """Every selected id is a proposed touch the principal may see (else a 404 page naming the first that is not)."""
    known = {proposal.id for proposal in find_proposals(conn, principal, ids)}
    missing = [touch_id for touch_id in ids if touch_id not in known]
    if missing:
        raise PageError(404, f"There is no proposed touch {missing[0]}.")


def _decide_each(
    conn: Connection, principal: Principal, ids: list[int], status: TouchStatus, reason: str
) -> tuple[list[int], list[int]]:
    """(decided, left): each proposal is decided only while it is still pending, in id order as the bulk service
    locks them, so the ones another reviewer decided first are known one by one."""
    decided: list[int] = []
    left: list[int] = []
    for touch_id in ids:
        try:
            decide_claimed(conn, principal, [touch_id], status, reason)
        except NothingDecided:
            left.append(touch_id)
            continue
        decided.append(touch_id)
    return decided, left


@dataclass(frozen=True)
class BulkOutcome:
    """What the last bulk decision did, as its redirect reported it: a line, and one per proposal it left."""

    summary: str
    left: tuple[str, ...]


def _bulk_outcome(conn: Connection, principal: Principal, params: QueryParams) -> BulkOutcome | None:
    decided, status = params.get("decided", ""), params.get("as", "")
    if not decided.isdigit() or status not in _BULK.values():
        return None
    left = [v for v in params.getlist("left") if v.isdigit() and int(v) < 2**31][:_MOST_SELECTED]
    count = int(decided)
    summary = f"{count:,} proposed touch{'' if count == 1 else 'es'} {status}."
    return BulkOutcome(summary, tuple(_raced(conn, principal, [int(v) for v in left])))


def _raced(conn: Connection, principal: Principal, ids: list[int]) -> list[str]:
    """A sentence per proposal that was no longer pending when the decision reached it (another reviewer, or an
    earlier decision on this page, came first), with what it is now."""
    return [f"{_named(p)} was already {'pending' if p.pending else p.status}, so it was left as it is."
            for p in find_proposals(conn, principal, ids)]


def _named(proposal: Proposal) -> str:
    return f"{proposal.partner}'s {proposal.type.replace('_', ' ')} on {proposal.opportunity}"


def _decide(request: Request, viewer: Viewer, engine: Engine, touch_id: int, review: Review, reason: str) -> Response:
    if not viewer.may_review_touches:
        raise PageError(403, "Confirming or rejecting proposed touches is for partner managers and sales.")
    try:
        with engine.begin() as conn:
            if find_proposal(conn, viewer.principal, touch_id) is None:
                raise UnknownTarget("proposed touch", "proposed_touch_id")
            review(conn, viewer.principal, touch_id, reason)
    except UnknownTarget as exc:
        raise PageError(404, f"There is no proposed touch {touch_id}.") from exc
    except NotAReviewer as exc:
        raise PageError(403, str(exc)) from exc
    except SameStatus as exc:
        raise PageError(400, f"Proposed touch {touch_id}: {exc}.") from exc
    reattribute(engine)
    if not request.headers.get("HX-Request"):
        return RedirectResponse("/signals", status_code=303)
    return _proposal_fragment(request, viewer, engine, touch_id)


def _proposal_fragment(request: Request, viewer: Viewer, engine: Engine, touch_id: int) -> Response:
    with engine.connect() as conn:
        proposal: Proposal | None = find_proposal(conn, viewer.principal, touch_id)
    return render(request, "partials/signal_proposal.html.j2", viewer, proposal=proposal)
