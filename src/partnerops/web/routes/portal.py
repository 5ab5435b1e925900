"""The partner portal: register a deal, follow my registrations, see my attributed pipeline, wins, touches and
what my referral link brought.

Every query here is scoped to the viewer's own partner in SQL; no route takes a partner id.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine

from partnerops.domain.registration_rules import RegistrationStatus, is_live
from partnerops.referrals.pipeline import referral_pipeline
from partnerops.registrations.errors import DuplicateRegistration
from partnerops.registrations.model import Registration
from partnerops.registrations.service import get_registration, request_extension, submit_registration
from partnerops.settings import Settings
from partnerops.store.record_refs import record_ref
from partnerops.store.tables import touches
from partnerops.web.access import checked_form, connection, engine_of, partner_viewer
from partnerops.web.errors import PageError, registration_errors
from partnerops.web.list_views import list_response, page_of, requested, whole_list
from partnerops.web.portal_form import CURRENCIES, FormProblem, blank_form, registration_input
from partnerops.web.queries.partners import partner_deals
from partnerops.web.queries.portal import attributed_totals
from partnerops.web.queries.registration_list import MY_REGISTRATIONS, as_views, registration_list
from partnerops.web.queries.registrations import registration_views
from partnerops.web.queries.touches import MY_TOUCH_LIST, touch_list
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer
from partnerops.web.writes import run_write

router = APIRouter(prefix="/portal")
Partner = Annotated[Viewer, Depends(partner_viewer)]
Reading = Annotated[Connection, Depends(connection)]
Database = Annotated[Engine, Depends(engine_of)]
PostedForm = Annotated[dict[str, str], Depends(checked_form)]


def _own(viewer: Viewer) -> int:
    partner_id = viewer.principal.partner_id
    assert partner_id is not None, "partner_viewer admits only partner users"
    return partner_id


@router.get("")
def overview(request: Request, viewer: Partner, conn: Reading, engine: Database) -> Response:
    mine = registration_views(engine, viewer.principal, None)
    return render(
        request, "portal.html.j2", viewer, title="My partnership", totals=attributed_totals(conn, _own(viewer)),
        deals=partner_deals(conn, _own(viewer), limit=20), partner_name=viewer.partner_name,
        pending=sum(r.registration.status is RegistrationStatus.PENDING for r in mine),
        approved=sum(r.registration.status is RegistrationStatus.APPROVED for r in mine),
        referral_link=_referral_link(request, conn, _own(viewer)), referrals=referral_pipeline(conn, _own(viewer)),
    )  # fmt: skip


def _referral_link(request: Request, conn: Connection, partner_id: int) -> str:
    """The link the assistant hands out too: {base_url}/r/{the partner's external id}."""
    settings: Settings = request.app.state.settings
    return f"{settings.base_url.rstrip('/')}/r/{record_ref(conn, 'partner', partner_id).external_id}"


@router.get("/registrations")
def my_registrations(request: Request, viewer: Partner, engine: Database, submitted: int | None = None) -> Response:
    wanted = requested(request, MY_REGISTRATIONS)
    query = registration_list(viewer.principal)
    if request.query_params.get("format") == "csv":
        return whole_list(engine, query, MY_REGISTRATIONS, wanted, "my-registrations")
    listing = page_of(engine, query, MY_REGISTRATIONS, wanted, request.url.path, None)
    message = "Thank you: your registration is recorded and waits for a partner manager." if submitted else None
    return render(
        request, "portal_registrations.html.j2", viewer, title="My registrations", listing=listing,
        rows=as_views(listing.rows, viewer.principal, datetime.now(UTC)), message=message,
    )  # fmt: skip


@router.get("/registrations/new")
def new_registration(request: Request, viewer: Partner) -> Response:
    return _form_page(request, viewer, blank_form(), None, 200)


@router.post("/registrations")
async def register(request: Request, viewer: Partner, engine: Database, form: PostedForm) -> Response:
    """A double-submitted form (the partner already holds this company live) creates nothing: the form says so
    and links the registration the partner already has."""
    try:
        submission = registration_input(form)
        with registration_errors():
            try:
                await run_write(request, submit_registration, engine, viewer.principal, submission)
            except DuplicateRegistration as exc:
                message = f"You already registered {exc.company_name}: registration {exc.registration_id} is " \
                          f"{exc.status.value}. Nothing new was registered."
                return _form_page(request, viewer, form, message, 409, existing_id=exc.registration_id)
    except FormProblem as exc:
        return _form_page(request, viewer, form, str(exc), 400)
    except PageError as exc:
        return _form_page(request, viewer, form, exc.message, exc.status)
    return RedirectResponse("/portal/registrations?submitted=1", status_code=303)


@router.get("/registrations/{registration_id}")
def my_registration(
    request: Request, registration_id: int, viewer: Partner, engine: Database, extension: int | None = None
) -> Response:
    with registration_errors():
        found = get_registration(engine, viewer.principal, registration_id)
    message = "Extension requested: a partner manager will answer it." if extension else None
    return render(
        request, "portal_registration.html.j2", viewer, title=found.company_name, r=found, message=message,
        may_request_extension=_may_request_extension(found),
    )  # fmt: skip


@router.post("/registrations/{registration_id}/extension")
def ask_for_extension(registration_id: int, viewer: Partner, engine: Database, _form: PostedForm) -> Response:
    """The partner asks for more time on a live registration; a manager grants it from the queue."""
    with registration_errors():
        request_extension(engine, viewer.principal, registration_id)
    return RedirectResponse(f"/portal/registrations/{registration_id}?extension=1", status_code=303)


@router.get("/touches")
def my_touches(request: Request, viewer: Partner, engine: Database) -> Response:
    """The partner's own touches, every one of them: searched, filtered, sorted, paged and exported."""
    own = touch_list().where(touches.c.partner_id == _own(viewer))
    return list_response(request, viewer, engine, own, MY_TOUCH_LIST, "portal_touches.html.j2", title="My touches")


def _may_request_extension(registration: Registration) -> bool:
    live = is_live(registration.status, registration.expires_on, datetime.now(UTC).date())
    return live and registration.extension_requested_at is None


def _form_page(request: Request, viewer: Viewer, form: dict[str, str], error: str | None, status: int,
               existing_id: int | None = None) -> Response:
    return render(
        request, "portal_register.html.j2", viewer, status, title="Register a deal", form=form, error=error,
        currencies=CURRENCIES, existing_id=existing_id,
    )  # fmt: skip
