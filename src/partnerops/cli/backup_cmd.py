"""`partnerops backup FILE`: a consistent copy of the live database, made while the app keeps running."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partnerops.cli.context import console, user_errors

RESTORE_HINTS = {
    "sqlite-backup": "a SQLite database: point PARTNEROPS_DATABASE_URL at a copy of it to use it",
    "pg_dump": "a pg_dump archive: restore it with `pg_restore --dbname=NEW_DATABASE FILE`",
    "export": "an export archive: restore it with `partnerops restore FILE` into a new, empty database",
}


def backup(
    file: Annotated[Path, typer.Argument(metavar="FILE", dir_okay=False, help="The backup file to create "
                                         "(never overwritten).")],
    portable: Annotated[bool, typer.Option("--portable", help="Write the export archive (JSON Lines in a zip) "
                                           "whatever the database: the way to move between SQLite and "
                                           "PostgreSQL.")] = False,
) -> None:
    """Copy PARTNEROPS_DATABASE_URL while it is in use. SQLite: the online backup API (one committed state, page
    by page). PostgreSQL: pg_dump when it is installed and can read the server, else the export of one REPEATABLE
    READ transaction, zipped."""
    from partnerops.portability.backup import backup as make_backup
    from partnerops.portability.errors import PortabilityError
    from partnerops.portability.snapshot import existing_database
    from partnerops.settings import get_settings

    with user_errors(PortabilityError):
        made = make_backup(existing_database(get_settings().database_url), file, portable)
    if made.note:
        console.print(made.note, highlight=False)
    console.print(f"backed up to {made.path}: {RESTORE_HINTS[made.method]}", highlight=False)
