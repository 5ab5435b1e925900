"""What every command needs: the settings, a migrated engine, a console, and turning errors into exit codes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from sqlalchemy import Engine

from partnerops.domain.roles import Principal, Role
from partnerops.settings import Settings, get_settings
from partnerops.store.database import make_engine, migrate

console = Console()
errors = Console(stderr=True)


def open_engine(settings: Settings | None = None) -> Engine:
    """An engine on PARTNEROPS_DATABASE_URL, migrated to the current schema."""
    engine = make_engine((settings or get_settings()).database_url)
    migrate(engine)
    return engine


def operator() -> Principal:
    """The command line acts as an administrator, recorded in the audit log as PARTNEROPS_ACTOR."""
    return Principal(user_id=0, email=get_settings().actor, role=Role.ADMIN)


@contextmanager
def user_errors(*kinds: type[Exception]) -> Iterator[None]:
    """Print an expected error as one clear line and exit with status 2, instead of a traceback."""
    try:
        yield
    except kinds as exc:
        errors.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc
