"""`partnerops sync`: pull a CRM connection incrementally (or in full), push attribution back, and list runs and
the fields a push could not write."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from partnerops.cli.connect_cmd import secret_key
from partnerops.cli.context import actor, console, errors, open_engine, user_errors
from partnerops.cli.output import NEEDED, Column, Listing, OutputFormat, emit, format_option

if TYPE_CHECKING:
    from partnerops.sync.runs import RunReport

app = typer.Typer(rich_markup_mode="rich", no_args_is_help=True)

FullOption = Annotated[bool, typer.Option("--full", help="Read every record again, not only changes.")]
DryOption = Annotated[bool, typer.Option("--dry-run", help="Show what would land (each object judged against "
                      "what is stored) and change nothing, cursors included.")]
NameOption = Annotated[str | None, typer.Option("--name", help="The connection (default: the CRM's name).")]
TrialOption = Annotated[Path | None, typer.Option("--mapping", exists=True, dir_okay=False, help="With --dry-run: "
                        "read everything with this mapping file instead of the connection's, to see what the change "
                        "would do.")]


@app.command("salesforce")
def salesforce_command(full: FullOption = False, dry_run: DryOption = False, name: NameOption = None,
                       mapping: TrialOption = None) -> None:
    """Pull accounts, partners, opportunities, partner links, stage history, line items and (when mapped) dated
    exchange rates changed since the last sync (by SystemModstamp), with deletions and merges."""
    _pull(name or "salesforce", full, dry_run, mapping)


@app.command("hubspot")
def hubspot_command(full: FullOption = False, dry_run: DryOption = False, name: NameOption = None,
                    mapping: TrialOption = None) -> None:
    """Pull companies, partners, deals (with their associations, owners' names and stage history) and line items
    changed since the last sync (by hs_lastmodifieddate), with archived and merged deals."""
    _pull(name or "hubspot", full, dry_run, mapping)


def _pull(name: str, full: bool, dry_run: bool, mapping: Path | None) -> None:
    from partnerops.sync.errors import SyncError
    from partnerops.sync.service import SyncOptions, run_sync

    if mapping is not None and not dry_run:
        errors.print(f"--mapping is tried with --dry-run; adopt it with `partnerops connections set-mapping {name} "
                     f"{mapping}`", highlight=False)
        raise typer.Exit(2)
    options = SyncOptions(full=full, dry_run=dry_run, actor=actor(), mapping=mapping.resolve() if mapping else None)
    with user_errors(SyncError):
        report = run_sync(open_engine(), name, secret_key(), options)
    _print_report(report)


@app.command("push")
def push_command(name: Annotated[str, typer.Argument(help="The connection to write to.")]) -> None:
    """Write the latest attribution (tier, sourcing partner, partners involved, explanation link) onto the
    CRM's deals, in the fields the connection's mapping names: only what changed since the last push; a field a
    CRM user edited since is reported as a conflict and left as they set it."""
    from partnerops.settings import get_settings
    from partnerops.sync.errors import SyncError
    from partnerops.sync.service import SyncOptions, run_push

    with user_errors(SyncError):
        report = run_push(open_engine(), name, secret_key(), get_settings().base_url, SyncOptions(actor=actor()))
    _print_report(report)


@app.command("runs")
def runs_command(
    name: Annotated[str | None, typer.Argument(help="Only this connection's runs.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many.")] = 20,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
    as_json: Annotated[bool, typer.Option("--json", hidden=True, help="The same as --format json.")] = False,
) -> None:
    """List sync runs, newest first: connection, pull or push, status, duration, counts and errors. JSON keeps
    each run whole (counts per object); CSV and the table sum the counts."""
    from partnerops.sync.runs import past_runs

    runs = past_runs(open_engine(), name, limit)
    if as_json or output is OutputFormat.json:
        console.print_json(json.dumps(runs, default=_plain))
        return
    emit(Listing(RUN_COLUMNS, [_run_row(run) for run in runs], empty="no sync runs yet"), output)


@app.command("problems")
def problems_command(name: Annotated[str, typer.Argument(help="The connection.")]) -> None:
    """Fields the last pushes did not write: conflicts with CRM edits and CRM errors, with the value wanted."""
    from rich.table import Table

    from partnerops.sync.connections import load_connection
    from partnerops.sync.errors import SyncError
    from partnerops.sync.pushed import push_problems

    engine = open_engine()
    with user_errors(SyncError):
        connection = load_connection(engine, name, secret_key())
    assert connection.id is not None
    rows = push_problems(engine, connection.id)
    if not rows:
        console.print("every pushed field is written", highlight=False)
        return
    table = Table("record", "field", "wanted", "problem")
    for row in rows:
        table.add_row(row["external_id"], row["field"], row["wanted"] or "", row["problem"])
    console.print(table)


def _print_report(report: RunReport) -> None:
    from rich.table import Table

    names = sorted({count for counts in report.counts.values() for count in counts})
    table = Table("object", *names, title=f"{report.direction} {report.connection}: {report.status}")
    for obj, counts in report.counts.items():
        table.add_row(obj, *(str(counts.get(n, 0)) for n in names))
    console.print(table)
    for line in [*report.problems, *report.errors]:
        console.print(line, highlight=False, markup=False, soft_wrap=True)
    if report.status == "failed":
        raise typer.Exit(1)


RUN_COLUMNS = (Column("run", numeric=True, keep=NEEDED), Column("connection", keep=6), Column("direction", keep=8),
               Column("status", keep=NEEDED), Column("started", keep=5), Column("seconds", numeric=True, keep=4),
               Column("counts", keep=7), Column("errors", keep=3))  # fmt: skip


def _run_row(run: dict[str, Any]) -> tuple[Any, ...]:
    totals: dict[str, int] = {}
    for counts in run["counts"].values():
        for count, value in counts.items():
            totals[count] = totals.get(count, 0) + value
    shown = ", ".join(f"{k} {v}" for k, v in totals.items() if v and k != "pages")
    return (run["id"], run["connection"], run["direction"], run["status"], _plain(run["started_at"]),
            run["seconds"], shown, "; ".join(run["errors"])[:200])


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return str(value)
