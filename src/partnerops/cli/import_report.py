"""What `partnerops import` prints: the counts of a run, a dry run's changes, and the sample of a refused one."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from partnerops.cli.context import console, errors

if TYPE_CHECKING:
    from partnerops.ingest.changes import FieldChange
    from partnerops.ingest.date_guard import DateChanges, DateChangesRefused
    from partnerops.ingest.options import ImportSummary
    from partnerops.ingest.preview import Preview


def say(text: str) -> None:
    console.print(text, highlight=False, markup=False, soft_wrap=True)


def counts_line(summary: ImportSummary) -> str:
    delimiter = f", delimiter {summary.delimiter!r}" if summary.delimiter else ""
    return (f"{summary.file} ({summary.kind}, encoding {summary.encoding}{delimiter}): read {summary.rows_read} "
            f"rows: {summary.inserted} inserted, {summary.updated} updated, {summary.unchanged} unchanged, "
            f"{summary.quarantined} quarantined, {summary.deleted} deleted, {summary.warnings} warnings")


def report(summary: ImportSummary, as_json: bool = False) -> None:
    """The counts and the first problems (or a dry run's changes); exit 1 when nothing could be imported."""
    if as_json:
        print_json(summary)
    else:
        say(("dry run, nothing imported: " if summary.preview else "") + counts_line(summary))
        if summary.preview:
            print_preview(summary.preview)
        else:
            _print_problems(summary)
        for note in summary.notes:
            say(f"  note: {note}")
    _exit_when_nothing_landed(summary)


def _exit_when_nothing_landed(summary: ImportSummary) -> None:
    if summary.rows_read == 0:
        errors.print(f"[bold red]error:[/] {summary.file}: no rows to import", highlight=False)
        raise typer.Exit(1)
    if summary.all_quarantined:
        errors.print(f"[bold red]error:[/] {summary.file}: every one of its {summary.rows_read} rows was "
                     f"quarantined, nothing was imported: see partnerops quarantine list --file "
                     f"{summary.file.name}", highlight=False, soft_wrap=True)
        raise typer.Exit(1)


def _print_problems(summary: ImportSummary) -> None:
    for problem in summary.problems:
        say(f"  quarantined {problem}")
    if summary.quarantined > len(summary.problems):
        say(f"  … and {summary.quarantined - len(summary.problems)} more: partnerops quarantine list --file "
            f"{summary.file.name}")


def print_preview(preview: Preview) -> None:
    if preview.updates_by_field:
        say("would update, changes per field: " + ", ".join(f"{f} {n}" for f, n in preview.updates_by_field.items()))
        print_changes(preview.updates)
    if preview.quarantined_by_reason:
        say("would quarantine, rows per reason:")
        for count in preview.quarantined_by_reason:
            say(f"  {count.rows:>6}  {count.field}: {count.reason}")
        for row in preview.quarantined:
            value = "" if row.value is None else f" (value {row.value!r})"
            say(f"  row {row.row}: {row.field}: {row.reason}{value}")
    if preview.deleted:
        say("would mark deleted: " + ", ".join(preview.deleted))
    if preview.dates.too_many:
        say(f"dates: {preview.dates.records} of the {preview.dates.touched} stored records touched would get a "
            f"new date ({preview.dates.share:.1%}): the import will stop and ask for --yes")


def print_changes(changes: list[FieldChange]) -> None:
    for change in changes:
        say(f"  {change.record}  {change.field}: {_shown(change.old)} → {_shown(change.new)}")


def _shown(value: str | None) -> str:
    return "(blank)" if value is None else value


def print_refusal(refused: DateChangesRefused) -> None:
    """The sample of date changes, then the one line that says what to do."""
    changes: DateChanges = refused.changes
    say(f"dates that would change (first {len(changes.sample)} of {changes.records} records):")
    print_changes(changes.sample)
    errors.print(f"[bold red]refused:[/] {escape(str(refused))}", highlight=False, soft_wrap=True)


def print_json(summary: ImportSummary) -> None:
    """The summary (and a dry run's preview) as one JSON object, for scripts."""
    data = dataclasses.asdict(summary) | {"file": str(summary.file)}
    console.print_json(json.dumps(data, default=str))
