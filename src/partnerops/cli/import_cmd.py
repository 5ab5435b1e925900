"""`partnerops import KIND FILE`: load a CRM export, quarantine its bad rows, print what changed."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from partnerops.cli.context import console, errors, open_engine, user_errors
from partnerops.ingest.errors import ImportFailed
from partnerops.ingest.kinds import KINDS
from partnerops.ingest.kinds_mapping import KINDS as PARTNER_LIST_KINDS
from partnerops.ingest.mapping import load_mapping_file, parse_pairs
from partnerops.ingest.options import ImportOptions, ImportSummary
from partnerops.ingest.service import import_file
from partnerops.settings import get_settings

app = typer.Typer(help="Import partners, accounts, opportunities, touches or currency rates from a CSV/JSON "
                  "export (generic, Salesforce or HubSpot).", rich_markup_mode="rich",
                  context_settings={"allow_interspersed_args": True})


# Every kind the importers declare, the feature areas' own (enablement, PSAT answers, refund/churn events) too,
# except a partner's account list: `partnerops mapping import PARTNER FILE` names its owner and derives the ids a
# list leaves out, which the generic import would take from the file or fail on.
Kind = StrEnum("Kind", {name: name for name in KINDS if name not in PARTNER_LIST_KINDS})  # type: ignore[misc]


class ExportFormat(StrEnum):
    generic = "generic"
    salesforce = "salesforce"
    hubspot = "hubspot"


@app.callback(invoke_without_command=True)
def import_command(
    kind: Annotated[Kind, typer.Argument(help="What the file holds. Import accounts before opportunities, "
                                         "and partners and opportunities before touches or anything else "
                                         "that names them.")],
    file: Annotated[Path, typer.Argument(help="The export: .csv, or .json (a list of objects or "
                                         '{"records": [...]}).')],
    export_format: Annotated[ExportFormat, typer.Option("--format", help="generic: our column names (see "
                             "README); salesforce: Data Loader/report CSV with API names (with KIND touches, "
                             "OpportunityPartner rows); hubspot: HubSpot deal or company export."),
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
    currency: Annotated[str | None, typer.Option(help="ISO currency for amounts when the file has no "
                        "currency column (required then; never assumed).")] = None,
    touch_status: Annotated[str, typer.Option(help="Status of imported touches when the file has no status "
                            "column (or leaves it blank). 'confirmed' by default, because a CRM export holds "
                            "touches sales already logged.")] = "confirmed",
    actor: Annotated[str | None, typer.Option(help="Who is recorded in the audit log for changes "
                     "(default: PARTNEROPS_ACTOR).")] = None,
) -> None:
    """Import FILE as KIND. Good rows are inserted or updated (re-importing the same file changes
    nothing); bad rows are kept in the quarantine (see `partnerops quarantine list`)."""
    with user_errors(ImportFailed):
        options = _options(maps or [], mapping, refs or [], date_format, decimal_comma, encoding,
                           source_system, currency, touch_status, actor)
        summary = _run(file, kind.value, export_format.value, options)
    report(summary)


def _options(maps: list[str], mapping: Path | None, refs: list[str], date_format: str | None,
             decimal_comma: bool, encoding: str | None, source_system: str | None, currency: str | None,
             touch_status: str, actor: str | None) -> ImportOptions:
    sections = load_mapping_file(mapping) if mapping else {}
    return ImportOptions(
        source_system=source_system, refs=parse_pairs(refs, "--ref"),
        columns=sections.get("columns", {}) | parse_pairs(maps, "--map"), stages=sections.get("stages", {}),
        roles=sections.get("roles", {}), date_format=date_format, decimal_comma=decimal_comma,
        encoding=encoding, currency=currency.upper() if currency else None, touch_status=touch_status,
        actor=actor or get_settings().actor,
    )


def _run(file: Path, kind: str, fmt: str, options: ImportOptions) -> ImportSummary:
    engine = open_engine()
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=errors, transient=True) as bar:
        task = bar.add_task(f"importing {file.name}", total=_estimated_rows(file))
        return import_file(engine, file, kind, fmt, options, lambda rows: bar.advance(task, rows))


def _estimated_rows(file: Path) -> int | None:
    """Lines after the header: exact unless values span lines; only sizes the progress bar."""
    if not file.is_file() or file.suffix.lower() == ".json":
        return None
    with file.open("rb") as stream:
        lines = sum(block.count(b"\n") for block in iter(lambda: stream.read(1 << 20), b""))
    return max(lines - 1, 0)


def report(summary: ImportSummary) -> None:
    console.print(f"{summary.file} ({summary.kind}, encoding {summary.encoding}): read {summary.rows_read} "
                  f"rows: {summary.inserted} inserted, {summary.updated} updated, {summary.unchanged} "
                  f"unchanged, {summary.quarantined} quarantined", highlight=False, soft_wrap=True)
    for problem in summary.problems:
        console.print(f"  quarantined {problem}", highlight=False, markup=False)
    if summary.quarantined > len(summary.problems):
        console.print(f"  … and {summary.quarantined - len(summary.problems)} more: partnerops quarantine "
                      f"list --file {summary.file.name}", highlight=False)
    if summary.rows_read == 0:
        errors.print(f"[bold red]error:[/] {summary.file}: no rows to import", highlight=False)
        raise typer.Exit(1)
