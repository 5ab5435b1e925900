"""Invariants of any import: every row read lands, is quarantined or is deleted; re-importing the same file
changes no record and no quarantine entry (beyond noting the import that saw it last)."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.ingest_kit import ImportBench

cell = st.text(alphabet=st.sampled_from("AB1é,.$ -/\"'"), max_size=6)
row = st.tuples(st.sampled_from(["A1", "A2", "A3", ""]), cell, st.sampled_from(["DE", "US", "Narnia", ""]), cell,
                st.sampled_from(["acme.com", "not a site", ""]))
counter = itertools.count()
BOOKKEEPING = ("batch_id", "file", "updated_at")


def _csv(rows: list[tuple[str, ...]]) -> str:
    quote = lambda value: '"' + value.replace('"', '""') + '"'  # noqa: E731
    return "id,name,country,segment,domain\n" + "".join(",".join(map(quote, r)) + "\n" for r in rows)


def _entries(db: ImportBench) -> list[dict[str, Any]]:
    return [{k: v for k, v in e.items() if k not in BOOKKEEPING} for e in db.quarantined()]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=8))
def test_every_row_read_is_stored_quarantined_or_deleted_and_reimport_changes_nothing(
        db: ImportBench, rows: list[tuple[str, ...]]) -> None:
    path = db.write(f"accounts-{next(counter)}.csv", _csv(rows))
    source = f"s{next(counter)}"
    first = db.load(path, "accounts", source_system=source)
    landed = first.inserted + first.updated + first.unchanged
    assert landed + first.quarantined + first.deleted == first.rows_read == len(rows)
    stored, entries = db.rows("accounts"), _entries(db)
    again = db.load(path, "accounts", source_system=source)
    assert (again.inserted, again.updated, again.quarantined) == (0, 0, first.quarantined)
    assert db.rows("accounts") == stored and _entries(db) == entries
