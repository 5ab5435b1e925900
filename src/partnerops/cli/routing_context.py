"""What the `partnerops routing` commands share: a connection whose refusals print as one line, and leads and
partners named as users name them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from partnerops.cli.context import open_engine, user_errors

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from partnerops.routing.leads import Lead


class LeadKind(StrEnum):
    deal = "deal"
    account = "account"


Kind = Annotated[LeadKind | None, typer.Option("--kind", help="Whether LEAD names a deal or an account, when a name "
                                                "could be either.")]  # fmt: skip


def problems() -> tuple[type[Exception], ...]:
    from partnerops.program.errors import ProgramForbidden
    from partnerops.routing.errors import RoutingError
    from partnerops.store.record_refs import AmbiguousRecord, UnknownRecord

    return RoutingError, ProgramForbidden, UnknownRecord, AmbiguousRecord


@contextmanager
def routing(write: bool = False) -> Iterator[Connection]:
    """A connection (a transaction when `write`) whose refusals print as one line and exit 2."""
    engine = open_engine()
    with user_errors(*problems()), (engine.begin() if write else engine.connect()) as conn:
        yield conn


def find_lead(conn: Connection, ref: str, kind: LeadKind | None) -> Lead:
    from partnerops.routing.leads import resolve_lead

    return resolve_lead(conn, ref, kind.value if kind else None)  # type: ignore[arg-type]


def partner_id(conn: Connection, ref: str) -> int:
    from partnerops.store.record_refs import find_record

    return find_record(conn, "partner", ref).id


