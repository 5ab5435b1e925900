"""`partnerops export --all DIR` and `partnerops restore DIR`: every record out as documented JSON Lines, and back
into an empty database with nothing lost."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from partnerops.cli.context import console, errors, user_errors

if TYPE_CHECKING:
    from partnerops.portability.manifest import Manifest


def export(
    directory: Annotated[Path, typer.Argument(metavar="DIR", file_okay=False,
                                              help="A new or empty directory to write into.")],
    everything: Annotated[bool, typer.Option("--all", help="Every table: the export `partnerops restore` "
                                             "loads.")] = False,
    tables: Annotated[list[str] | None, typer.Option("--table", metavar="TABLE", help="Only this table (repeat "
                                                     "for more); such an export cannot be restored.")] = None,
    without_credentials: Annotated[bool, typer.Option("--without-credentials", help="Leave out password hashes, "
                                                      "API tokens, sessions and password links (users then "
                                                      "reset their password after a restore).")] = False,
) -> None:
    """Write every record of PARTNEROPS_DATABASE_URL (partners, accounts, deals, touches and their decisions,
    registrations, the commission ledger, the audit log, quarantine, import batches, conflicts, users and the rest)
    into DIR: one JSON Lines file per table, a manifest.json with each file's columns, types, row count and
    SHA-256, and a README.md describing the format. Read from one consistent snapshot while the app runs."""
    from partnerops.portability.containers import Folder
    from partnerops.portability.errors import PortabilityError
    from partnerops.portability.export import export_all
    from partnerops.portability.snapshot import existing_database
    from partnerops.settings import get_settings

    if everything == bool(tables):
        errors.print("[bold red]error:[/] say --all for every table, or --table NAME for some", highlight=False)
        raise typer.Exit(2)
    if directory.exists() and any(directory.iterdir()):
        errors.print(f"[bold red]error:[/] {directory} is not empty: export into a new or empty directory",
                     highlight=False)  # fmt: skip
        raise typer.Exit(2)
    with user_errors(PortabilityError):
        folder = Folder(directory)
        folder.create()
        manifest = export_all(existing_database(get_settings().database_url), folder, not without_credentials,
                              tables or ())  # fmt: skip
    _print_counts(manifest)
    console.print(f"exported {sum(t.rows for t in manifest.tables):,} rows of {len(manifest.tables)} tables into "
                  f"{directory} (schema revision {manifest.schema_revision})", highlight=False)  # fmt: skip


def restore(
    source: Annotated[Path, typer.Argument(metavar="SOURCE", exists=True,
                                           help="A directory written by `partnerops export --all`, or the zip a "
                                           "PostgreSQL `partnerops backup` wrote without pg_dump.")],
) -> None:
    """Load an export into PARTNEROPS_DATABASE_URL, which must be new and empty (a SQLite path with no file yet, or
    a PostgreSQL database just created): every row with its id, all or nothing, then the schema is upgraded to
    this version's."""
    from partnerops.portability.containers import open_container
    from partnerops.portability.errors import PortabilityError
    from partnerops.portability.restore import restore_all
    from partnerops.settings import get_settings
    from partnerops.store.database import make_engine

    with user_errors(PortabilityError), open_container(source) as container:
        summary = restore_all(make_engine(get_settings().database_url), container)
    console.print(f"restored {sum(summary.rows.values()):,} rows of {len(summary.rows)} tables from {source}",
                  highlight=False)  # fmt: skip


def _print_counts(manifest: Manifest) -> None:
    table = Table("table", "rows", "file")
    for entry in manifest.tables:
        if entry.rows:
            table.add_row(entry.name, f"{entry.rows:,}", entry.file)
    console.print(table)
