"""`partnerops db`: create or upgrade the database schema."""

from __future__ import annotations

import typer

from partnerops.cli.context import console

app = typer.Typer(no_args_is_help=True)


@app.command("migrate")
def migrate_command() -> None:
    """Bring the database to the newest schema; every other command does this on its own too."""
    from partnerops.settings import get_settings
    from partnerops.store.database import make_engine, migrate

    settings = get_settings()
    migrate(make_engine(settings.database_url))
    console.print(f"database at {settings.database_url} is up to date")
