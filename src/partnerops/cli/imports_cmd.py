"""`partnerops imports`: past imports with their file, kind, when, who, counts and status; `show ID` for one."""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

import typer

from partnerops.cli.context import console, errors, open_engine

app = typer.Typer(rich_markup_mode="rich")

HEADINGS = {"id": "id", "file": "file", "kind": "kind", "format": "format", "started_at": "when", "actor": "who",
            "rows_read": "read", "inserted": "inserted", "updated": "updated", "unchanged": "unchanged",
            "quarantined": "quarantined", "deleted": "deleted", "warnings": "warnings", "status": "status"}


class ListFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


@app.callback(invoke_without_command=True)
def list_command(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(help="Only imports of this kind, e.g. opportunities.")] = None,
    status: Annotated[str | None, typer.Option(help="Only imports that are running, finished, interrupted, "
                      "failed, refused (stopped before changing many dates) or dry_run.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many.")] = 20,
    output: Annotated[ListFormat, typer.Option("--format", help="text, json or csv.")] = ListFormat.text,
) -> None:
    """List past imports, newest first. An import whose process is gone without saying how it ended (killed)
    reads as interrupted; running the same command again completes it."""
    if ctx.invoked_subcommand:
        return
    from partnerops.ingest.run_history import LISTED, RunFilter, past_runs

    runs = past_runs(open_engine(), RunFilter(kind, _checked_status(status), limit))
    rows = [{name: run[name] for name in LISTED} for run in runs]
    if output is ListFormat.json:
        console.print_json(json.dumps(rows, default=_plain))
    elif output is ListFormat.csv:
        _write_csv(rows, list(LISTED))
    else:
        _print_table(rows)


@app.command("show")
def show_command(
    batch_id: Annotated[int, typer.Argument(help="The import's id, from `partnerops imports`.")],
    output: Annotated[ListFormat, typer.Option("--format", help="text or json.")] = ListFormat.text,
) -> None:
    """Show one import: its file, checksum, options, counts, who ran it where, how it ended and any error."""
    from partnerops.ingest.run_history import past_run

    run = past_run(open_engine(), batch_id)
    if run is None:
        errors.print(f"[bold red]error:[/] import {batch_id} does not exist", highlight=False)
        raise typer.Exit(2)
    if output is not ListFormat.text:
        console.print_json(json.dumps(run, default=_plain))
        return
    for name, value in run.items():
        shown = json.dumps(value, default=_plain) if isinstance(value, dict) else _plain(value)
        console.print(f"{name:>12}: {shown}", highlight=False, markup=False, soft_wrap=True)


def _checked_status(status: str | None) -> str | None:
    from partnerops.ingest.runs import STATUSES

    if status is not None and status not in STATUSES:
        raise typer.BadParameter(f"{status!r} is not one of {', '.join(STATUSES)}", param_hint="--status")
    return status


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return str(value)


def _write_csv(rows: list[dict[str, Any]], names: list[str]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([_plain(row[name]) for name in names] for row in rows)


def _print_table(rows: list[dict[str, Any]]) -> None:
    from rich.table import Column, Table

    if not rows:
        console.print("no imports match", highlight=False)
        return
    table = Table(*(Column(heading, no_wrap=name in ("started_at", "status")) for name, heading in HEADINGS.items()))
    for row in rows:
        when = row["started_at"].strftime("%Y-%m-%d %H:%M") if row["started_at"] else ""
        table.add_row(*(when if name == "started_at" else _plain(row[name]) for name in HEADINGS))
    console.print(table)
