"""`partnerops quarantine`: list (with a summary by reason), show, retry and discard what an import kept back,
one entry or every entry a filter selects."""

from __future__ import annotations

import io
import json
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from partnerops.cli.context import console, open_engine, user_errors
from partnerops.domain.spreadsheet import safe_writer

if TYPE_CHECKING:
    from partnerops.ingest.quarantine import RetryReport
    from partnerops.store.quarantine_repo import QuarantineFilter

app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich")


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


EntryId = Annotated[int | None, typer.Argument(help="One entry's id, from `partnerops quarantine list`; "
                                               "without it, the filters choose the entries.")]
FileOpt = Annotated[str | None, typer.Option("--file", help="Only entries from this file (its name or path).")]
KindOpt = Annotated[str | None, typer.Option("--kind", help="Only partners, accounts, opportunities, touches, "
                                             "rates or another import kind.")]
FieldOpt = Annotated[str | None, typer.Option("--field", help="Only entries whose (first) problem is in this "
                                              "field, e.g. created_on.")]
ReasonOpt = Annotated[str | None, typer.Option("--reason", help="Only entries whose reason contains this text "
                                               "(any case), e.g. 'unknown account'.")]
WarningsOpt = Annotated[bool, typer.Option("--warnings", help="Only warnings: rows that landed with a field "
                                           "left empty.")]
ErrorsOpt = Annotated[bool, typer.Option("--errors", help="Only errors: rows that did not land.")]
Actor = Annotated[str | None, typer.Option(help="Who is recorded in the audit log (default: PARTNEROPS_ACTOR).")]


def _where(file: str | None, kind: str | None, fld: str | None, reason: str | None, warnings: bool, errors: bool,
           status: str | None = "open", limit: int | None = None, entry_id: int | None = None) -> QuarantineFilter:
    from partnerops.store.quarantine_repo import ERROR, WARNING, QuarantineFilter

    severity = None if warnings == errors else (WARNING if warnings else ERROR)
    ids = (entry_id,) if entry_id is not None else ()
    return QuarantineFilter(file, kind, None if status == "all" else status, limit, fld, reason, severity, ids)


@app.command("list")
def list_command(
    file: FileOpt = None, kind: KindOpt = None, fld: FieldOpt = None, reason: ReasonOpt = None,
    warnings: WarningsOpt = False, errors: ErrorsOpt = False,
    status: Annotated[str, typer.Option(help="open (waiting for a fix), resolved, discarded, or all.")] = "open",
    limit: Annotated[int, typer.Option(help="Show at most this many entries (the summary counts them all).")] = 100,
    output: Annotated[OutputFormat, typer.Option("--format", help="table (with a summary by reason), or json "
                      "or csv of the entries with every problem of each.")] = OutputFormat.table,
) -> None:
    """List quarantine entries: file, row number (the header is row 1), severity, field and reason; then how
    many entries there are per kind, field and reason."""
    from partnerops.ingest.quarantine import list_entries, reason_summary

    engine = open_engine()
    where = _where(file, kind, fld, reason, warnings, errors, status, limit)
    rows = list_entries(engine, where)
    if output is not OutputFormat.table:
        print(_as_json(rows) if output is OutputFormat.json else _as_csv(rows), end="")
        return
    if not rows:
        console.print("no quarantined rows match")
        return
    console.print(_entry_table(rows))
    _print_summary(reason_summary(engine, _where(file, kind, fld, reason, warnings, errors, status)))


@app.command("show")
def show_command(entry_id: Annotated[int, typer.Argument(help="The entry's id.")]) -> None:
    """Show one entry with every problem and every raw value of its row."""
    from partnerops.ingest.quarantine import UnknownEntry, get_entry

    with user_errors(UnknownEntry):
        _print_entry(get_entry(open_engine(), entry_id))


@app.command("retry")
def retry_command(
    entry_id: EntryId = None, file: FileOpt = None, kind: KindOpt = None, fld: FieldOpt = None,
    reason: ReasonOpt = None, warnings: WarningsOpt = False, errors: ErrorsOpt = False,
    fixes: Annotated[list[str] | None, typer.Option("--set", help="FIELD=VALUE to correct before retrying, "
                     "e.g. --set amount=1200. FIELD is our field name or the file's header. Repeatable.")] = None,
    date_format: Annotated[str | None, typer.Option(help="Read dates this way, e.g. %d/%m/%Y.")] = None,
    currency: Annotated[str | None, typer.Option(help="ISO currency for rows without one.")] = None,
    refs: Annotated[list[str] | None, typer.Option("--ref", help="KIND=SYSTEM: ids in a reference column "
                    "point at records from this source system, e.g. --ref account=salesforce.")] = None,
    maps: Annotated[list[str] | None, typer.Option("--map", help="FIELD=Header: the field is in this "
                    "column of the file.")] = None,
    decimal_comma: Annotated[bool | None, typer.Option("--decimal-comma", help="Amounts use a decimal comma "
                             "(1.200,50).")] = None,
    actor: Actor = None,
) -> None:
    """Validate the rows again (with the options of their import, changed by the options given here) and
    land each that now passes; the others stay with their new reasons. An account or partner imported since
    lets the deals and touches that named it land."""
    from partnerops.ingest.errors import ImportFailed
    from partnerops.ingest.mapping import parse_pairs
    from partnerops.ingest.quarantine import RetryOptions, UnknownEntry, retry, retry_where
    from partnerops.settings import get_settings

    who = actor or get_settings().actor
    with user_errors(UnknownEntry, ImportFailed):
        options = RetryOptions(date_format, currency.upper() if currency else None, parse_pairs(refs or [], "--ref"),
                               parse_pairs(maps or [], "--map"), decimal_comma)
        set_values = parse_pairs(fixes or [], "--set")
        if entry_id is not None:
            result = retry(open_engine(), entry_id, set_values, who, options)
            _print_single_retry(entry_id, result.landed, result.entry)
            return
        where = _where(file, kind, fld, reason, warnings, errors)
        _print_report(retry_where(open_engine(), where, set_values, who, options))


