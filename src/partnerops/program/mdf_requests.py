"""MDF requests: a partner asks for funds with a plan and a budget; a partner manager approves or rejects."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, select, true

from partnerops.analytics.rate_check import has_rate_path
from partnerops.domain.roles import Principal
from partnerops.program.access import PROGRAM_MANAGERS, check_visible, own_partner, require_role
from partnerops.program.audit_trail import audit_change
from partnerops.program.errors import InsufficientFunds, InvalidProgramInput, InvalidTransition, ProgramNotFound
from partnerops.program.mdf import remaining_funds
from partnerops.program.mdf_model import MdfRequest, RequestInput, RequestStatus
from partnerops.program.periods import parse_period
from partnerops.settings import get_settings
from partnerops.store.locks import lock_row
from partnerops.store.program_tables import mdf_requests
from partnerops.store.tables import partners

ENTITY = "mdf_requests"


def submit_request(
    conn: Connection, principal: Principal, form: RequestInput, partner_id: int | None = None,
    now: datetime | None = None, reporting_currency: str | None = None,
) -> MdfRequest:  # fmt: skip
    """Record a request for funds; a partner user always requests for its own partner. The budget's currency must
    convert into the reporting currency (default: the settings'), or MDF returns could never be reported."""
    owner = own_partner(principal, partner_id)
    _check_form(form)
    _check_currency(conn, form.budget.currency, reporting_currency or get_settings().reporting_currency)
    # The partner's funds are spent one request at a time: a concurrent request waits, then sees this one.
    if not lock_row(conn, partners, owner):
        raise ProgramNotFound("partner", owner)
    now = now or datetime.now(UTC)
    _check_funds(conn, owner, form, now)
    request_id = conn.execute(mdf_requests.insert().values(
        partner_id=owner, period=parse_period(form.period).label, title=form.title.strip(), plan=form.plan.strip(),
        budget_minor=form.budget.minor, currency=form.budget.currency, starts_on=form.starts_on,
        ends_on=form.ends_on, status=RequestStatus.PENDING.value, submitted_at=now, submitted_by=principal.email,
    ).returning(mdf_requests.c.id)).scalar_one()  # fmt: skip
    return get_request(conn, principal, int(request_id))


def _check_form(form: RequestInput) -> None:
    if not form.title.strip():
        raise InvalidProgramInput("title", "a request needs a title")
    if not form.plan.strip():
        raise InvalidProgramInput("plan", "describe the activity: what, for whom, and the expected pipeline")
    if form.budget.amount <= 0:
        raise InvalidProgramInput("budget", f"the budget must be above zero, got {form.budget}")
    if form.ends_on < form.starts_on:
        raise InvalidProgramInput("ends_on", f"the activity ends ({form.ends_on}) before it starts ({form.starts_on})")
    form.budget.minor  # noqa: B018  (more decimals than the currency allows is refused here)


def _check_currency(conn: Connection, currency: str, reporting_currency: str) -> None:
    if not has_rate_path(conn, currency, reporting_currency):
        raise InvalidProgramInput("currency", f"no exchange rate takes {currency} into the reporting currency "
                                  f"{reporting_currency}; add a rate first (partnerops import rates FILE)")


def _check_funds(conn: Connection, partner_id: int, form: RequestInput, now: datetime) -> None:
    remaining = remaining_funds(conn, partner_id, form.budget.currency, now.date())
    if form.budget.amount > remaining.amount:
        raise InsufficientFunds(f"the budget {form.budget} is more than the {remaining} of MDF left")


def get_request(conn: Connection, principal: Principal, request_id: int) -> MdfRequest:
    row = conn.execute(select(mdf_requests).where(mdf_requests.c.id == request_id)).first()
    if row is None:
        raise ProgramNotFound("MDF request", request_id)
    check_visible(principal, "MDF request", request_id, row.partner_id)
    return MdfRequest.from_row(row)


def list_requests(
    conn: Connection, principal: Principal, status: RequestStatus | None = None, partner_id: int | None = None
) -> list[MdfRequest]:
    """Requests the principal may see, newest first; a partner user only its own."""
    r = mdf_requests.c
    mine = r.partner_id == principal.partner_id if principal.is_partner else true()
    query = select(mdf_requests).where(mine)
    if status is not None:
        query = query.where(r.status == status.value)
    if partner_id is not None:
        query = query.where(r.partner_id == partner_id)
    return [MdfRequest.from_row(row) for row in conn.execute(query.order_by(r.submitted_at.desc(), r.id.desc()))]


def approve_request(conn: Connection, principal: Principal, request_id: int, now: datetime | None = None) -> MdfRequest:
    """Commit the budget: it must still fit in the partner's remaining funds."""
    lock_row(conn, partners, get_request(conn, principal, request_id).partner_id)
    request = _pending(conn, principal, request_id, "approve")
    now = now or datetime.now(UTC)
    remaining = remaining_funds(conn, request.partner_id, request.budget.currency, now.date())
    if request.budget.amount > remaining.amount:
        raise InsufficientFunds(f"cannot approve MDF request {request_id}: its budget {request.budget} is more "
                                f"than the {remaining} the partner has left")
    return _decide(conn, principal, request, RequestStatus.APPROVED, None, now)


def reject_request(
    conn: Connection, principal: Principal, request_id: int, reason: str, now: datetime | None = None
) -> MdfRequest:
    if not reason.strip():
        raise InvalidProgramInput("reason", "say why the request is rejected: the partner reads it")
    lock_row(conn, mdf_requests, request_id)
    request = _pending(conn, principal, request_id, "reject")
    return _decide(conn, principal, request, RequestStatus.REJECTED, reason.strip(), now or datetime.now(UTC))


def _pending(conn: Connection, principal: Principal, request_id: int, action: str) -> MdfRequest:
    request = get_request(conn, principal, request_id)
    require_role(principal, PROGRAM_MANAGERS, f"deciding MDF requests ({action})")
    if request.status is not RequestStatus.PENDING:
        raise InvalidTransition("MDF request", request_id, action, request.status.value)
    return request


def _decide(conn: Connection, principal: Principal, request: MdfRequest, status: RequestStatus, reason: str | None,
            now: datetime) -> MdfRequest:  # fmt: skip
    conn.execute(mdf_requests.update().where(mdf_requests.c.id == request.id).values(
        status=status.value, decided_at=now, decided_by=principal.email, decision_reason=reason))  # fmt: skip
    audit_change(conn, ENTITY, request.id, ("status", request.status.value, status.value), principal.email, now, reason)
    return get_request(conn, principal, request.id)
