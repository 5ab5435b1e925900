"""An import that would rewrite a date of more than 1% of the stored records it touches stops and asks for --yes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ingest.ingest_kit import DEALS, ImportBench
from partnerops.ingest.changes import FieldChange
from partnerops.ingest.date_guard import DateChangesRefused
from partnerops.ingest.options import ImportOptions, ImportSummary, RunMode
from partnerops.ingest.service import import_file

START = date(2026, 1, 1)


def deals(count: int, moved: int = 0, days: int = 30) -> str:
    """`count` open deals; the first `moved` have their created date `days` later than the others'."""
    rows = [f"O{i},A1,Deal {i},100,USD,Open,{START + timedelta(days=days if i < moved else 0)},,2026-09-01,Web\n"
            for i in range(count)]
    return f"{DEALS}{''.join(rows)}"


def load(db: ImportBench, content: str, accept: bool = False) -> ImportSummary:
    path = db.write("deals.csv", content)
    return import_file(db.engine, path, "opportunities", "generic", ImportOptions(),
                       mode=RunMode(accept_date_changes=accept, sample=5))


def created_dates(db: ImportBench) -> set[str]:
    return {str(row["created_on"]) for row in db.rows("opportunities")}


def test_rewriting_dates_of_more_than_one_percent_is_refused_with_a_sample(db: ImportBench) -> None:
    db.with_accounts()
    load(db, deals(10))
    with pytest.raises(DateChangesRefused, match=r"deals.csv: .* 2 of the 10 stored records .*--yes") as refused:
        load(db, deals(10, moved=2))
    assert refused.value.changes.sample == [FieldChange("O0", "created_on", "2026-01-01", "2026-01-31"),
                                            FieldChange("O1", "created_on", "2026-01-01", "2026-01-31")]
    assert created_dates(db) == {"2026-01-01"}
    assert db.rows("import_batches")[-1]["status"] == "refused"


def test_with_yes_the_same_import_proceeds(db: ImportBench) -> None:
    db.with_accounts()
    load(db, deals(10))
    summary = load(db, deals(10, moved=2), accept=True)
    assert summary.updated == 2
    assert created_dates(db) == {"2026-01-01", "2026-01-31"}


def test_a_first_import_never_trips_the_guard(db: ImportBench) -> None:
    db.with_accounts()
    assert load(db, deals(5, moved=5)).inserted == 5


def test_one_percent_or_less_goes_through(db: ImportBench) -> None:
    db.with_accounts()
    load(db, deals(100))
    assert load(db, deals(100, moved=1)).updated == 1


def test_a_date_filled_in_is_not_a_rewrite(db: ImportBench) -> None:
    db.with_accounts()
    load(db, deals(4))
    closed = deals(4).replace("Open,2026-01-01,,", "Closed Won,2026-01-01,2026-03-01,")
    assert load(db, closed).updated == 4
