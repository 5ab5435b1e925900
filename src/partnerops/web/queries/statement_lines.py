"""One partner's statement lines for a period as a list: searched by deal, account, memo and reason, filtered by
kind and currency, sorted by date or amount, paged and exported, each line with the words that explain it. The
partner's scope is in the query, and so is the currency filter's choice of values."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Connection, Engine, Select, select

from partnerops.commissions.credit_facts import credit_facts, plans_by_version
from partnerops.commissions.explanations import explain_accrual, explain_entry
from partnerops.commissions.ledger import Account, EntryKind
from partnerops.commissions.periods import Period
from partnerops.domain.money import known_currencies
from partnerops.store.commission_tables import (
    commission_credits,
    commission_disputes,
    commission_entries,
    commission_entry_lines,
)
from partnerops.store.tables import accounts, opportunities
from partnerops.web.listing import (
    ANY,
    BadListRequest,
    Column,
    Filter,
    ListPage,
    ListQuery,
    ListSpec,
    fetch_page,
    minor_amount,
)

__all__ = ["STATEMENT_LINES", "StatementLinesPage", "checked_currency", "explainer", "statement_export",
           "statement_line_list", "statement_page"]

Why = Callable[[Mapping[str, Any]], tuple[str, ...]]

STATEMENT_LINES = ListSpec(
    noun="statement lines",
    columns=(Column("id", "Line"), Column("booked_on", "Date"), Column("kind", "Kind"), Column("deal", "Deal"),
             Column("account", "Account"), Column("tier", "Tier"), Column("amount_minor", "Amount"),
             Column("memo", "Detail", sortable=False)),
    default_sort="booked_on",
    search=("deal", "deal_ref", "account", "memo", "reason"),
    # No fixed currencies: the choices are the partner's own (statement_page), never read from the whole table.
    filters=(Filter("kind", "Kind", tuple(k.value for k in EntryKind)), Filter("currency", "Currency")),
    exported=(Column("id", "Line"), Column("booked_on", "Date"), Column("kind", "Kind"), Column("deal", "Deal"),
              Column("deal_ref", "Deal id"), Column("account", "Account"), Column("tier", "Tier"),
              Column("revenue_minor", "Revenue", cell=minor_amount("revenue_minor", "revenue_currency")),
              Column("revenue_currency", "Revenue currency"), Column("rate", "Rate"),
              Column("amount_minor", "Amount", cell=minor_amount()), Column("currency", "Currency"),
              Column("memo", "Memo"), Column("reason", "Reason"), Column("dispute_status", "Dispute")),
    prefix="lines_",
)  # fmt: skip


def statement_line_list(partner_id: int, period: Period) -> Select[Any]:
    """The partner's ledger lines booked in `period`: what each adds to what it is owed (the payable line, its sign
    turned), with the deal, account and credit behind it and the status of the line's latest dispute."""
    e, lines, c, o = commission_entries.c, commission_entry_lines.c, commission_credits.c, opportunities.c
    d = commission_disputes.alias("latest_dispute")
    latest = select(d.c.status).where(d.c.entry_id == e.id).order_by(d.c.id.desc()).limit(1).scalar_subquery()
    return (
        select(e.id, e.booked_on, e.kind, e.memo, e.reason, e.credit_id, o.name.label("deal"),
               o.external_id.label("deal_ref"), accounts.c.name.label("account"), c.tier, c.plan_version,
               c.revenue_minor, c.currency.label("revenue_currency"), c.rate,
               (-lines.amount_minor).label("amount_minor"), lines.currency, latest.label("dispute_status"))
        .join(commission_entry_lines, (lines.entry_id == e.id) & (lines.account == Account.PAYABLE.value))
        .outerjoin(opportunities, o.id == e.opportunity_id)
        .outerjoin(accounts, accounts.c.id == o.account_id)
        .outerjoin(commission_credits, c.id == e.credit_id)
        .where(e.partner_id == partner_id, lines.partner_id == partner_id, e.booked_on >= period.start,
               e.booked_on <= period.end)
    )  # fmt: skip


def checked_currency(wanted: ListQuery) -> ListQuery:
    """`wanted`, refused when its currency filter is not an ISO 4217 code."""
    chosen = dict(wanted.filters).get("currency")
    if chosen is not None and chosen != ANY and chosen not in known_currencies():
        raise BadListRequest(f"currency: {chosen!r} is not a currency code")
    return wanted


@dataclass
class StatementLinesPage(ListPage):
    """A page of a period's statement lines: its export is of the same period."""

    period: str = ""

    def export_url(self) -> str:
        return super().export_url() + "&" + urlencode({"period": self.period})


def statement_page(
    engine: Engine, query: Select[Any], partner_id: int, period: Period, wanted: ListQuery, path: str
) -> StatementLinesPage:
    """A page of `query` (see statement_line_list), each row with its `why`; the currency filter offers the
    currencies of the partner's lines in the period (and the one chosen)."""
    with engine.connect() as conn:
        found = fetch_page(conn, query, STATEMENT_LINES, wanted)
        currency = query.selected_columns["currency"]
        held = set(conn.execute(query.with_only_columns(currency).distinct()).scalars())
        why = explainer(conn, partner_id)
    chosen = found.filter_value("currency")
    choices = {"kind": STATEMENT_LINES.filters[0].choices,
               "currency": tuple(sorted(held | ({chosen} - {"", ANY})))}  # fmt: skip
    rows = [row | {"why": why(row)} for row in found.rows]
    return StatementLinesPage(STATEMENT_LINES, found.wanted, rows, found.total, path, choices, period=period.label)


def statement_export(conn: Connection, partner_id: int) -> ListSpec:
    """The list's spec with each line's explanation as the export's last column."""
    why = explainer(conn, partner_id)
    words = Column("why", "Why", cell=lambda row: "; ".join(why(row)))
    return replace(STATEMENT_LINES, exported=(*STATEMENT_LINES.export_columns, words))


def explainer(conn: Connection, partner_id: int) -> Why:
    """What gives a line's explanation in the words of the earnings page: every rule that shaped an accrual (its
    tier, band, share, conversion and cap), and what a reversal or clawback took back. An adjustment's and a
    payout's memo and reason say it already."""
    plans = plans_by_version(conn)
    facts = credit_facts(conn, partner_id, plans)

    def why(row: Mapping[str, Any]) -> tuple[str, ...]:
        kind = EntryKind(row["kind"])
        accrued = facts.get(row["credit_id"]) if kind is EntryKind.ACCRUAL else None
        if accrued is not None:
            return tuple(explain_accrual(accrued, plans.get(row["plan_version"] or "")))
        if kind in (EntryKind.REVERSAL, EntryKind.CLAWBACK):
            return (explain_entry(kind, row["reason"], row["memo"]),)
        return ()

    return why
