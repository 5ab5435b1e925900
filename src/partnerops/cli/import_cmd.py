"""`partnerops import KIND FILE`: load a CRM export, quarantine its bad rows, print what changed."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from partnerops.cli.context import errors, open_engine, user_errors
from partnerops.cli.import_report import print_refusal, report

if TYPE_CHECKING:
    from partnerops.ingest.options import ImportOptions, ImportSummary, RunMode

__all__ = ["import_command", "report"]


# Exit status of a run stopped by Ctrl-C or SIGTERM, as a shell reports a process ended by SIGINT.
INTERRUPTED_EXIT = 130
# How often the progress bar is redrawn while rows land.
_REDRAW_SECONDS = 0.1
REFUSED_EXIT = 3


class ExportFormat(StrEnum):
    generic = "generic"
    salesforce = "salesforce"
    hubspot = "hubspot"
    stripe = "stripe"
    aws = "aws"
    azure = "azure"
    gcp = "gcp"


class Output(StrEnum):
    text = "text"
    json = "json"


def _kind_names(incomplete: str) -> list[str]:
    return [name for name in _importable_kinds() if name.startswith(incomplete)]


def _importable_kinds() -> list[str]:
    """Every kind the importers declare, the feature areas' own (enablement, PSAT answers, refund/churn events)
    too, except a partner's account list: `partnerops mapping import PARTNER FILE` names its owner and derives
    the ids a list leaves out, which the generic import would take from the file or fail on."""
    from partnerops.ingest.kinds import KINDS
    from partnerops.ingest.kinds_mapping import KINDS as PARTNER_LIST_KINDS

    return [name for name in KINDS if name not in PARTNER_LIST_KINDS]


def import_command(
    kind: Annotated[str, typer.Argument(help="What the file holds: partners, accounts, opportunities, touches, "
                                        "rates, or a feature's kind (enablement, psat, commission events, "
                                        "stage history, …). Import accounts before opportunities, and partners "
                                        "and opportunities before touches or anything else that names them.",
                                        autocompletion=_kind_names)],
    file: Annotated[Path, typer.Argument(help="The export: .csv, or .json (a list of objects or "
                                         '{"records": [...]}).')],
    export_format: Annotated[ExportFormat, typer.Option("--format", help="generic: our column names (see "
                             "README); salesforce: Data Loader/report CSV with API names (with KIND touches, "
                             "OpportunityPartner rows); hubspot: HubSpot deal or company export; stripe: "
                             "Stripe's invoice or subscription export (with KIND revenue); aws, azure, gcp: AWS "
                             "Marketplace billed revenue, Partner Center marketplace transaction history, Google "
                             "Cloud Marketplace detailed disbursements (with KIND marketplace_transactions)."),
                             ] = ExportFormat.generic,
    maps: Annotated[list[str] | None, typer.Option("--map", help="FIELD=Header when your file names a column "
                    "differently, e.g. --map amount='Deal Value'. Repeatable.")] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="A YAML file with `columns:` (field: "
                       "Header), `stages:` (your stage: won|lost|open) and `roles:` (Salesforce partner "
                       "role: touch type).")] = None,
    date_format: Annotated[str | None, typer.Option(help="How the file writes dates, e.g. %d/%m/%Y. Needed "
                           "when dates like 03/04/2026 could be read either way; ISO dates always work.")] = None,
    decimal_comma: Annotated[bool, typer.Option("--decimal-comma", help="Amounts use a decimal comma "
                             "(1.200,50) throughout.")] = False,
    encoding: Annotated[str | None, typer.Option(help="The file's text encoding, e.g. latin-1. By default "
                        "UTF-8 (with or without BOM) is detected, else Windows-1252/Latin-1.")] = None,
    source_system: Annotated[str | None, typer.Option(help="Where the ids in the file come from; records "
                             "are matched on (source system, id). Default: csv, salesforce or hubspot by "
                             "--format.")] = None,
    refs: Annotated[list[str] | None, typer.Option("--ref", help="KIND=SYSTEM for ids that point at records "
                    "from another system, e.g. --ref account=salesforce. Repeatable.")] = None,
    links: Annotated[list[str] | None, typer.Option("--link", help="VALUE=ID: a marketplace customer id, email "
                     "domain or company name that is the account ID (or a reseller that is the partner ID); "
                     "a `links:` section of --mapping does the same. Repeatable.")] = None,
    currency: Annotated[str | None, typer.Option(help="ISO currency for amounts when the file has no "
                        "currency column (required then; never assumed).")] = None,
    touch_status: Annotated[str, typer.Option(help="Status of imported touches when the file has no status "
                            "column (or leaves it blank). 'confirmed' by default, because a CRM export holds "
                            "touches sales already logged.")] = "confirmed",
    collapse_duplicates: Annotated[bool, typer.Option("--collapse-duplicates", help="Rows without an id column "
                                   "that say the same thing are one record (the repeats are quarantined as "
                                   "duplicates). By default each touch row is its own touch, identified by its "
                                   "file's name and row number.")] = False,
    actor: Annotated[str | None, typer.Option(help="Who is recorded in the audit log for changes "
                     "(default: PARTNEROPS_ACTOR).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Import in a transaction that is rolled back, then "
                       "print what would be inserted, updated (field by field), quarantined and deleted. "
                       "Writes nothing but the record of the run.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Go ahead although the import changes a date of more than "
                   "1% of the stored records it touches (without it the import stops and shows a sample).")
                   ] = False,
    sample: Annotated[int, typer.Option(min=1, help="How many changes a dry run or a refusal shows.")] = 20,
    output: Annotated[Output, typer.Option(help="text, or json for scripts.")] = Output.text,
) -> None:
    """Import FILE as KIND. Good rows are inserted or updated (re-importing the same file changes
    nothing); bad rows are kept in the quarantine (see `partnerops quarantine list`). The file lands in one
    transaction: if the import fails or is interrupted nothing of it stays, and running it again completes it.
    Exit status: 0 imported, 1 nothing to import or every row quarantined, 2 the file cannot be imported,
    3 refused (too many dates would change; see --yes), 130 interrupted."""
    from partnerops.ingest.errors import ImportFailed
    from partnerops.ingest.options import RunMode

    with user_errors(ImportFailed):
        options = _options(maps or [], mapping, refs or [], date_format, decimal_comma, encoding,
                           source_system, currency, touch_status, actor, collapse_duplicates=collapse_duplicates,
                           links=links or [])
        summary = _run(file, _checked_kind(kind, file), export_format.value, options,
                       RunMode(dry_run=dry_run, accept_date_changes=yes, sample=sample))
        if kind == "marketplace_transactions" and not dry_run:
            summary.notes.append(_reseller_touches(options.system_for(export_format.value), options.actor))
    report(summary, as_json=output is Output.json)


def _reseller_touches(system: str, actor: str) -> str:
    """Bring the resellers' marketplace_transaction touches in line with the transactions now stored."""
    from partnerops.marketplaces.touches import sync_touches

    with open_engine().begin() as conn:
        made = sync_touches(conn, system, actor)
    return (f"reseller touches (marketplace_transaction): {made.inserted} added, {made.updated} updated, "
            f"{made.deleted} deleted")


