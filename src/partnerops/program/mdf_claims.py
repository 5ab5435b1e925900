"""MDF claims: proof of performance against an approved request, then approval and reimbursement
(claimed -> approved -> reimbursed, or claimed -> rejected), every step audited."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, func, select, true

from partnerops.domain.money import Money
from partnerops.domain.roles import Principal
from partnerops.program.access import PAYERS, PROGRAM_MANAGERS, check_visible, require_role
from partnerops.program.audit_trail import audit_change
from partnerops.program.errors import (
    InsufficientFunds,
    InvalidProgramInput,
    InvalidTransition,
    ProgramForbidden,
    ProgramNotFound,
)
from partnerops.program.mdf_model import LIVE_CLAIMS, ClaimInput, ClaimStatus, MdfClaim, RequestStatus
from partnerops.program.mdf_requests import get_request
from partnerops.store.locks import lock_row
from partnerops.store.program_tables import mdf_claims, mdf_requests

ENTITY = "mdf_claims"


def submit_claim(
    conn: Connection, principal: Principal, request_id: int, form: ClaimInput, now: datetime | None = None
) -> MdfClaim:
    """File a claim on an approved request; together the live claims never exceed its budget."""
    # Claims on one request are filed one at a time, so the budget check below sees every earlier claim.
    lock_row(conn, mdf_requests, request_id)
    request = get_request(conn, principal, request_id)
    if not principal.is_partner and principal.role not in PROGRAM_MANAGERS:
        raise ProgramForbidden("claims are filed by the partner or a partner manager")
    if request.status is not RequestStatus.APPROVED:
        raise InvalidTransition("MDF request", request_id, "claim against", request.status.value)
    _check_form(form, request.budget.currency)
    claimed = _claimed_minor(conn, request_id)
    if claimed + form.amount.minor > request.budget.minor:
        left = Money.from_minor(request.budget.minor - claimed, request.budget.currency)
        raise InsufficientFunds(f"claims on MDF request {request_id} would exceed its budget {request.budget} "
                                f"({left} left)")
    now = now or datetime.now(UTC)
    claim_id = conn.execute(mdf_claims.insert().values(
        request_id=request_id, partner_id=request.partner_id, amount_minor=form.amount.minor,
        currency=form.amount.currency, proof_reference=form.proof_reference.strip(),
        proof_description=form.proof_description.strip(), status=ClaimStatus.CLAIMED.value, claimed_at=now,
        claimed_by=principal.email,
    ).returning(mdf_claims.c.id)).scalar_one()  # fmt: skip
    return get_claim(conn, principal, int(claim_id))


def _check_form(form: ClaimInput, currency: str) -> None:
    if form.amount.currency != currency:
        raise InvalidProgramInput("currency", f"claim in {currency} (the request's currency), "
                                  f"not {form.amount.currency}")
    if form.amount.amount <= 0:
        raise InvalidProgramInput("amount", f"a claim must be above zero, got {form.amount}")
    if not form.proof_reference.strip():
        raise InvalidProgramInput("proof_reference", "link the proof of performance (a file reference or URL)")
    if not form.proof_description.strip():
        raise InvalidProgramInput("proof_description", "describe what the proof shows (attendees, leads, assets)")


def _claimed_minor(conn: Connection, request_id: int) -> int:
    c = mdf_claims.c
    total = conn.execute(select(func.coalesce(func.sum(c.amount_minor), 0)).where(
        c.request_id == request_id, c.status.in_(LIVE_CLAIMS))).scalar_one()  # fmt: skip
    return int(total)


def get_claim(conn: Connection, principal: Principal, claim_id: int) -> MdfClaim:
    row = conn.execute(select(mdf_claims).where(mdf_claims.c.id == claim_id)).first()
    if row is None:
        raise ProgramNotFound("MDF claim", claim_id)
    check_visible(principal, "MDF claim", claim_id, row.partner_id)
    return MdfClaim.from_row(row)


def list_claims(conn: Connection, principal: Principal, status: ClaimStatus | None = None,
                request_id: int | None = None) -> list[MdfClaim]:  # fmt: skip
    c = mdf_claims.c
    query = select(mdf_claims).where(c.partner_id == principal.partner_id if principal.is_partner else true())
    if status is not None:
        query = query.where(c.status == status.value)
    if request_id is not None:
        query = query.where(c.request_id == request_id)
    return [MdfClaim.from_row(row) for row in conn.execute(query.order_by(c.claimed_at.desc(), c.id.desc()))]


def approve_claim(conn: Connection, principal: Principal, claim_id: int, now: datetime | None = None) -> MdfClaim:
    require_role(principal, PROGRAM_MANAGERS, "approving MDF claims")
    return _move(conn, principal, claim_id, ClaimStatus.CLAIMED, ClaimStatus.APPROVED, "approve", now)


def reject_claim(conn: Connection, principal: Principal, claim_id: int, reason: str,
                 now: datetime | None = None) -> MdfClaim:  # fmt: skip
    require_role(principal, PROGRAM_MANAGERS, "rejecting MDF claims")
    if not reason.strip():
        raise InvalidProgramInput("reason", "say why the claim is rejected: the partner reads it")
    return _move(conn, principal, claim_id, ClaimStatus.CLAIMED, ClaimStatus.REJECTED, "reject", now, reason.strip())


def reimburse_claim(conn: Connection, principal: Principal, claim_id: int, payment_reference: str,
                    now: datetime | None = None) -> MdfClaim:  # fmt: skip
    """Record the payment of an approved claim, with the reference accounting knows it by."""
    require_role(principal, PAYERS, "reimbursing MDF claims")
    if not payment_reference.strip():
        raise InvalidProgramInput("payment_reference", "give the payment's reference (e.g. the bank transfer id)")
    claim = _move(conn, principal, claim_id, ClaimStatus.APPROVED, ClaimStatus.REIMBURSED, "reimburse", now)
    conn.execute(mdf_claims.update().where(mdf_claims.c.id == claim_id).values(
        reimbursed_at=claim.decided_at, payment_reference=payment_reference.strip()))  # fmt: skip
    return get_claim(conn, principal, claim_id)


def _move(conn: Connection, principal: Principal, claim_id: int, before: ClaimStatus, after: ClaimStatus,
          action: str, now: datetime | None, reason: str | None = None) -> MdfClaim:  # fmt: skip
    lock_row(conn, mdf_claims, claim_id)
    claim = get_claim(conn, principal, claim_id)
    if claim.status is not before:
        raise InvalidTransition("MDF claim", claim_id, action, claim.status.value)
    now = now or datetime.now(UTC)
    values = {"status": after.value, "decided_at": now, "decided_by": principal.email}
    if reason is not None:
        values["decision_reason"] = reason
    conn.execute(mdf_claims.update().where(mdf_claims.c.id == claim_id).values(**values))
    audit_change(conn, ENTITY, claim_id, ("status", before.value, after.value), principal.email, now, reason)
    return get_claim(conn, principal, claim_id)
