"""The proposal tools: each creates a proposal through the same API function a person's request goes through,
in the caller's scope, and nothing takes effect until a person with the right role approves it in its queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import Response
from sqlalchemy import Engine

from partnerops.api.dependencies import require_roles
from partnerops.api.routes import mdf as mdf_api
from partnerops.api.routes import registrations as registrations_api
from partnerops.api.routes import touches as touches_api
from partnerops.domain.enums import TouchType
from partnerops.domain.roles import Role
from partnerops.mcp.callers import Caller
from partnerops.mcp.proposals import propose
from partnerops.mcp.read_tools import resolve
from partnerops.mcp.tier_proposals import propose_tier

__all__ = ["Deal", "MdfDraft", "draft_mdf_request", "propose_tier_change", "propose_touch", "register_deal"]

# Who may claim a touch through the API (a partner's user for its own partner; managers for any).
CLAIMANTS = (Role.ADMIN, Role.PARTNER_MANAGER, Role.PARTNER_USER)
PENDING_NOTE = "Nothing changes until a person approves it in the review queue."


@dataclass(frozen=True)
class Deal:
    company_name: str
    estimated_amount: Decimal
    currency: str
    estimated_close_on: date
    domain: str = ""
    contact_name: str = ""
    contact_email: str = ""
    notes: str = ""
    partner: str = ""


def _partner_id(engine: Engine, caller: Caller, partner: str) -> int | None:
    """The partner named (in scope); a partner user's own when it names none."""
    if partner.strip():
        return resolve(engine, caller, "partner", partner)
    return caller.principal.partner_id


def _form_partner(engine: Engine, caller: Caller, partner: str) -> int | None:
    """The partner_id a form carries: none for a partner user (the API fills in its own, and a partner it names
    must be that one), the named partner for staff."""
    named = _partner_id(engine, caller, partner)
    return None if caller.principal.is_partner else named


def register_deal(engine: Engine, caller: Caller, deal: Deal, per_day: int) -> dict[str, Any]:
    body = registrations_api.RegistrationIn(
        company_name=deal.company_name, estimated_amount=deal.estimated_amount, currency=deal.currency,
        estimated_close_on=deal.estimated_close_on, domain=deal.domain, contact_name=deal.contact_name,
        contact_email=deal.contact_email, notes=deal.notes,
        partner_id=_form_partner(engine, caller, deal.partner),
    )  # fmt: skip
    found: list[registrations_api.RegistrationOut] = []

    def create() -> int:
        found.append(registrations_api.submit(body, engine, caller.principal, Response(), idempotency_key=None))
        return found[0].id

    propose(engine, caller, "register_deal", "registration", per_day, create)
    return {"proposed": "deal registration", "status": found[0].status.value, "note": PENDING_NOTE,
            "registration": found[0].model_dump(mode="json")}  # fmt: skip


def propose_touch(engine: Engine, caller: Caller, opportunity: str, partner: str, touch_type: TouchType,
                  touched_on: date, passage: str, source: str, per_day: int) -> dict[str, Any]:  # fmt: skip
    """A claimed touch whose evidence is the transcript passage (and where it was said)."""
    principal = require_roles(*CLAIMANTS)(caller.grant)
    if not passage.strip():
        raise ValueError("passage: quote what was said that shows the partner's part")
    partner_id = _partner_id(engine, caller, partner)
    if partner_id is None:
        raise ValueError("partner: name the partner the passage credits")
    evidence = passage.strip() if not source.strip() else f"{passage.strip()}\n(source: {source.strip()})"
    deal = resolve(engine, caller, "opportunity", opportunity)
    body = touches_api.ClaimIn(partner_id=partner_id, opportunity_id=deal, type=touch_type, touched_on=touched_on,
                               evidence=evidence)  # fmt: skip
    found: list[touches_api.TouchOut] = []

    def create() -> int:
        found.append(touches_api.claim(body, engine, principal))
        return found[0].id

    propose(engine, caller, "propose_touch", "touch", per_day, create)
    return {"proposed": "touch", "status": found[0].status, "note": PENDING_NOTE,
            "touch": found[0].model_dump(mode="json")}  # fmt: skip


def propose_tier_change(engine: Engine, caller: Caller, partner: str, tier: str, reason: str,
                        per_day: int) -> dict[str, Any]:  # fmt: skip
    partner_id = resolve(engine, caller, "partner", partner)
    found: list[dict[str, Any]] = []

    def create() -> int:
        with engine.begin() as conn:
            found.append(propose_tier(conn, caller.principal, partner_id, tier, reason))
        return int(found[0]["id"])

    propose(engine, caller, "propose_tier_change", "tier_review", per_day, create)
    return {"proposed": "tier change", "status": found[0]["status"], "note": PENDING_NOTE, "tier_review": found[0]}


@dataclass(frozen=True)
class MdfDraft:
    title: str
    plan: str
    budget: Decimal
    currency: str
    period: str
    starts_on: date
    ends_on: date
    partner: str = ""


def draft_mdf_request(engine: Engine, caller: Caller, draft: MdfDraft, per_day: int) -> dict[str, Any]:
    body = mdf_api.RequestIn(
        period=draft.period, title=draft.title, plan=draft.plan, budget=draft.budget, currency=draft.currency,
        starts_on=draft.starts_on, ends_on=draft.ends_on,
        partner_id=_form_partner(engine, caller, draft.partner),
    )  # fmt: skip
    found: list[mdf_api.RequestOut] = []

    def create() -> int:
        found.append(mdf_api.submit_request(body, engine, caller.principal))
        return found[0].id

    propose(engine, caller, "draft_mdf_request", "mdf_request", per_day, create)
    return {"proposed": "MDF request", "status": found[0].status.value, "note": PENDING_NOTE,
            "mdf_request": found[0].model_dump(mode="json")}  # fmt: skip
