"""Restoring deleted records: a record that comes back live is restored and audited however many other records
of its source are deleted, and the deleted records the file does not list stay deleted."""

from __future__ import annotations

from ingest.ingest_kit import ImportBench

DELETIONS = "id,name,is_deleted\n"
NAMES = {f"A{i}": f"Company {i}" for i in range(1, 7)}


def _load(db: ImportBench, name: str, flags: dict[str, str]) -> None:
    db.load_text(name, DELETIONS + "".join(f"{key},{NAMES[key]},{flag}\n" for key, flag in flags.items()), "accounts")


def _deleted(db: ImportBench) -> list[str]:
    return [a["external_id"] for a in db.rows("accounts") if a["deleted_at"] is not None]


def _restores(db: ImportBench) -> int:
    return sum(1 for a in db.rows("audit_log") if a["field"] == "deleted_at" and a["new_value"] is None)


def test_one_record_back_among_many_deleted_is_restored_and_the_rest_stay_deleted(db: ImportBench) -> None:
    _load(db, "all.csv", dict.fromkeys(NAMES, "false"))
    _load(db, "gone.csv", {"A1": "false"} | dict.fromkeys(["A2", "A3", "A4", "A5", "A6"], "true"))
    _load(db, "back.csv", {"A3": "false"})
    assert (_deleted(db), _restores(db)) == (["A2", "A4", "A5", "A6"], 1)


def test_many_records_back_while_few_are_deleted_are_all_restored(db: ImportBench) -> None:
    _load(db, "all.csv", dict.fromkeys(NAMES, "false"))
    _load(db, "gone.csv", dict.fromkeys(["A2", "A5"], "true"))
    _load(db, "back.csv", dict.fromkeys(NAMES, "false"))
    assert (_deleted(db), _restores(db)) == ([], 2)
