"""`partnerops conflicts`: Fields a re-import and a decision made in PartnerOps both changed: see them and decide which value stays."""  # noqa: E501

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from partnerops.cli.context import console, open_engine, operator, user_errors
from partnerops.domain.spreadsheet import safe_writer

app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich")  # noqa: E501

COLUMNS = ("id", "entity", "entity_id", "source_system", "external_id", "field", "base", "ours", "theirs",
           "status", "batch_id", "detected_at", "kept", "resolved_by", "resolved_at", "reason")  # fmt: skip


class Status(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    SUPERSEDED = "superseded"
    ALL = "all"


class Output(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class Keep(StrEnum):
    OURS = "ours"
    THEIRS = "theirs"


@app.command("list")
def list_command(
    status: Annotated[Status, typer.Option(help="open (waiting for a decision), resolved, superseded (a later "
                      "import changed the field again) or all.")] = Status.OPEN,
    output: Annotated[Output, typer.Option("--format", help="table (default), json or csv.")] = Output.TABLE,
) -> None:
    """List conflicts: record, field, value last imported (base), PartnerOps's (ours) and the file's (theirs)."""
    # The store (SQLAlchemy) loads here, not at start: `partnerops --help` stays fast.
    from partnerops.store.conflicts_repo import list_conflicts

    with open_engine().connect() as conn:
        rows = list_conflicts(conn, None if status is Status.ALL else status.value)
    if output is Output.JSON:
        typer.echo(json.dumps([_plain(row) for row in rows], indent=2))
    elif output is Output.CSV:
        typer.echo(_csv(rows), nl=False)
    else:
        console.print(_table(rows) if rows else "no import conflicts match")


@app.command("resolve")
def resolve_command(
    conflict_id: Annotated[int, typer.Argument(help="The conflict's id, from `partnerops conflicts list`.")],
    keep: Annotated[Keep, typer.Option(help="ours: PartnerOps's value stays; theirs: the file's value is applied "
                    "(and audited).")],
    reason: Annotated[str | None, typer.Option(help="Why, kept with the decision and in the audit log.")] = None,
) -> None:
    """Decide which value of a conflicting field stays."""
    from partnerops.store.conflicts_repo import ConflictClosed, UnknownConflict, resolve_conflict

    with user_errors(UnknownConflict, ConflictClosed), open_engine().begin() as conn:
        conflict = resolve_conflict(conn, conflict_id, keep.value, operator().email, datetime.now(UTC), reason)
    value = conflict["theirs"] if keep is Keep.THEIRS else conflict["ours"]
    console.print(f"conflict {conflict_id}: {conflict['entity']} {conflict['external_id']} {conflict['field']} "
                  f"is {value!r} ({'the file' if keep is Keep.THEIRS else 'PartnerOps'}'s value)",
                  highlight=False, markup=False)  # fmt: skip


@app.command("owners")
def owners_command(kind: Annotated[str | None, typer.Option(help="Only this kind, e.g. partners.")] = None) -> None:
    """Who owns each imported field: the source system, PartnerOps, or both (shared: three-way merge)."""
    from partnerops.ingest.kinds import kind_spec
    from partnerops.ingest.ownership import field_owners

    with user_errors(ValueError):
        rows = field_owners(None if kind is None else [kind_spec(kind)])
    table = Table("kind", "field", "owner")
    for row in rows:
        table.add_row(row.kind, row.field, row.owner.value)
    console.print(table)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name].isoformat() if isinstance(row[name], datetime) else row[name] for name in COLUMNS}


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(_plain(row).values() for row in rows)
    return out.getvalue()


def _table(rows: list[dict[str, Any]]) -> Table:
    table = Table("id", "record", "field", "base", "ours", "theirs", "status", "import")
    for row in rows:
        table.add_row(str(row["id"]), f"{row['entity']} {row['external_id']}", row["field"], row["base"] or "",
                      row["ours"] or "", row["theirs"] or "", row["status"], str(row["batch_id"] or ""))  # fmt: skip
    return table