@app.command("discard")
def discard_command(
    entry_id: EntryId = None, file: FileOpt = None, kind: KindOpt = None, fld: FieldOpt = None,
    reason: ReasonOpt = None, warnings: WarningsOpt = False, errors: ErrorsOpt = False, actor: Actor = None,
) -> None:
    """Give up on entries: they leave the open list but stay on record as discarded, and an unchanged row of
    a later import does not bring them back."""
    from partnerops.ingest.quarantine import UnknownEntry, discard, discard_where
    from partnerops.settings import get_settings

    who = actor or get_settings().actor
    if entry_id is not None:
        with user_errors(UnknownEntry):
            discard(open_engine(), entry_id, who)
        console.print(f"entry {entry_id}: discarded", highlight=False)
        return
    if not any((file, kind, fld, reason, warnings, errors)):
        console.print("give an entry id or at least one filter (--file, --kind, --field, --reason, --warnings, "
                      "--errors) to discard", highlight=False)
        raise typer.Exit(2)
    count = discard_where(open_engine(), _where(file, kind, fld, reason, warnings, errors), who)
    console.print(f"{count} entries discarded", highlight=False)


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _entry_table(rows: list[dict[str, Any]]) -> Table:
    table = Table("id", "file", "row", "kind", "severity", "field", "value", "reason", "status")
    for row in rows:
        problems = len(row.get("errors") or [])
        more = f" (+{problems - 1} more)" if problems > 1 else ""
        table.add_row(str(row["id"]), _name(row["file"]), str(row["row_number"]), row["kind"], row["severity"],
                      row["field"], row["value"] or "", row["reason"] + more, row["status"])
    return table


def _print_summary(counts: list[tuple[str, str, str, str, int]]) -> None:
    console.print("by reason:", highlight=False)
    for kind, severity, fld, reason, count in counts:
        console.print(f"  {count:>7}  {kind} {fld} ({severity}): {reason}", highlight=False, markup=False)


def _exported(row: dict[str, Any]) -> dict[str, Any]:
    names = ("id", "file", "row_number", "kind", "severity", "field", "value", "reason", "status", "source_system",
             "record_key", "batch_id", "errors")
    return {name: row.get(name) for name in names}


def _as_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps([_exported(row) for row in rows], ensure_ascii=False, indent=2, default=str) + "\n"


def _as_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    exported = [_exported(row) | {"errors": json.dumps(row.get("errors") or [], ensure_ascii=False)} for row in rows]
    writer = safe_writer(out)
    writer.writerow(list(_exported({})))
    writer.writerows(row.values() for row in exported)
    return out.getvalue()


def _print_single_retry(entry_id: int, landed: bool, entry: dict[str, Any]) -> None:
    if landed and entry["status"] == "resolved":
        console.print(f"entry {entry_id}: imported", highlight=False)
        return
    if landed:
        console.print(f"entry {entry_id}: imported, with a warning: {entry['field']}: {entry['reason']}",
                      highlight=False, markup=False)
        return
    console.print(f"entry {entry_id}: still {'invalid' if entry['severity'] == 'error' else 'a warning'}: "
                  f"{entry['field']}: {entry['reason']}", highlight=False, markup=False)
    raise typer.Exit(1)


def _print_report(report: RetryReport) -> None:
    console.print(f"{report.landed} landed, {report.open} still open", highlight=False)
    for kind, severity, fld, reason, count in report.still_open:
        console.print(f"  {count:>7}  {kind} {fld} ({severity}): {reason}", highlight=False, markup=False)


def _print_entry(entry: dict[str, Any]) -> None:
    lines = [
        f"entry {entry['id']} ({entry['severity']}, {entry['status']}): {entry['file']} row {entry['row_number']} "
        f"({entry['kind']}, record {entry.get('record_key') or '?'})",
        "problems:", *(f"  {p['field']}: {p['reason']} (value: {json.dumps(p['value'], ensure_ascii=False)})"
                       for p in entry.get("errors") or [{"field": entry["field"], "reason": entry["reason"],
                                                         "value": entry["value"]}]),
        "raw row:",
        *(f"  {key}: {json.dumps(value, ensure_ascii=False)}" for key, value in entry["raw"].items()),
    ]
    console.print("\n".join(lines), highlight=False, markup=False)
