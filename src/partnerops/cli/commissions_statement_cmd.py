"""`partnerops commissions statement | export`: a partner's statement and the accounting journal, printed or
written to a file."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from partnerops.cli.commissions_options import PartnerRef, expected_errors
from partnerops.cli.context import console, find_named, open_engine, user_errors

if TYPE_CHECKING:
    from partnerops.commissions.statements import Statement


class StatementFormat(StrEnum):
    table = "table"
    csv = "csv"
    html = "html"
    pdf = "pdf"


def statement_command(
    partner: PartnerRef,
    period: Annotated[str, typer.Option(metavar="PERIOD", help="2026-Q3, 2026-07 or 2026.")],
    output: Annotated[StatementFormat, typer.Option("--format", help="table, csv, html (printable) or pdf (needs "
                                                    "--out).")] = StatementFormat.table,
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of the terminal.")] = None,
) -> None:
    """A partner's statement for a period: opening balance, every line, closing balance."""
    from partnerops.commissions.periods import parse_period
    from partnerops.commissions.statement_files import statement_csv, statement_html, statement_pdf
    from partnerops.commissions.statements import partner_statement

    with user_errors(*expected_errors()), open_engine().connect() as conn:
        statement = partner_statement(conn, find_named(conn, "partner", partner).id, parse_period(period))
    if output is StatementFormat.table:
        _print_statement(statement)
        return
    if output is StatementFormat.pdf:
        if out is None:
            raise typer.BadParameter("a PDF goes to a file: add --out statement.pdf", param_hint="--out")
        out.write_bytes(statement_pdf(statement))
        console.print(f"wrote {out}", highlight=False)
        return
    _deliver(statement_csv(statement) if output is StatementFormat.csv else statement_html(statement), out)


def _print_statement(statement: Statement) -> None:
    table = Table("line", "date", "kind", "deal", "tier", "rate", "amount", "detail",
                  title=f"{statement.partner_name} — {statement.period.label}")
    for line in statement.lines:
        rate = f"{line.rate:.2%}" if line.rate is not None else "-"
        detail = line.memo + (f" (dispute: {line.dispute_status})" if line.dispute_status else "")
        table.add_row(str(line.entry_id), str(line.booked_on), line.kind, line.deal or "-", line.tier or "-", rate,
                      str(line.amount), detail)
    console.print(table)
    for label, balances in (("opening", statement.opening), ("closing", statement.closing)):
        console.print(f"{label} balance owed: {', '.join(map(str, balances.values())) or 'nothing'}", highlight=False)


def export_command(
    start: Annotated[date | None, typer.Option("--from", formats=["%Y-%m-%d"], help="First booking day.")] = None,
    end: Annotated[date | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Last booking day.")] = None,
    out: Annotated[Path | None, typer.Option(help="Write the CSV here instead of the terminal.")] = None,
) -> None:
    """The journal for accounting as CSV: one row per ledger line with debit and credit."""
    from partnerops.commissions.export import journal_csv

    with open_engine().connect() as conn:
        text = journal_csv(conn, start, end)
    _deliver(text, out)


def _deliver(text: str, out: Path | None) -> None:
    """TEXT to the terminal as it is, or into OUT with a note saying so."""
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}", highlight=False)
