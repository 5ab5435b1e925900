"""The proposal tools: each creates a proposal through the same API function a person's request goes through,
in the caller's scope, and nothing takes effect until a person with the right role approves it in its queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, select

from partnerops.api.dependencies import require_roles
from partnerops.api.validation import money_in
from partnerops.domain.enums import TouchType
from partnerops.domain.roles import Role
from partnerops.mcp.callers import Caller
from partnerops.mcp.proposals import propose
from partnerops.mcp.read_tools import resolve
from partnerops.mcp.shapes import partner_names, plain
from partnerops.mcp.tier_proposals import propose_tier
from partnerops.program import mdf_requests
from partnerops.program.mdf_model import MdfRequest, RequestInput
from partnerops.registrations import service as registrations
from partnerops.registrations.model import Registration, RegistrationInput
from partnerops.store.tables import opportunities, partners, touches
from partnerops.touches.review import ClaimedTouch, claim_touch

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
    form = RegistrationInput(
        company_name=deal.company_name, estimated_amount=money_in(deal.estimated_amount, deal.currency,
                                                                  "estimated_amount"),
        estimated_close_on=deal.estimated_close_on, domain=deal.domain or None, contact_name=deal.contact_name or None,
        contact_email=deal.contact_email or None, notes=deal.notes or None,
        partner_id=_form_partner(engine, caller, deal.partner),
    )  # fmt: skip
    found: list[Registration] = []

    def create() -> int:
        found.append(registrations.submit_registration_once(engine, caller.principal, form, None).registration)
        return found[0].id

    propose(engine, caller, "register_deal", "registration", per_day, create)
    return {"proposed": "deal registration", "status": found[0].status.value, "note": PENDING_NOTE,
            "registration": _with_partner(engine, plain(found[0]))}  # fmt: skip


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
    claim = ClaimedTouch(partner_id, resolve(engine, caller, "opportunity", opportunity), touch_type, touched_on,
                         evidence)  # fmt: skip
    found: list[dict[str, Any]] = []

    def create() -> int:
        with engine.begin() as conn:
            touch_id = claim_touch(conn, principal, claim)
            found.append(_touch(conn, touch_id))
        return touch_id

    propose(engine, caller, "propose_touch", "touch", per_day, create)
    return {"proposed": "touch", "status": found[0]["status"], "note": PENDING_NOTE, "touch": found[0]}


def _touch(conn: Connection, touch_id: int) -> dict[str, Any]:
    t, o, p = touches.c, opportunities.c, partners.c
    row = conn.execute(
        select(t.id, t.external_id, p.external_id.label("partner"), o.external_id.label("opportunity"), t.type,
               t.touched_on, t.actor, t.evidence, t.status)
        .join_from(touches, partners, p.id == t.partner_id).join(opportunities, o.id == t.opportunity_id)
        .where(t.id == touch_id)
    ).one()  # fmt: skip
    return dict(plain(dict(row._mapping)))


def _with_partner(engine: Engine, shown: dict[str, Any]) -> dict[str, Any]:
    """A record's plain form with its partner named by external id beside the row id."""
    with engine.connect() as conn:
        return shown | {"partner": partner_names(conn, {int(shown["partner_id"])})[int(shown["partner_id"])]}


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
    form = RequestInput(draft.period, draft.title, draft.plan, money_in(draft.budget, draft.currency, "budget"),
                        draft.starts_on, draft.ends_on)  # fmt: skip
    partner_id = _form_partner(engine, caller, draft.partner)
    found: list[MdfRequest] = []

    def create() -> int:
        with engine.begin() as conn:
            found.append(mdf_requests.submit_request(conn, caller.principal, form, partner_id))
        return found[0].id

    propose(engine, caller, "draft_mdf_request", "mdf_request", per_day, create)
    return {"proposed": "MDF request", "status": found[0].status.value, "note": PENDING_NOTE,
            "mdf_request": _with_partner(engine, plain(found[0]))}  # fmt: skip
