"""Working the quarantine: retry with fixes lands a row; a still-bad row keeps its new reason."""

from __future__ import annotations

import pytest

from ingest.ingest_kit import DEALS, ImportBench
from partnerops.ingest.quarantine import QuarantineFilter, UnknownEntry, discard, list_entries, retry


def _one_bad_deal(db: ImportBench) -> int:
    db.with_accounts().load_text("deals.csv", DEALS + "O1,A1,x,,USD,Open,03/04/2026,,,\n", "opportunities")
    return int(db.quarantined()[0]["id"])


def test_retry_with_fixes_lands_the_row_and_resolves_the_entry(db: ImportBench) -> None:
    entry_id = _one_bad_deal(db)
    result = retry(db.engine, entry_id, {"amount": "1200", "created_on": "2026-04-03"}, actor="dana")
    assert result.landed and result.entry["status"] == "resolved"
    assert db.rows("opportunities")[0]["amount_minor"] == 120000


def test_retry_of_a_still_bad_row_keeps_it_with_the_new_reason(db: ImportBench) -> None:
    entry_id = _one_bad_deal(db)
    result = retry(db.engine, entry_id, {"amount": "1200"})
    assert not result.landed
    assert (result.entry["field"], result.entry["status"]) == ("created_on", "open")
    assert "ambiguous date" in result.entry["reason"]


def test_discard_closes_an_entry_and_list_filters_by_status(db: ImportBench) -> None:
    entry_id = _one_bad_deal(db)
    discard(db.engine, entry_id)
    assert list_entries(db.engine, QuarantineFilter()) == []
    assert [e["id"] for e in list_entries(db.engine, QuarantineFilter(status="discarded"))] == [entry_id]
    with pytest.raises(UnknownEntry, match="discarded"):
        retry(db.engine, entry_id)


def test_list_filters_by_file_name_and_kind(db: ImportBench) -> None:
    _one_bad_deal(db)
    assert len(list_entries(db.engine, QuarantineFilter(file="deals.csv", kind="opportunities"))) == 1
    assert list_entries(db.engine, QuarantineFilter(kind="accounts")) == []
