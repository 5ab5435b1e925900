"""Pages name partners, accounts and deals by their external ids: a path's reference found, or a 404 page."""

from __future__ import annotations

from sqlalchemy import Connection

from partnerops.store.record_refs import AmbiguousRecord, RecordKind, RecordRef, UnknownRecord, find_record
from partnerops.web.errors import PageError

__all__ = ["live_record"]


def live_record(connection: Connection, kind: RecordKind, ref: str) -> RecordRef:
    """The live record `ref` names; unknown or deleted is a 404 page, several records a 400 naming them."""
    try:
        found = find_record(connection, kind, ref)
    except UnknownRecord as exc:
        raise PageError(404, f"There is no {kind} {ref!r}: search the list for its id or name.") from exc
    except AmbiguousRecord as exc:
        raise PageError(400, str(exc)) from exc
    if found.deleted:
        raise PageError(404, f"The {kind} {found.label} was deleted.")
    return found
