"""What every command needs: the settings, a migrated engine, a console, and turning errors into exit codes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from partnerops.cli.fitting import FitTables
from partnerops.domain.roles import Principal, Role

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from partnerops.settings import Settings
    from partnerops.store.record_refs import RecordKind, RecordRef

console = Console()
console.push_render_hook(FitTables(console))
errors = Console(stderr=True)


def open_engine(settings: Settings | None = None) -> Engine:
    """An engine on PARTNEROPS_DATABASE_URL, migrated to the current schema."""
    # SQLAlchemy loads here, when a command first needs the database, so that `--help` and commands that never
    # touch it start at once; Alembic only when the schema is behind.
    from partnerops.settings import SettingsError, get_settings
    from partnerops.store.database import make_engine, migrate

    with user_errors(SettingsError):
        engine = make_engine((settings or get_settings()).database_url)
    migrate(engine)
    return engine


def operator() -> Principal:
    """The command line acts as an administrator, recorded in the audit log as PARTNEROPS_ACTOR."""
    return Principal(user_id=0, email=actor(), role=Role.ADMIN)


def actor() -> str:
    """Who the command line acts as in the audit log: PARTNEROPS_ACTOR (default `cli`)."""
    from partnerops.settings import get_settings

    return get_settings().actor


def reporting_currency() -> str:
    """PARTNEROPS_REPORTING_CURRENCY: the currency reports are converted to unless a command is told otherwise."""
    from partnerops.settings import get_settings

    return get_settings().reporting_currency


@contextmanager
def user_errors(*kinds: type[Exception]) -> Iterator[None]:
    """Print an expected error as one clear line and exit with status 2, instead of a traceback."""
    try:
        yield
    except kinds as exc:
        errors.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc


def find_named(conn: Connection, kind: RecordKind, ref: str) -> RecordRef:
    """The partner, account or deal REF names (its external id, SYSTEM:ID or exact name); exit 1 saying where the
    valid names are listed when none or several answer."""
    from partnerops.store.record_refs import AmbiguousRecord, UnknownRecord, find_record

    try:
        return find_record(conn, kind, ref)
    except (UnknownRecord, AmbiguousRecord) as exc:
        errors.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc
