"""What the program commands share: the partner argument, --settings and --on, days and amounts as typed, and
printing what an import did."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from partnerops.cli.context import console

if TYPE_CHECKING:
    from partnerops.domain.money import Money
    from partnerops.ingest.options import ImportSummary

PartnerId = Annotated[str, typer.Argument(metavar="PARTNER", help="The partner's id, SYSTEM:ID or exact name (as "
                                         "`partnerops partners` lists them).")]
SettingsFile = Annotated[Path | None, typer.Option("--settings", metavar="FILE", help="Program settings YAML (tier "
                         "criteria, checklist, health weights); default: the shipped settings.")]  # fmt: skip
OnDay = Annotated[str | None, typer.Option("--on", metavar="DATE", help="As of this day (YYYY-MM-DD); default today.")]


def problems() -> tuple[type[Exception], ...]:
    """The errors a program command reports as one line and exit status 2."""
    from partnerops.domain.money import UnknownCurrency
    from partnerops.program.errors import ProgramError, ProgramSettingsError

    return ProgramError, ProgramSettingsError, UnknownCurrency, ValueError, LookupError


def parse_day(text: str | None) -> date:
    """The day typed (YYYY-MM-DD), or today (UTC) when none was."""
    try:
        return date.fromisoformat(text) if text else datetime.now(UTC).date()
    except ValueError as exc:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)") from exc


def parse_money(amount: str, currency: str) -> Money:
    """An amount as typed, thousands separators allowed (20,000), in CURRENCY."""
    from partnerops.domain.money import Money, UnknownCurrency  # Babel's currency tables load with it

    try:
        return Money(Decimal(amount.replace(",", "")), currency.upper())
    except InvalidOperation as exc:
        raise typer.BadParameter(f"{amount!r} is not an amount (write e.g. 20000 or 20,000.00)") from exc
    except UnknownCurrency as exc:
        raise typer.BadParameter(f"{currency!r} is not a currency code (ISO 4217, such as USD or EUR)") from exc


def print_import(summary: ImportSummary) -> None:
    console.print(f"{summary.file}: {summary.rows_read} rows read, {summary.inserted} inserted, {summary.updated} "
                  f"updated, {summary.unchanged} unchanged, {summary.quarantined} quarantined", highlight=False)
    for problem in summary.problems:
        console.print(f"  {problem}", highlight=False, markup=False)
