"""Invariants of any import: re-importing changes nothing; every row read lands or is quarantined."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.ingest_kit import ImportBench

cell = st.text(alphabet=st.sampled_from("AB1é,.$ -/\"'"), max_size=6)
row = st.tuples(st.sampled_from(["A1", "A2", "A3", ""]), cell, st.sampled_from(["DE", "US", "Narnia", ""]), cell)
counter = itertools.count()


def _csv(rows: list[tuple[str, str, str, str]]) -> str:
    quote = lambda value: '"' + value.replace('"', '""') + '"'  # noqa: E731
    return "id,name,country,segment\n" + "".join(",".join(map(quote, r)) + "\n" for r in rows)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=8))
def test_every_row_read_is_either_stored_or_quarantined_and_reimport_changes_nothing(
        db: ImportBench, rows: list[tuple[str, str, str, str]]) -> None:
    path = db.write(f"accounts-{next(counter)}.csv", _csv(rows))
    source = f"s{next(counter)}"
    first = db.load(path, "accounts", source_system=source)
    assert first.inserted + first.updated + first.unchanged + first.quarantined == first.rows_read == len(rows)
    stored = db.rows("accounts")
    quarantine_size = len(db.quarantined())
    again = db.load(path, "accounts", source_system=source)
    assert (again.inserted, again.updated) == (0, 0)
    assert again.quarantined == first.quarantined
    assert db.rows("accounts") == stored and len(db.quarantined()) == quarantine_size
