"""Re-imports where records change different fields in one chunk: each record ends up as the file has it, and
each changed field is audited once, whichever other fields changed beside it."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
from sqlalchemy import Engine, select

from partnerops.store.tables import accounts
from partnerops.store.upsert import upsert

AT = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
KEY = ("source_system", "external_id")
Row = tuple[str, str, str | None, str | None]
FIRST: list[Row] = [("A1", "Acme", "acme.com", "EMEA"), ("A2", "Beta", "beta.io", "NA"),
                    ("A3", "Cora", None, "APAC"), ("A4", "Dune", "dune.org", None)]
NEXT: list[Row] = [("A1", "Acme AG", "acme.com", "EMEA"), ("A2", "Beta", "beta.com", "NA"),
                   ("A3", "Cora", None, "APAC"), ("A4", "Dune Ltd", None, "LATAM")]


def _frame(rows: list[Row]) -> pl.DataFrame:
    schema = {"external_id": pl.String, "name": pl.String, "domain": pl.String, "region": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row").with_columns(pl.lit("csv").alias("source_system"))


def test_records_changing_different_fields_end_as_the_file_has_them(engine: Engine) -> None:
    with engine.begin() as conn:
        upsert(conn, accounts, KEY, _frame(FIRST), "importer", AT)
        counts = upsert(conn, accounts, KEY, _frame(NEXT), "importer", AT)
        stored = conn.execute(select(accounts.c.external_id, accounts.c.name, accounts.c.domain, accounts.c.region)
                              .order_by(accounts.c.external_id)).all()
        ids = dict(conn.execute(select(accounts.c.external_id, accounts.c.id)).all())
    assert [tuple(row) for row in stored] == NEXT
    assert (counts.updated, counts.unchanged) == (3, 1)
    by_id = {v: k for k, v in ids.items()}
    assert sorted((by_id[e], f, old, new) for e, f, old, new in counts.changes.rows()) == [
        ("A1", "name", "Acme", "Acme AG"), ("A2", "domain", "beta.io", "beta.com"),
        ("A4", "domain", "dune.org", None), ("A4", "name", "Dune", "Dune Ltd"), ("A4", "region", None, "LATAM"),
    ]  # fmt: skip
