"""A question that asks for something to be done becomes a draft: the form a person would fill, filled in, with
the choices the person may make (only records the person may see). A draft creates nothing; the person confirms
it, and only then does it land in its review queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from sqlalchemy import Connection, func, or_, select

from partnerops.analytics.live import live_opportunity, live_partner
from partnerops.assistant.proposal_text import close_day, read_deal, read_touch, spelled_amount
from partnerops.auth.scope import opportunity_scope, partner_scope
from partnerops.domain.enums import TouchType
from partnerops.domain.roles import Principal
from partnerops.store.tables import accounts, opportunities, partners

__all__ = ["CHOICES_SHOWN", "Draft", "draft_for"]

CHOICES_SHOWN = 20
MEDIUM_TYPES = {"call": TouchType.JOINT_CALL, "meeting": TouchType.JOINT_CALL, "demo": TouchType.POC,
                "workshop": TouchType.TECHNICAL_VALIDATION}  # fmt: skip


@dataclass(frozen=True)
class Draft:
    """A filled form: field -> text, the choices offered for some fields as (external id, label), and what the
    person still has to complete."""

    kind: Literal["registration", "touch"]
    fields: dict[str, str]
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


def draft_for(conn: Connection, principal: Principal, question: str, today: date) -> Draft | None:
    """The draft a question asks for, or None when it asks a question rather than for an action."""
    if (touch := _touch_draft(conn, principal, question, today)) is not None:
        return touch
    return _registration_draft(principal, question, today)


def _registration_draft(principal: Principal, question: str, today: date) -> Draft | None:
    asked = read_deal(question)
    if asked is None:
        return None
    day = close_day(asked.close_text, today) if asked.close_text else None
    fields = {"company_name": asked.company, "estimated_amount": spelled_amount(asked.amount_text),
              "currency": asked.currency or "USD", "estimated_close_on": day.isoformat() if day else "",
              "domain": "", "contact_name": "", "contact_email": "", "notes": ""}  # fmt: skip
    problems = () if day else ("Say when the deal is expected to close (the expected close date).",)
    if principal.is_partner:
        return Draft("registration", fields, {}, problems)
    return Draft("registration", fields | {"partner": ""}, {}, problems + (
        "Name the partner that registers the deal (its external id).",))  # fmt: skip


def _touch_draft(conn: Connection, principal: Principal, question: str, today: date) -> Draft | None:
    asked = read_touch(question)
    if asked is None:
        return None
    kind = MEDIUM_TYPES.get(asked.medium, TouchType.JOINT_CALL)
    partner_choices = _partners(conn, principal, asked.partner)
    deal_choices = _deals(conn, principal, asked.deal)
    problems: list[str] = []
    if principal.is_partner and partner_choices and not _is_own(partner_choices, asked.partner):
        problems.append(f"You can propose touches for your own partner only; {partner_choices[0][1]} is filled in.")
    elif not partner_choices:
        problems.append("No partner you may see answers to that name: choose one.")
        partner_choices = _partners(conn, principal, "")
    if not deal_choices:
        problems.append("No deal you may see answers to that name: give the deal's id.")
    elif len(deal_choices) > 1:
        problems.append("Several deals you may see answer to that name: choose one.")
    fields = {"partner": partner_choices[0][0] if partner_choices else "",
              "opportunity": deal_choices[0][0] if len(deal_choices) == 1 else "",
              "type": kind.value, "touched_on": asked.touched_text or today.isoformat(), "evidence": asked.passage}
    return Draft("touch", fields, {"partner": partner_choices, "opportunity": deal_choices}, tuple(problems))


def _is_own(choices: list[tuple[str, str]], named: str) -> bool:
    wanted = named.strip().lower()
    return bool(choices) and wanted in {choices[0][0].lower(), choices[0][1].lower()}


def _partners(conn: Connection, principal: Principal, named: str) -> list[tuple[str, str]]:
    """Partners the principal may see that answer to NAMED (for a partner's user: only its own partner)."""
    p = partners.c
    query = select(p.external_id, p.name).where(partner_scope(principal), live_partner())
    if named.strip() and not principal.is_partner:
        wanted = named.strip().lower()
        query = query.where(or_(func.lower(p.name).contains(wanted, autoescape=True),
                                func.lower(p.external_id) == wanted))  # fmt: skip
    return [(str(r.external_id), str(r.name)) for r in conn.execute(query.order_by(p.name).limit(CHOICES_SHOWN))]


def _deals(conn: Connection, principal: Principal, named: str) -> list[tuple[str, str]]:
    """Deals the principal may see whose name, account name or external id answers to NAMED."""
    o, a, wanted = opportunities.c, accounts.c, named.strip().lower()
    query = (
        select(o.external_id, o.name).join_from(opportunities, accounts, a.id == o.account_id, isouter=True)
        .where(opportunity_scope(principal), live_opportunity(),
               or_(func.lower(o.name).contains(wanted, autoescape=True), func.lower(o.external_id) == wanted,
                   func.lower(a.name).contains(wanted, autoescape=True)))
        .order_by(o.name).limit(CHOICES_SHOWN)
    )  # fmt: skip
    return [(str(r.external_id), str(r.name)) for r in conn.execute(query)]
