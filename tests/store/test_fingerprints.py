"""Stored import fingerprints: the narrow read finds those of the live records asked for, whichever way it reads
them, and a write that is not an import's clears a record's fingerprint on both databases."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Engine, select, text, update

from partnerops.store.bulk import insert_frame
from partnerops.store.fingerprints import stored_fingerprints
from partnerops.store.tables import accounts

IDS = ["A1", 'A"2', "Ä3", "A4", "A5"]
FINGERPRINTS = [1, -2, 2**62, None, 5]


def _stored(engine: Engine) -> None:
    rows = pl.DataFrame({"source_system": ["csv"] * len(IDS), "external_id": IDS, "name": IDS,
                         "import_fingerprint": pl.Series(FINGERPRINTS, dtype=pl.Int64)})
    with engine.begin() as conn:
        insert_frame(conn, accounts, rows)
        conn.execute(text("update accounts set deleted_at = created_at, import_fingerprint = 5 "
                          "where external_id = 'A5'"))


def _read(engine: Engine, ids: list[str]) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(stored_fingerprints(conn, accounts, "csv", ids).rows())


def test_fingerprints_of_the_live_records_asked_for_are_read_in_a_range_or_one_by_one(engine: Engine) -> None:
    _stored(engine)
    wanted = {"A1": 1, 'A"2': -2, "Ä3": 2**62}
    # All five ids: the stored records between them are as many, so the key index is walked between them.
    assert _read(engine, [*IDS, "A9"]) == wanted
    # One id far from another, with records between them: each is looked up.
    assert _read(engine, ["A1", "Ä3"]) == {"A1": 1, "Ä3": 2**62}
    assert _read(engine, []) == {}


def test_a_write_that_is_not_an_import_clears_the_fingerprint(engine: Engine) -> None:
    _stored(engine)
    with engine.begin() as conn:
        conn.execute(update(accounts).where(accounts.c.external_id == "A1").values(segment="SMB"))
        conn.execute(update(accounts).where(accounts.c.external_id == 'A"2').values(segment="SMB",
                                                                                   import_fingerprint=7))
        stored = dict(conn.execute(select(accounts.c.external_id, accounts.c.import_fingerprint)).all())
    assert (stored["A1"], stored['A"2'], stored["Ä3"]) == (None, 7, 2**62)
