"""MDF requests and claims as the two lists of the MDF approvals page: pending requests and claims still to approve
or reimburse by default, each searchable, filterable, sortable, paged and exported; internal users see every
partner's. The portal's MDF page lists a partner's own, scoped in SQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, select

from partnerops.program.mdf_model import ClaimStatus, RequestStatus
from partnerops.store.program_tables import mdf_claims, mdf_requests
from partnerops.store.tables import partners
from partnerops.web.listing import Column, Filter, ListSpec, minor_amount

MDF_REQUESTS = ListSpec(
    noun="MDF requests",
    columns=(Column("title", "Activity"), Column("partner", "Partner"), Column("plan", "Plan", sortable=False),
             Column("budget_minor", "Budget"), Column("starts_on", "Dates"), Column("submitted_at", "Submitted")),
    default_sort="-submitted_at",
    search=("title", "partner", "plan", "period"),
    filters=(Filter("status", "Status", tuple(s.value for s in RequestStatus), default=RequestStatus.PENDING.value),),
    exported=(Column("id", "Request"), Column("title", "Activity"), Column("partner", "Partner"),
              Column("partner_ref", "Partner id"), Column("period", "Period"), Column("plan", "Plan"),
              Column("budget_minor", "Budget", cell=minor_amount("budget_minor")), Column("currency", "Currency"),
              Column("starts_on", "Starts"), Column("ends_on", "Ends"), Column("status", "Status"),
              Column("submitted_at", "Submitted"), Column("decision_reason", "Decision reason")),
    prefix="requests_",
)  # fmt: skip
# "open": a claim still waiting for a step (claimed: for a partner manager, approved: for finance to pay).
OPEN = "open"
MDF_CLAIMS = ListSpec(
    noun="MDF claims",
    columns=(Column("id", "Claim"), Column("partner", "Partner"), Column("amount_minor", "Amount"),
             Column("proof_reference", "Proof of performance"), Column("status", "Status"),
             Column("claimed_at", "Claimed")),
    default_sort="-claimed_at",
    search=("partner", "proof_reference", "proof_description", "request_title"),
    filters=(Filter("stage", "Stage", (OPEN, ClaimStatus.REJECTED.value, ClaimStatus.REIMBURSED.value), default=OPEN),),
    exported=(Column("id", "Claim"), Column("request_id", "Request"), Column("request_title", "Activity"),
              Column("partner", "Partner"), Column("partner_ref", "Partner id"),
              Column("amount_minor", "Amount", cell=minor_amount()), Column("currency", "Currency"),
              Column("proof_reference", "Proof reference"), Column("proof_description", "Proof description"),
              Column("status", "Status"), Column("claimed_at", "Claimed"), Column("payment_reference", "Payment")),
    prefix="claims_",
)  # fmt: skip


def request_list() -> Select[Any]:
    r = mdf_requests.c
    return (
        select(r.id, r.title, r.period, r.plan, r.budget_minor, r.currency, r.starts_on, r.ends_on, r.status,
               r.submitted_at, r.decision_reason, r.partner_id, partners.c.name.label("partner"),
               partners.c.external_id.label("partner_ref"))
        .join(partners, partners.c.id == r.partner_id)
    )  # fmt: skip


def claim_list() -> Select[Any]:
    """Claims with their partner and request; `stage` is open while a claim waits for a step (claimed or approved)."""
    c = mdf_claims.c
    waiting = c.status.in_((ClaimStatus.CLAIMED.value, ClaimStatus.APPROVED.value))
    return (
        select(c.id, c.request_id, mdf_requests.c.title.label("request_title"), c.amount_minor, c.currency,
               c.proof_reference, c.proof_description, c.status, case((waiting, OPEN), else_=c.status).label("stage"),
               c.claimed_at, c.payment_reference, c.partner_id, partners.c.name.label("partner"),
               partners.c.external_id.label("partner_ref"))
        .join(partners, partners.c.id == c.partner_id)
        .join(mdf_requests, mdf_requests.c.id == c.request_id)
    )  # fmt: skip


# The portal's two lists of a partner's own requests and claims: every status at first, newest first.
MY_MDF_REQUESTS = ListSpec(
    noun="MDF requests",
    columns=(Column("title", "Activity"), Column("budget_minor", "Budget"), Column("starts_on", "Dates"),
             Column("status", "Status"), Column("submitted_at", "Submitted")),
    default_sort="-submitted_at",
    search=("title", "plan", "period", "decision_reason"),
    filters=(Filter("status", "Status", tuple(s.value for s in RequestStatus)),),
    exported=(Column("id", "Request"), Column("title", "Activity"), Column("period", "Period"),
              Column("plan", "Plan"), Column("budget_minor", "Budget", cell=minor_amount("budget_minor")),
              Column("currency", "Currency"), Column("starts_on", "Starts"), Column("ends_on", "Ends"),
              Column("status", "Status"), Column("submitted_at", "Submitted"),
              Column("decision_reason", "Decision reason")),
    prefix="requests_",
)  # fmt: skip
MY_MDF_CLAIMS = ListSpec(
    noun="MDF claims",
    columns=(Column("id", "Claim"), Column("request_title", "Activity"), Column("amount_minor", "Amount"),
             Column("proof_reference", "Proof", sortable=False), Column("status", "Status"),
             Column("claimed_at", "Claimed")),
    default_sort="-claimed_at",
    search=("request_title", "proof_reference", "proof_description", "payment_reference", "decision_reason"),
    filters=(Filter("status", "Status", tuple(s.value for s in ClaimStatus)),),
    exported=(Column("id", "Claim"), Column("request_id", "Request"), Column("request_title", "Activity"),
              Column("amount_minor", "Amount", cell=minor_amount()), Column("currency", "Currency"),
              Column("proof_reference", "Proof reference"), Column("proof_description", "Proof description"),
              Column("status", "Status"), Column("claimed_at", "Claimed"), Column("decision_reason", "Decision reason"),
              Column("payment_reference", "Payment")),
    prefix="claims_",
)  # fmt: skip


def own_request_list(partner_id: int) -> Select[Any]:
    """Partner `partner_id`'s requests alone: the scope is in the query, so every search, filter, page and export
    of the list stays within it."""
    r = mdf_requests.c
    return select(r.id, r.title, r.period, r.plan, r.budget_minor, r.currency, r.starts_on, r.ends_on, r.status,
                  r.submitted_at, r.decision_reason).where(r.partner_id == partner_id)  # fmt: skip


def own_claim_list(partner_id: int) -> Select[Any]:
    """Partner `partner_id`'s claims alone, each with its request's activity (scoped as own_request_list)."""
    c, r = mdf_claims.c, mdf_requests.c
    return (
        select(c.id, c.request_id, r.title.label("request_title"), c.amount_minor, c.currency, c.proof_reference,
               c.proof_description, c.status, c.claimed_at, c.decision_reason, c.payment_reference)
        .join(mdf_requests, r.id == c.request_id)
        .where(c.partner_id == partner_id, r.partner_id == partner_id)
    )  # fmt: skip
