"""The guard against a mass rewrite of dates: an import that would change a date of more than 1% of the stored
records it touches stops before committing, shows a sample and asks for --yes. A file whose dates were read
the other way round (day and month swapped) looks exactly like this, and nothing else would say so."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from partnerops.ingest.changes import ChangeLog, FieldChange
from partnerops.ingest.kinds import KindSpec
from partnerops.ingest.options import ImportSummary

# More than this share of the stored records an import touches getting a new date is "many".
MAX_SHARE = 0.01


@dataclass(frozen=True)
class DateChanges:
    """`records` of the `touched` stored records would get a new value in a date field; `sample` shows some."""

    records: int
    touched: int
    sample: list[FieldChange]

    @property
    def too_many(self) -> bool:
        return self.touched > 0 and self.records > MAX_SHARE * self.touched

    @property
    def share(self) -> float:
        return self.records / self.touched if self.touched else 0.0


class DateChangesRefused(Exception):
    """The import would rewrite the dates of too many stored records; nothing was written."""

    def __init__(self, file: Path, changes: DateChanges) -> None:
        super().__init__(f"{file}: this import would change a date of {changes.records} of the "
                         f"{changes.touched} stored records it touches ({changes.share:.1%}, more than "
                         f"{MAX_SHARE:.0%}); nothing was imported. Check the sample; if the dates are right, "
                         f"run the same command again with --yes")
        self.file = file
        self.changes = changes


def date_fields(spec: KindSpec) -> list[str]:
    """The stored columns of the kind's date fields (created_on, closed_on, expected_close_on, …)."""
    return [f.column for f in spec.fields if f.parse == "date"]


def date_changes(conn: Connection, log: ChangeLog, summary: ImportSummary, sample: int) -> DateChanges:
    """Read inside the transaction, after every chunk landed: only records stored before count as touched,
    so a first import never trips the guard. Only a date replaced by another date counts: a deal that closes
    gains a close date and may lose its expected one every night, while a misread file rewrites dates."""
    touched = summary.updated + summary.unchanged
    fields = date_fields(log.spec)
    if not fields or not touched:
        return DateChanges(0, touched, [])
    return DateChanges(log.records_changed(conn, fields, rewrites=True), touched,
                       log.sample(conn, sample, fields, rewrites=True))
