""""Where is my registration / deal?": found by id or by name among the asker's own records only.

A record outside the asker's scope is never looked at, so the answer for another partner's deal is the
same as for a deal that does not exist, and it does not repeat the name asked for.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine

from partnerops.assistant.answers import Answer, Intent, Question, Source, SourceKind
from partnerops.assistant.asker import Asker
from partnerops.assistant.intents import DEAL_NUMBER, REGISTRATION_NUMBER
from partnerops.assistant.scoped_records import Deal, deal_link, named_deal, own_tiers, visible_deals
from partnerops.registrations.model import Registration
from partnerops.registrations.service import list_registrations

MAX_SHOWN = 5


def record_status(engine: Engine, asker: Asker, question: Question) -> Answer:
    registrations = _matching_registrations(list_registrations(engine, asker.principal), question.text)
    with engine.connect() as conn:
        deals = _matching_deals(visible_deals(conn, asker.principal), question.text)
        tiers = own_tiers(conn, asker.partner_id, [d.id for d in deals]) if asker.partner_id else {}
    if not registrations and not deals:
        return Answer(Intent.RECORD_STATUS, _none_found(asker), grounded=False)
    lines = [_registration_line(r) for r in registrations] + [_deal_line(d, tiers.get(d.id)) for d in deals]
    sources = tuple(_registration_source(r, asker) for r in registrations) + tuple(_deal_source(d) for d in deals)
    return Answer(Intent.RECORD_STATUS, "\n".join(lines), sources, facts=tuple(lines))


def _matching_registrations(found: list[Registration], question: str) -> list[Registration]:
    ids = {int(n) for n in REGISTRATION_NUMBER.findall(question)}
    text = question.lower()
    return [r for r in found if r.id in ids or _names(r.company_name, text)][:MAX_SHOWN]


def _matching_deals(found: list[Deal], question: str) -> list[Deal]:
    ids = {int(n) for n in DEAL_NUMBER.findall(question)}
    text = question.lower()
    by_ref = {d.id for d in named_deal(found, question)}
    ids = by_ref or ids  # a CRM id named wins over a number that might be another deal's
    return [d for d in found if d.id in ids or _names(d.name, text) or _names(d.account, text)][:MAX_SHOWN]


def _names(name: str, text: str) -> bool:
    """The record's name appears whole in the question (short names would match by accident)."""
    name = name.strip().lower()
    return len(name) >= 4 and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _registration_line(r: Registration) -> str:
    line = f"Registration #{r.id} for {r.company_name}: {r.status.value}, submitted {r.submitted_at.date()}"
    if r.decision_reason:
        line += f" (reason: {r.decision_reason})"
    line += f"; it expires on {r.expires_on}."
    return line + (" It is flagged with a conflict for the partner manager." if r.conflicts else "")


def _deal_line(d: Deal, tier: str | None) -> str:
    when = f"closed {d.closed_on}" if d.closed_on else f"expected to close {d.expected_close_on or 'unknown'}"
    credit = f"your attribution: {tier.replace('_', '-')}" if tier else "not attributed to you in the latest run"
    amount = d.amount or "amount unknown"
    return f"Deal {d.ref} {d.name} ({d.account}): {d.outcome}, stage {d.stage}, {amount}, {when}; {credit}."


def _none_found(asker: Asker) -> str:
    whose = "your" if asker.is_partner else "the"
    return (
        f"I found none of {whose} registrations or deals matching that question. Name the company or deal as it "
        f"was registered, or give its number (for example \"registration 12\"); or ask {asker.contact}."
    )


def _registration_source(r: Registration, asker: Asker) -> Source:
    link = f"/portal/registrations/{r.id}" if asker.is_partner else "/registrations"
    return Source(SourceKind.REGISTRATION, r.id, f"Registration #{r.id} {r.company_name}", link)


def _deal_source(d: Deal) -> Source:
    return Source(SourceKind.OPPORTUNITY, d.id, f"Deal {d.ref} {d.name}", deal_link(d.ref))