def _checked_kind(kind: str, file: Path) -> str:
    from partnerops.ingest.errors import InvalidOption

    if kind not in _importable_kinds():
        raise InvalidOption(file, "kind", f"unknown kind {kind!r}; choose one of {', '.join(_importable_kinds())} "
                            "(a partner's account list: partnerops mapping import PARTNER FILE)")
    return kind


def _options(maps: list[str], mapping: Path | None, refs: list[str], date_format: str | None,
             decimal_comma: bool, encoding: str | None, source_system: str | None, currency: str | None,
             touch_status: str, actor: str | None, *, collapse_duplicates: bool = False,
             links: list[str] | None = None) -> ImportOptions:
    from partnerops.ingest.mapping import load_mapping_file, parse_pairs
    from partnerops.ingest.options import ImportOptions
    from partnerops.settings import get_settings

    sections = load_mapping_file(mapping) if mapping else {}
    return ImportOptions(
        source_system=source_system, refs=parse_pairs(refs, "--ref"),
        columns=sections.get("columns", {}) | parse_pairs(maps, "--map"), stages=sections.get("stages", {}),
        roles=sections.get("roles", {}), date_format=date_format, decimal_comma=decimal_comma,
        encoding=encoding, currency=currency.upper() if currency else None, touch_status=touch_status,
        actor=actor or get_settings().actor, collapse_duplicates=collapse_duplicates,
        links=sections.get("links", {}) | parse_pairs(links or [], "--link"),
    )


def _run(file: Path, kind: str, fmt: str, options: ImportOptions, mode: RunMode) -> ImportSummary:
    """The import under a progress bar; an interruption or a refusal becomes its line and exit status."""
    from partnerops.ingest.date_guard import DateChangesRefused

    try:
        with _sigterm_interrupts():
            return _import_with_progress(file, kind, fmt, options, mode)
    except KeyboardInterrupt:  # the import's transaction was rolled back, or had not started
        errors.print(f"interrupted: nothing from {file} was imported; run the same command again to import it",
                     highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(INTERRUPTED_EXIT) from None
    except DateChangesRefused as refused:
        print_refusal(refused)
        raise typer.Exit(REFUSED_EXIT) from None


def _import_with_progress(file: Path, kind: str, fmt: str, options: ImportOptions, mode: RunMode) -> ImportSummary:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from partnerops.ingest.service import import_file

    engine = open_engine()
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # Redrawn from the import itself, not by a refresh thread: an interruption can then never leave a thread
    # writing to the terminal while the interpreter shuts down (which aborts the process instead of exiting 130).
    with Progress(*columns, console=errors, transient=True, auto_refresh=False) as bar:
        task = bar.add_task(f"importing {file.name}", total=_estimated_rows(file))
        drawn = [time.monotonic()]

        def advance(rows: int) -> None:
            bar.advance(task, rows)
            if time.monotonic() - drawn[0] >= _REDRAW_SECONDS:
                drawn[0] = time.monotonic()
                bar.refresh()

        return import_file(engine, file, kind, fmt, options, advance, mode)


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (a `kill`, a stopping service) interrupts the import as Ctrl-C does: rolled back and recorded."""

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _estimated_rows(file: Path) -> int | None:
    """Lines after the header: exact unless values span lines; only sizes the progress bar."""
    if not file.is_file() or file.suffix.lower() == ".json":
        return None
    with file.open("rb") as stream:
        lines = sum(block.count(b"\n") for block in iter(lambda: stream.read(1 << 20), b""))
    return max(lines - 1, 0)
