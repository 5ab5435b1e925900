"""Pulling a connection's objects: each changed page lands through the import, then the object's cursor moves to
the page's stamp. A crash or kill between the two re-reads that page next time, which the import's idempotence
makes harmless: no duplicate and no gap."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from partnerops.ingest.options import ImportSummary
from partnerops.sync.batches import Batch, CrmReader
from partnerops.sync.cursors import read_cursor, save_cursor
from partnerops.sync.landing import COUNTED, Landing, land_page
from partnerops.sync.mapping import FieldMapping, PulledObject
from partnerops.sync.runs import RunReport, extend_lease
from partnerops.sync.stamps import window_start
from partnerops.sync.stored import stored_ids

DELETIONS = "deleted"


@dataclass(frozen=True)
class Pull:
    engine: Engine
    connection_id: int
    reader: CrmReader
    mapping: FieldMapping
    landing: Landing
    full: bool = False


def pull_objects(pull: Pull, report: RunReport) -> None:
    """Every object of the mapping, in its order; a failing object stops the run (later objects may need it)."""
    for obj in pull.mapping.objects:
        pull_object(pull, obj, report)


def pull_object(pull: Pull, obj: PulledObject, report: RunReport) -> None:
    """Changed records from the object's cursor (less the overlap), then deletions the changes did not carry
    (from their own cursor). A first or full read starts the deletions' cursor at its newest record: it read every
    record there was, deleted ones included."""
    cursor = None if pull.full else read_cursor(pull.engine, pull.connection_id, obj.cursor)
    since = window_start(cursor, pull.mapping.overlap_seconds)
    report.add(obj.kind, pages=0)
    newest: str | None = None
    for batch in pull.reader.changed(obj, since):
        _land(pull, batch, report, obj.kind, obj.cursor)
        newest = batch.stamp or newest
    if since is None:
        if newest is not None:
            _keep(pull, _deleted_key(obj), newest)
        return
    deleted_cursor = read_cursor(pull.engine, pull.connection_id, _deleted_key(obj))
    deletions_from = window_start(deleted_cursor, pull.mapping.overlap_seconds) or since
    for batch in pull.reader.removed(obj, deletions_from, lambda kind, ids: _stored(pull, kind, ids)):
        _land(pull, batch, report, obj.kind, _deleted_key(obj))


def _land(pull: Pull, batch: Batch, report: RunReport, obj: str, cursor: str) -> None:
    """Land the batch's pages in order, then move `cursor` to its stamp."""
    for page in batch.pages:
        if page.records:
            _count(report, obj if page.kind == obj else page.kind, land_page(pull.engine, page, pull.landing))
    if any(page.records for page in batch.pages):
        report.add(obj, pages=1)
    if batch.skipped:
        report.add(obj, skipped=batch.skipped)
    if batch.stamp is not None:
        _keep(pull, cursor, batch.stamp)
    if not pull.landing.mode.dry_run:
        extend_lease(pull.engine, report)


def _keep(pull: Pull, cursor: str, stamp: str) -> None:
    if not pull.landing.mode.dry_run:
        save_cursor(pull.engine, pull.connection_id, cursor, stamp)


def _count(report: RunReport, obj: str, summary: ImportSummary) -> None:
    report.add(obj, **{name: getattr(summary, name) for name in COUNTED})
    room = 20 - len(report.problems)
    report.problems.extend(f"{obj}: {line}" for line in summary.problems[:max(room, 0)])


def _stored(pull: Pull, kind: str, ids: list[str]) -> set[str]:
    return stored_ids(pull.engine, pull.landing.options.system_for(pull.landing.fmt), kind, ids)


def _deleted_key(obj: PulledObject) -> str:
    return f"{obj.cursor}:{DELETIONS}"

