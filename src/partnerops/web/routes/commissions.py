"""Pages for commissions: a partner's statements and disputes in the portal; payout batches and disputes to
resolve on the internal page."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine

from partnerops.commissions import disputes, payouts
from partnerops.commissions.access import COMMISSION_STAFF
from partnerops.commissions.errors import CommissionError, CommissionForbidden, CommissionNotFound
from partnerops.commissions.periods import InvalidPeriod, Period, parse_period
from partnerops.commissions.statement_files import statement_html, statement_pdf
from partnerops.commissions.statements import Statement, partner_statement
from partnerops.commissions.summary import partner_commissions
from partnerops.domain.amount_rules import Sign
from partnerops.domain.money import UnknownCurrency
from partnerops.web.access import checked_form, engine_of, internal_viewer, partner_viewer
from partnerops.web.errors import PageError
from partnerops.web.form_fields import FormProblem, form_amount, form_text
from partnerops.web.list_views import page_of, requested, whole_list
from partnerops.web.queries.partners import partner_names
from partnerops.web.queries.payout_batches import PAYOUT_BATCHES, batch_list, batch_totals
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

router = APIRouter()
Partner = Annotated[Viewer, Depends(partner_viewer)]
Internal = Annotated[Viewer, Depends(internal_viewer)]
Database = Annotated[Engine, Depends(engine_of)]
Form = Annotated[dict[str, str], Depends(checked_form)]


@contextmanager
def _commission_errors() -> Iterator[None]:
    try:
        yield
    except CommissionNotFound as exc:
        raise PageError(404, str(exc)) from exc
    except CommissionForbidden as exc:
        raise PageError(403, str(exc)) from exc
    except (CommissionError, InvalidPeriod, UnknownCurrency, FormProblem) as exc:
        raise PageError(400, str(exc)) from exc


def _period(text: str | None) -> Period:
    today = date.today()
    with _commission_errors():
        return parse_period(text or f"{today.year}-Q{(today.month - 1) // 3 + 1}")


def _own_statement(engine: Engine, viewer: Viewer, period: Period) -> Statement:
    with engine.connect() as conn:
        return partner_statement(conn, int(viewer.principal.partner_id or 0), period)


@router.get("/portal/commissions")
def portal_commissions(request: Request, viewer: Partner, engine: Database, period: str | None = None,
                       message: str | None = None) -> Response:
    chosen = _period(period)
    with engine.connect() as conn:
        summary = partner_commissions(conn, int(viewer.principal.partner_id or 0), date.today())
    return render(
        request, "portal_commissions.html.j2", viewer, title="My commissions", period=chosen, summary=summary,
        statement=_own_statement(engine, viewer, chosen), disputes=disputes.list_disputes(engine, viewer.principal),
        message=message,
    )  # fmt: skip


@router.get("/portal/commissions/print")
def portal_statement_print(viewer: Partner, engine: Database, period: str | None = None) -> Response:
    """The printable statement (print CSS; the browser's print-to-PDF makes the PDF)."""
    return HTMLResponse(statement_html(_own_statement(engine, viewer, _period(period))))


@router.get("/portal/commissions/statement.pdf")
def portal_statement_pdf(viewer: Partner, engine: Database, period: str | None = None) -> Response:
    """The statement as a PDF to download."""
    chosen = _period(period)
    return Response(statement_pdf(_own_statement(engine, viewer, chosen)), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="statement-{chosen.label}.pdf"'})


@router.post("/portal/commissions/lines/{entry_id}/dispute")
def portal_open_dispute(entry_id: int, viewer: Partner, engine: Database, form: Form) -> Response:
    with _commission_errors():
        opened = disputes.open_dispute(engine, viewer.principal, entry_id, form_text(form, "claim", "Claim"),
                                       form_text(form, "evidence", "Evidence"))
    return RedirectResponse(f"/portal/commissions?message=Dispute+{opened.id}+opened", status_code=303)


@router.get("/commissions")
def commissions_desk(request: Request, viewer: Internal, engine: Database, message: str | None = None) -> Response:
    """Payout batches (a list: filtered, sorted, paged, exported) and open disputes: the same roles as the API's
    payout and dispute routes (commissions.access)."""
    _staff(viewer)
    wanted = requested(request, PAYOUT_BATCHES)
    if request.query_params.get("format") == "csv":
        return whole_list(engine, batch_list(), PAYOUT_BATCHES, wanted, "payout-batches")
    listing = page_of(engine, batch_list(), PAYOUT_BATCHES, wanted, request.url.path, None)
    open_disputes = disputes.list_disputes(engine, viewer.principal, disputes.DisputeStatus.OPEN)
    with engine.connect() as conn:
        names = partner_names(conn)
        totals = batch_totals(conn, (row["id"] for row in listing.rows))
    return render(
        request, "commissions.html.j2", viewer, title="Commissions", listing=listing, totals=totals,
        disputes=open_disputes, names=names, may_act=True, message=message,
    )  # fmt: skip


def _staff(viewer: Viewer) -> None:
    if viewer.principal.role not in COMMISSION_STAFF:
        raise PageError(403, "Only finance, partner managers and admins act on commissions.")


@router.post("/commissions/payouts/{batch_id}/approve")
def approve_batch(batch_id: int, viewer: Internal, engine: Database, _form: Form) -> Response:
    _staff(viewer)
    with _commission_errors():
        payouts.approve_batch(engine, batch_id, viewer.email)
    return RedirectResponse(f"/commissions?message=Batch+{batch_id}+approved", status_code=303)


@router.post("/commissions/payouts/{batch_id}/pay")
def pay_batch(batch_id: int, viewer: Internal, engine: Database, _form: Form) -> Response:
    _staff(viewer)
    with _commission_errors():
        payouts.pay_batch(engine, batch_id, viewer.email, date.today())
    return RedirectResponse(f"/commissions?message=Batch+{batch_id}+paid", status_code=303)


@router.post("/commissions/disputes/{dispute_id}/resolve")
def resolve_dispute(dispute_id: int, viewer: Internal, engine: Database, form: Form) -> Response:
    _staff(viewer)
    accept = form.get("decision") == "accept"
    currency = form.get("currency", "USD").strip().upper()
    with _commission_errors():
        amount = form_amount(form, "amount", "Adjustment", currency, Sign.NONZERO) if form.get("amount") else None
        resolution = form_text(form, "resolution", "Resolution")
        disputes.resolve_dispute(engine, viewer.principal, dispute_id, accept, resolution, amount)
    return RedirectResponse(f"/commissions?message=Dispute+{dispute_id}+resolved", status_code=303)
