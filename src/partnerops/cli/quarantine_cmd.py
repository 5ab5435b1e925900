"""`partnerops quarantine`: list, show, retry and discard rows an import could not take."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from partnerops.cli.context import console, open_engine, user_errors
from partnerops.ingest.errors import ImportFailed
from partnerops.ingest.mapping import parse_pairs
from partnerops.ingest.quarantine import QuarantineFilter, UnknownEntry, discard, get_entry, list_entries, retry

app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich",
                  help="Rows an import kept back because they failed validation: see why, fix, retry or "
                  "discard them.")

EntryId = Annotated[int, typer.Argument(help="The entry's id, from `partnerops quarantine list`.")]


@app.command("list")
def list_command(
    file: Annotated[str | None, typer.Option(help="Only entries from this file (its name or path).")] = None,
    kind: Annotated[str | None, typer.Option(help="Only partners, accounts, opportunities, touches or "
                    "rates.")] = None,
    status: Annotated[str, typer.Option(help="open (waiting for a fix), resolved, discarded, or all.")] = "open",
    limit: Annotated[int, typer.Option(help="Show at most this many entries.")] = 100,
) -> None:
    """List quarantined rows: file, row number (the header is row 1), field and reason."""
    where = QuarantineFilter(file, kind, None if status == "all" else status, limit)
    rows = list_entries(open_engine(), where)
    table = Table("id", "file", "row", "kind", "field", "value", "reason", "status")
    for row in rows:
        table.add_row(str(row["id"]), _name(row["file"]), str(row["row_number"]), row["kind"], row["field"],
                      row["value"] or "", row["reason"], row["status"])
    console.print(table if rows else "no quarantined rows match")


@app.command("show")
def show_command(entry_id: EntryId) -> None:
    """Show one entry with every raw value of its row."""
    with user_errors(UnknownEntry):
        _print_entry(get_entry(open_engine(), entry_id))


@app.command("retry")
def retry_command(
    entry_id: EntryId,
    fixes: Annotated[list[str] | None, typer.Option("--set", help="FIELD=VALUE to correct before retrying, "
                     "e.g. --set amount=1200 --set created_on=2026-03-04. FIELD is our field name or the "
                     "file's header. Repeatable.")] = None,
    actor: Annotated[str | None, typer.Option(help="Who is recorded in the audit log.")] = None,
) -> None:
    """Validate the row again (with the options of its import) and land it if it now passes; otherwise
    it stays in the quarantine with the new reason."""
    with user_errors(UnknownEntry, ImportFailed):
        result = retry(open_engine(), entry_id, parse_pairs(fixes or [], "--set"), actor)
    if result.landed:
        console.print(f"entry {entry_id}: imported", highlight=False)
        return
    entry = result.entry
    console.print(f"entry {entry_id}: still invalid: {entry['field']}: {entry['reason']}", highlight=False,
                  markup=False)
    raise typer.Exit(1)


@app.command("discard")
def discard_command(entry_id: EntryId) -> None:
    """Give up on a row: it leaves the open list but stays on record as discarded."""
    with user_errors(UnknownEntry):
        discard(open_engine(), entry_id)
    console.print(f"entry {entry_id}: discarded", highlight=False)


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _print_entry(entry: dict[str, Any]) -> None:
    lines = [
        f"entry {entry['id']} ({entry['status']}): {entry['file']} row {entry['row_number']} ({entry['kind']})",
        f"field: {entry['field']}", f"value: {entry['value']}", f"reason: {entry['reason']}", "raw row:",
        *(f"  {key}: {json.dumps(value, ensure_ascii=False)}" for key, value in entry["raw"].items()),
    ]
    console.print("\n".join(lines), highlight=False, markup=False)
