"""What a record write can fail on, each carrying what the caller needs to fix it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FieldOwnedBySource", "InvalidRecord", "Problem", "StaleRecord", "TooManyRecords"]


@dataclass(frozen=True)
class Problem:
    """One reason a record is refused: which record of the request (0-based), field, value and why."""

    index: int
    field: str
    value: str | None
    reason: str

    def __str__(self) -> str:
        return f"record {self.index}: {self.field}: {self.reason}"


class InvalidRecord(ValueError):
    """The record breaks the import rules of its kind; nothing of it was stored."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


class FieldOwnedBySource(ValueError):
    """A field the record's source system owns: a re-import would overwrite it, so it is changed there."""

    def __init__(self, field: str, source_system: str) -> None:
        super().__init__(f"{field} belongs to {source_system}, where this record comes from: change it there "
                         f"(a re-import would overwrite it here)")
        self.field, self.source_system = field, source_system


class StaleRecord(ValueError):
    """The record changed since the version the caller read: read it again and repeat the change."""

    def __init__(self, label: str) -> None:
        super().__init__(f"{label} was changed by someone else meanwhile: read it again and repeat the change")
        self.label = label


class TooManyRecords(ValueError):
    def __init__(self, given: int, limit: int) -> None:
        super().__init__(f"{given:,} records in one request; send at most {limit:,} at a time")
