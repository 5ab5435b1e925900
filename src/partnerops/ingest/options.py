"""What an import is told (ImportOptions, and how to run: RunMode) and what it reports back (ImportSummary)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from partnerops.ingest.preview import Preview

DEFAULT_SOURCE_SYSTEMS: dict[str, str] = {"generic": "csv", "salesforce": "salesforce", "hubspot": "hubspot",
                                          "stripe": "stripe", "aws": "aws", "azure": "azure", "gcp": "gcp"}


@dataclass(frozen=True)
class ImportOptions:
    """Options of one import. Empty values mean "the default for this format"."""

    source_system: str | None = None
    refs: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    stages: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    date_format: str | None = None
    decimal_comma: bool = False
    encoding: str | None = None
    currency: str | None = None
    touch_status: str = "confirmed"
    # A marketplace customer id, email domain or company name (or reseller) -> the account (partner) id it is.
    links: dict[str, str] = field(default_factory=dict)
    # Identical rows without an id are one record (the second a duplicate), not one each (ingest/keys.py).
    collapse_duplicates: bool = False
    actor: str = "cli"
    chunk_rows: int = 100_000

    def system_for(self, fmt: str) -> str:
        return self.source_system or DEFAULT_SOURCE_SYSTEMS[fmt]

    def ref_system(self, kind: str, fmt: str) -> str:
        """The source system that ids in a reference column (account, partner, opportunity) belong to."""
        singular = {"accounts": "account", "partners": "partner", "opportunities": "opportunity"}
        return self.refs.get(singular.get(kind, kind)) or self.refs.get(kind) or self.system_for(fmt)

    def to_json(self) -> dict[str, object]:
        return {
            "source_system": self.source_system, "refs": self.refs, "columns": self.columns,
            "stages": self.stages, "roles": self.roles, "date_format": self.date_format,
            "decimal_comma": self.decimal_comma, "encoding": self.encoding, "currency": self.currency,
            "touch_status": self.touch_status, "links": self.links, "collapse_duplicates": self.collapse_duplicates,
            "actor": self.actor,
        }

    @classmethod
    def from_json(cls, data: dict[str, object], actor: str | None = None) -> ImportOptions:
        values = dict(data)
        if actor:
            values["actor"] = actor
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class RunMode:
    """How one import runs, beside what it reads: a dry run lands everything in a transaction that is rolled
    back; `accept_date_changes` (--yes) lets it rewrite the dates of many stored records; `sample` bounds the
    changes shown."""

    dry_run: bool = False
    accept_date_changes: bool = False
    sample: int = 20


@dataclass
class ImportSummary:
    file: Path
    kind: str
    encoding: str
    format: str = "generic"
    delimiter: str | None = None
    status: str = "finished"
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    deleted: int = 0
    warnings: int = 0
    problems: list[str] = field(default_factory=list)
    # What the whole file showed, for the user to act on (e.g. the date order its other rows prove).
    notes: list[str] = field(default_factory=list)
    batch_id: int | None = None
    preview: Preview | None = None

    MAX_PROBLEMS = 5

    def add(self, inserted: int, updated: int, unchanged: int, quarantined: int, problems: list[str]) -> None:
        self.inserted += inserted
        self.updated += updated
        self.unchanged += unchanged
        self.quarantined += quarantined
        room = self.MAX_PROBLEMS - len(self.problems)
        self.problems.extend(problems[: max(room, 0)])

    @property
    def all_quarantined(self) -> bool:
        """Rows were read and every one of them was kept out."""
        return self.rows_read > 0 and self.quarantined == self.rows_read

    def counts(self) -> dict[str, int]:
        names = ("rows_read", "inserted", "updated", "unchanged", "quarantined", "deleted", "warnings")
        return {name: getattr(self, name) for name in names}
