"""A partner's attributed pipeline and wins, overall and this quarter, from the latest attribution run. Deleted
deals are left out; a deal of unknown amount is counted, left out of the sum, and said to be."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, Engine, select

from partnerops.analytics.live import live_opportunity
from partnerops.assistant.answers import Answer, Intent, Question, Source, SourceKind
from partnerops.assistant.asker import Asker
from partnerops.assistant.scoped_records import deal_link, latest_run_id
from partnerops.domain.enums import Outcome
from partnerops.domain.money import Money
from partnerops.store.tables import attribution_results, opportunities

MAX_LISTED = 10


@dataclass(frozen=True)
class AttributedDeal:
    id: int
    ref: str  # its id in the CRM
    name: str
    outcome: str
    tier: str
    amount: Money | None  # None: not known yet
    closed_on: date | None
    expected_close_on: date | None
    created_on: date


def attributed_pipeline(engine: Engine, asker: Asker, question: Question) -> Answer:
    with engine.connect() as conn:
        run, deals = _attributed(conn, asker)
    shown = [d for d in deals if d.outcome in (Outcome.OPEN, Outcome.WON)]
    lines = [_total_line("Open pipeline", _of(shown, Outcome.OPEN)), _total_line("Won", _of(shown, Outcome.WON))]
    return _answer(Intent.ATTRIBUTED, run, lines, shown)


def quarter_pipeline(engine: Engine, asker: Asker, question: Question) -> Answer:
    start, end = quarter_of(question.today)
    with engine.connect() as conn:
        run, deals = _attributed(conn, asker)
    open_in = [d for d in _of(deals, Outcome.OPEN) if start <= (d.expected_close_on or d.created_on) <= end]
    won_in = [d for d in _of(deals, Outcome.WON) if d.closed_on and start <= d.closed_on <= end]
    label = f"{start.year} Q{(start.month - 1) // 3 + 1} ({start} to {end})"
    lines = [
        f"This quarter is {label}.",
        _total_line("Open pipeline expected to close this quarter", open_in),
        _total_line("Won this quarter", won_in),
    ]
    return _answer(Intent.QUARTER_PIPELINE, run, lines, open_in + won_in)


def quarter_of(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def _attributed(conn: Connection, asker: Asker) -> tuple[int | None, list[AttributedDeal]]:
    """The asker's own partner's attribution rows only, joined to their deals."""
    o, r = opportunities.c, attribution_results.c
    run = latest_run_id(conn)
    query = (
        select(o.id, o.external_id, o.name, o.outcome, r.tier, o.amount_minor, o.currency, o.closed_on,
               o.expected_close_on, o.created_on)  # fmt: skip
        .join(opportunities, o.id == r.opportunity_id)
        .where(r.partner_id == asker.partner_id, r.run_id == run, live_opportunity())
        .order_by(o.created_on.desc(), o.id.desc())
    )
    deals = [
        AttributedDeal(row.id, row.external_id, row.name, row.outcome, row.tier,
                       None if row.amount_minor is None else Money.from_minor(row.amount_minor, row.currency),
                       row.closed_on, row.expected_close_on, row.created_on)
        for row in conn.execute(query)
    ]  # fmt: skip
    return run, deals


def _of(deals: list[AttributedDeal], outcome: Outcome) -> list[AttributedDeal]:
    return [d for d in deals if d.outcome == outcome.value]


def _total_line(label: str, deals: list[AttributedDeal]) -> str:
    if not deals:
        return f"{label}: no deals."
    totals: dict[str, Decimal] = {}
    for amount in (deal.amount for deal in deals if deal.amount is not None):
        totals[amount.currency] = totals.get(amount.currency, Decimal(0)) + amount.amount
    money = ", ".join(str(Money(totals[currency], currency)) for currency in sorted(totals))
    unknown = sum(deal.amount is None for deal in deals)
    if unknown and money:
        money += f" (and {unknown} deal{'s' if unknown != 1 else ''} whose amount is not known yet)"
    elif unknown:
        money = "amount not known yet"
    tiers = Counter(deal.tier.replace("_", "-") for deal in deals)
    mix = ", ".join(f"{count} {tier}" for tier, count in sorted(tiers.items()))
    return f"{label}: {len(deals)} deal{'s' if len(deals) != 1 else ''}, {money} ({mix})."


def _answer(intent: Intent, run: int | None, lines: list[str], deals: list[AttributedDeal]) -> Answer:
    if run is None:
        lines = ["No attribution run has been made yet, so no deal is attributed to you."]
    sources = [Source(SourceKind.ATTRIBUTION_RUN, run, f"Attribution run #{run}")] if run is not None else []
    sources += [
        Source(SourceKind.OPPORTUNITY, d.id, f"Deal {d.ref} {d.name}", deal_link(d.ref))
        for d in deals[:MAX_LISTED]
    ]
    return Answer(intent, "\n".join(lines), tuple(sources), facts=tuple(lines))
