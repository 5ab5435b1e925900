"""Pages for commissions: a partner's statement lines and disputes in the portal; payout batches and disputes to
resolve on the internal page. Each is a list (searched, filtered, sorted, paged, exported); the portal's are scoped
to the viewer's partner in SQL."""

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
from partnerops.web.list_views import lists_of, page_of, requested, whole_list
from partnerops.web.listing import BadListRequest, ListQuery, ListSpec
from partnerops.web.queries.disputes_list import DISPUTES, MY_DISPUTES, dispute_list, own_dispute_list
from partnerops.web.queries.payout_batches import PAYOUT_BATCHES, batch_list, batch_totals
from partnerops.web.queries.statement_lines import (
    STATEMENT_LINES,
    checked_currency,
    statement_export,
    statement_line_list,
    statement_page,
)
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
        return partner_statement(conn, _own(viewer), period)


@router.get("/portal/commissions")
def portal_commissions(request: Request, viewer: Partner, engine: Database, period: str | None = None,
                       message: str | None = None) -> Response:
    """The partner's summary, its statement for the period with the lines as a list, and its disputes as a list;
    both lists are scoped to the viewer's partner in SQL."""
    chosen, partner_id = _period(period), _own(viewer)
    lines_wanted, disputes_wanted = _statement_wanted(request), requested(request, MY_DISPUTES)
    lines, own_disputes = statement_line_list(partner_id, chosen), own_dispute_list(partner_id)
    if request.query_params.get(STATEMENT_LINES.prefix + "format") == "csv":
        with engine.connect() as conn:
            exported = statement_export(conn, partner_id)
        return whole_list(engine, lines, exported, lines_wanted, f"statement-{chosen.label}")
    if request.query_params.get(MY_DISPUTES.prefix + "format") == "csv":
        return whole_list(engine, own_disputes, MY_DISPUTES, disputes_wanted, "my-disputes")
    line_page = statement_page(engine, lines, partner_id, chosen, lines_wanted, request.url.path)
    dispute_page = page_of(engine, own_disputes, MY_DISPUTES, disputes_wanted, request.url.path, None)
    line_page.kept, dispute_page.kept = _others(request, STATEMENT_LINES), _others(request, MY_DISPUTES)
    with engine.connect() as conn:
        summary = partner_commissions(conn, partner_id, date.today())
    return render(
        request, "portal_commissions.html.j2", viewer, title="My commissions", period=chosen, summary=summary,
        statement=_own_statement(engine, viewer, chosen), lines=line_page, disputes=dispute_page, message=message,
    )  # fmt: skip


def _own(viewer: Viewer) -> int:
    partner_id = viewer.principal.partner_id
    assert partner_id is not None, "partner_viewer admits only partner users"
    return partner_id


def _statement_wanted(request: Request) -> ListQuery:
    try:
        return checked_currency(requested(request, STATEMENT_LINES))
    except BadListRequest as exc:
        raise PageError(400, str(exc)) from exc


def _others(request: Request, spec: ListSpec) -> dict[str, str]:
    """The request's parameters that are not `spec`'s own (the period, the page's other list), kept in its links;
    a one-time message is not."""
    asked = request.query_params
    return {key: value for key, value in asked.items() if not key.startswith(spec.prefix) and key != "message"}


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
    """Payout batches and disputes, two lists (filtered, sorted, paged, exported; the disputes' parameters begin
    with `disputes_`): the same roles as the API's payout and dispute routes (commissions.access)."""
    _staff(viewer)
    lists = lists_of(request, engine, ((PAYOUT_BATCHES, batch_list(), "payout-batches"),
                                       (DISPUTES, dispute_list(), "disputes")), transient=("message",))
    if isinstance(lists, Response):
        return lists
    listing, dispute_page = lists
    with engine.connect() as conn:
        totals = batch_totals(conn, (row["id"] for row in listing.rows))
    return render(
        request, "commissions.html.j2", viewer, title="Commissions", listing=listing, totals=totals,
        disputes=dispute_page, may_act=True, message=message,
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
