"""Answers about the asker's own commissions, disputes, MDF balance, tier and referral link."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from partnerops.assistant.answers import Answer, Intent, Question, Source, SourceKind
from partnerops.assistant.asker import Asker
from partnerops.assistant.program_figures import figure_source, partner_figure, unavailable
from partnerops.domain.money import Money


def commissions(engine: Engine, asker: Asker, question: Question) -> Answer:
    summary = partner_figure(engine, asker, Intent.COMMISSIONS, question.today)
    if summary is None:
        return unavailable(Intent.COMMISSIONS, asker)
    lines = [
        f"Earned: {_amounts(summary.earned)}.",
        f"Pending (earned, not paid yet): {_amounts(summary.pending)}.",
        f"Paid: {_amounts(summary.paid)}.",
        _next_payout(summary.next_payout),
        f"Open disputes: {summary.open_disputes}" + (f" ({_amounts(summary.disputed)})." if summary.disputed else "."),
    ]
    return _figure_answer(Intent.COMMISSIONS, asker, lines, "Your commission ledger")


def disputes(engine: Engine, asker: Asker, question: Question) -> Answer:
    summary = partner_figure(engine, asker, Intent.DISPUTES, question.today)
    if summary is None:
        return unavailable(Intent.DISPUTES, asker)
    count = summary.open_disputes
    line = f"You have {count} open commission dispute{'s' if count != 1 else ''}"
    line += f", for {_amounts(summary.disputed)}." if count and summary.disputed else "."
    return _figure_answer(Intent.DISPUTES, asker, [line], "Your commission disputes")


def mdf_balance(engine: Engine, asker: Asker, question: Question) -> Answer:
    balances = partner_figure(engine, asker, Intent.MDF_BALANCE, question.today)
    if balances is None:
        return unavailable(Intent.MDF_BALANCE, asker)
    if not balances:
        return _figure_answer(Intent.MDF_BALANCE, asker, ["You have no MDF allocated and no requests."], "Your MDF")
    lines = [
        f"MDF in {b.currency}: {b.remaining} remaining of {b.allocated} allocated; {b.committed} committed to "
        f"approved requests, {b.requested} awaiting a decision, {b.claimed} claimed, {b.reimbursed} reimbursed."
        for b in balances.values()
    ]
    return _figure_answer(Intent.MDF_BALANCE, asker, lines, "Your MDF balance")


def tier(engine: Engine, asker: Asker, question: Question) -> Answer:
    gap = partner_figure(engine, asker, Intent.TIER, question.today)
    current = asker.partner_tier or "no tier"
    if gap is None:
        if not asker.is_partner:
            return unavailable(Intent.TIER, asker)
        line = f"Your tier is {current}. What is missing for the next tier is not available in this installation yet."
        return Answer(Intent.TIER, line, (_partner_source(asker),), facts=(line,))
    lines = [f"Your tier is {current}.", _gap_text(gap), f"(Tier criteria version {gap.criteria_version}.)"]
    return _figure_answer(Intent.TIER, asker, lines, "Your tier review")


def referral_link(engine: Engine, asker: Asker, question: Question) -> Answer:
    """The link is derived, not stored: {base_url}/r/{the partner's external id}."""
    if asker.partner_external_id is None:
        return unavailable(Intent.REFERRAL_LINK, asker)
    link = f"{question.base_url.rstrip('/')}/r/{asker.partner_external_id}"
    line = f"Your referral link is {link} — prospects who sign up through it are attributed to you."
    return Answer(Intent.REFERRAL_LINK, line, (_partner_source(asker),), facts=(line,))


def _gap_text(gap: Any) -> str:
    """The tiers feature's gap: the next tier and, per criterion, what is required and what the partner has."""
    if gap.next_tier is None:
        return f"Your figures earn {gap.earned_tier}; you are at the top tier."
    checks = [
        f"{c.criterion.replace('_', ' ')}: {c.required} required ({gap.currency})" if "revenue" in c.criterion
        else f"{c.criterion.replace('_', ' ')}: {c.required} required"
        for c in gap.checks
    ]  # fmt: skip
    shown = [f"{text}, you have {c.actual}" + ("" if c.met else f", {c.missing} missing")
             for text, c in zip(checks, gap.checks, strict=True)]  # fmt: skip
    return f"Your figures earn {gap.earned_tier}. For {gap.next_tier}: " + "; ".join(shown) + "."


def _amounts(figures: dict[str, Money]) -> str:
    return ", ".join(str(money) for _, money in sorted(figures.items())) or "nothing"


def _next_payout(payout: Any) -> str:
    if payout is None:
        return "No payout is scheduled for you yet."
    return f"Next payout: {_amounts(payout.amounts)} on {payout.pay_on} (batch #{payout.batch_id}, {payout.status})."


def _partner_source(asker: Asker) -> Source:
    return Source(SourceKind.PARTNER, asker.partner_id or 0, f"Partner record: {asker.partner_name}")


def _figure_answer(intent: Intent, asker: Asker, lines: list[str], label: str) -> Answer:
    return Answer(intent, "\n".join(lines), (figure_source(intent, asker, label),), facts=tuple(lines))
