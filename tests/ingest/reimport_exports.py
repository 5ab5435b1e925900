"""The nightly export of tests/fixtures/exports/reimport: import it whole, or one file of it, as a user does."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from partnerops.ingest.options import ImportOptions, ImportSummary
from partnerops.ingest.service import import_file

EXPORTS = Path(__file__).parents[1] / "fixtures" / "exports" / "reimport"
# In the order references need them: a touch names a partner and a deal, a deal an account.
KINDS = ("partners", "accounts", "opportunities", "touches")
IMPORTER = "nightly-import"


def import_export(engine: Engine, kind: str, name: str | None = None) -> ImportSummary:
    """Import `<name or kind>.csv` of the export as `kind`."""
    return import_file(engine, EXPORTS / f"{name or kind}.csv", kind, "generic", ImportOptions(actor=IMPORTER))


def import_whole_export(engine: Engine) -> list[ImportSummary]:
    return [import_export(engine, kind) for kind in KINDS]
