"""The portal's payment details: where and how the partner is paid and its tax identity, entered by its own users
and stored sealed under PARTNEROPS_SECRET_KEY; shown back with identifiers masked. Always the viewer's partner."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from partnerops.payments.details import InvalidDetails, PaymentDetails, load_details, masked, save_details
from partnerops.settings import Settings
from partnerops.sync.errors import SyncError
from partnerops.sync.sealing import secret_key
from partnerops.web.access import checked_form, engine_of, partner_viewer
from partnerops.web.errors import PageError
from partnerops.web.form_fields import form_name, form_optional, form_problems, form_text
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Partner = Annotated[Viewer, Depends(partner_viewer)]
Database = Annotated[Engine, Depends(engine_of)]
PostedForm = Annotated[dict[str, str], Depends(checked_form)]
PATH = "/portal/payment-details"
# Shown back only masked; a blank field in the form keeps what is stored.
HIDDEN = ("tax_id", "stripe_account", "paypal_email")


@router.get(PATH)
def payment_details_form(request: Request, viewer: Partner, engine: Database, saved: str = "") -> Response:
    key = _key(request)
    details = _stored(engine, viewer, key) if key else None
    shown = {name: masked(value) if name in HIDDEN else value
             for name, value in asdict(details or PaymentDetails()).items()}  # fmt: skip
    return render(request, "portal_payment_details.html.j2", viewer, title="Payment and tax details",
                  shown=shown, stored=details is not None, can_store=key is not None, saved=saved == "1")  # fmt: skip


@router.post(PATH)
def save_payment_details(request: Request, viewer: Partner, engine: Database, form: PostedForm) -> Response:
    """Seal and store the details for the viewer's own partner (any partner named in the form is ignored)."""
    with form_problems():
        entered = PaymentDetails(
            legal_name=form_name(form, "legal_name", "Legal name"),
            tax_country=form_text(form, "tax_country", "Tax country"),
            **{name: form_optional(form_text, form, name, name.replace("_", " ").capitalize()) or ""
               for name in HIDDEN},
        )  # fmt: skip
    key = _key(request)
    if key is None:
        raise PageError(503, "Payment details cannot be stored yet: the server has no PARTNEROPS_SECRET_KEY.")
    kept = _stored(engine, viewer, key) or PaymentDetails()
    merged = PaymentDetails(**{name: value or (getattr(kept, name) if name in HIDDEN else value)
                               for name, value in asdict(entered).items()})  # fmt: skip
    if not merged.stripe_account and not merged.paypal_email:
        raise PageError(400, "Give a Stripe connected account or a PayPal email: that is where payouts go.")
    try:
        save_details(engine, _partner(viewer), merged, key, viewer.principal.email)
    except InvalidDetails as exc:
        raise PageError(400, f"{exc}.") from exc
    return RedirectResponse(f"{PATH}?saved=1", status_code=303)


def _partner(viewer: Viewer) -> int:
    partner_id = viewer.principal.partner_id
    assert partner_id is not None, "partner_viewer admits only partner users"
    return partner_id


def _stored(engine: Engine, viewer: Viewer, key: bytes) -> PaymentDetails | None:
    with engine.connect() as conn:
        return load_details(conn, _partner(viewer), key)


def _key(request: Request) -> bytes | None:
    settings: Settings = request.app.state.settings
    try:
        return secret_key(settings.secret_key)
    except SyncError:
        return None
