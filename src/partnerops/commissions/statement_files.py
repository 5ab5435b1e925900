"""A statement as files: CSV (one row per line) and a printable HTML page (print CSS, no outside assets)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from jinja2 import Environment, PackageLoader, select_autoescape

from partnerops.commissions.statements import Statement

__all__ = ["STATEMENT_COLUMNS", "statement_csv", "statement_html"]

STATEMENT_COLUMNS = ("line", "booked_on", "kind", "deal", "tier", "revenue", "rate", "amount", "currency", "memo",
                     "reason", "dispute")  # fmt: skip

_environment = Environment(
    loader=PackageLoader("partnerops.commissions", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def statement_csv(statement: Statement) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STATEMENT_COLUMNS)
    for line in statement.lines:
        writer.writerow([
            line.entry_id, line.booked_on.isoformat(), line.kind, line.deal or "", line.tier or "",
            line.revenue.amount if line.revenue else "", f"{line.rate:.4f}" if line.rate is not None else "",
            line.amount.amount, line.amount.currency, line.memo, line.reason or "", line.dispute_status or "",
        ])  # fmt: skip
    return out.getvalue()


def statement_html(statement: Statement) -> str:
    """A standalone page: it prints on A4 with the table's header repeated on every page."""
    template = _environment.get_template("statement.html.j2")
    return template.render(statement=statement, generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
