"""Deleted records: a row flagged deleted never lands live; a stored record deleted since the last import is
marked, audited and counted; one that comes back live is restored; the same file twice changes nothing."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.ingest_kit import ACCOUNTS, PARTNERS, ImportBench

DELETIONS = "id,name,is_deleted\n"


def _accounts(db: ImportBench) -> dict[str, dict[str, Any]]:
    return {a["external_id"]: a for a in db.rows("accounts")}


def _deleted_audit(db: ImportBench) -> list[tuple[Any, Any, Any]]:
    return [(a["entity_id"], a["old_value"] is None, a["new_value"] is None) for a in db.rows("audit_log")
            if a["field"] == "deleted_at"]


def test_stored_record_flagged_deleted_is_marked_audited_and_counted(db: ImportBench) -> None:
    db.with_accounts()
    header, acme, beta = ACCOUNTS.splitlines()
    summary = db.load_text("gone.csv", f"{header},is_deleted\n{acme},false\n{beta},TRUE\n", "accounts")
    accounts = _accounts(db)
    assert (summary.deleted, summary.unchanged, summary.inserted) == (1, 1, 0)
    assert accounts["A2"]["deleted_at"] is not None and accounts["A1"]["deleted_at"] is None
    # Audited as a change of deleted_at from nothing to the import's time.
    assert _deleted_audit(db) == [(accounts["A2"]["id"], True, False)]


def test_reimporting_a_deletion_changes_nothing(db: ImportBench) -> None:
    db.with_accounts()
    path = db.write("gone.csv", DELETIONS + "A2,Beta,1\n")
    db.load(path, "accounts")
    stored, audit = db.rows("accounts"), db.rows("audit_log")
    again = db.load(path, "accounts")
    assert (again.deleted, db.rows("accounts"), db.rows("audit_log")) == (1, stored, audit)


def test_deleted_record_reappearing_live_is_restored_and_audited(db: ImportBench) -> None:
    db.with_accounts()
    db.load_text("gone.csv", DELETIONS + "A2,Beta,yes\n", "accounts")
    summary = db.load_text("back.csv", DELETIONS + "A2,Beta,no\n", "accounts")
    beta = _accounts(db)["A2"]
    assert (summary.deleted, beta["deleted_at"]) == (0, None)
    assert _deleted_audit(db) == [(beta["id"], True, False), (beta["id"], False, True)]


def test_row_flagged_deleted_that_was_never_stored_is_skipped_and_counted(db: ImportBench) -> None:
    summary = db.load_text("new.csv", DELETIONS + "A7,Gamma,true\nA8,Delta,false\n", "accounts")
    assert (summary.rows_read, summary.inserted, summary.deleted) == (2, 1, 1)
    assert list(_accounts(db)) == ["A8"] and _deleted_audit(db) == []


def test_unreadable_deleted_flag_is_quarantined_never_read_as_live(db: ImportBench) -> None:
    summary = db.load_text("new.csv", DELETIONS + "A7,Gamma,maybe\n", "accounts")
    (entry,) = db.quarantined()
    assert (summary.quarantined, entry["field"], entry["value"]) == (1, "is_deleted", "maybe")
    assert "neither true nor false" in entry["reason"]


@pytest.mark.parametrize("kind", ["partners", "touches", "opportunities"])
def test_deletion_works_for_every_record_kind(db: ImportBench, kind: str) -> None:
    db.with_accounts().load_text("p.csv", PARTNERS, "partners")
    db.load_text("d.csv", "id,account_id,name,amount,currency,stage,created_on\nO1,A1,x,5,USD,Open,2026-01-01\n",
                 "opportunities")
    db.load_text("t.csv", "id,partner_id,opportunity_id,type,touched_on\nT1,P1,O1,poc,2026-02-01\n", "touches")
    files = {"partners": PARTNERS.replace("joined_on\n", "joined_on,is_deleted\n").replace("2025-01-02\n",
                                                                                           "2025-01-02,true\n"),
             "touches": "id,partner_id,opportunity_id,type,touched_on,is_deleted\nT1,P1,O1,poc,2026-02-01,true\n",
             "opportunities": "id,account_id,name,amount,currency,stage,created_on,is_deleted\n"
                              "O1,A1,x,5,USD,Open,2026-01-01,true\n"}
    summary = db.load_text("gone.csv", files[kind], kind)
    (record,) = db.rows(kind)
    assert (summary.deleted, record["deleted_at"] is not None) == (1, True)


def test_salesforce_account_export_uses_is_deleted_of_the_api(db: ImportBench) -> None:
    db.load_text("a.csv", "Id,Name,IsDeleted\n001A,Acme,false\n001B,Beta,true\n", "accounts", "salesforce")
    assert list(_accounts(db)) == ["001A"]


counter = itertools.count()
flag = st.sampled_from(["true", "false", "TRUE", "0", "1", "", "no"])
row = st.tuples(st.sampled_from(["A1", "A2", "A3", "A4", ""]), st.sampled_from(["Acme", "", "Beta"]), flag)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.lists(row, min_size=1, max_size=8), second=st.lists(row, min_size=1, max_size=8))
def test_every_row_read_is_stored_quarantined_or_deleted_and_reimport_changes_nothing(
        db: ImportBench, first: list[tuple[str, str, str]], second: list[tuple[str, str, str]]) -> None:
    source = f"s{next(counter)}"
    db.load_text(f"first-{source}.csv", _csv(first), "accounts", source_system=source)
    path = db.write(f"second-{source}.csv", _csv(second))
    summary = db.load(path, "accounts", source_system=source)
    landed = summary.inserted + summary.updated + summary.unchanged
    assert landed + summary.quarantined + summary.deleted == summary.rows_read == len(second)
    stored, audit = db.rows("accounts"), db.rows("audit_log")
    again = db.load(path, "accounts", source_system=source)
    assert (again.inserted, again.updated, db.rows("accounts"), db.rows("audit_log")) == (0, 0, stored, audit)


def _csv(rows: list[tuple[str, str, str]]) -> str:
    return DELETIONS + "".join(",".join(r) + "\n" for r in rows)

