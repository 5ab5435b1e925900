"""Matching on two company lists spelled as two registries spell them (tests/fixtures/companies): a stock list's
legal names with share classes against a CRM's informal names, with the true pairs known."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from partnerops.mapping.tiers import match_accounts

CORPUS = Path(__file__).parent.parent / "fixtures" / "companies"


def _side(name: str, columns: list[str]) -> pl.DataFrame:
    frame = pl.read_csv(CORPUS / name, infer_schema=False)
    return frame.with_row_index("row").select(pl.col("row").cast(pl.Int64).alias("id"), pl.col("id").alias("key"),
                                              pl.lit(None, pl.String).alias("domain"), *columns)


def _scores(with_aliases: bool) -> tuple[float, float]:
    listed = _side("listed.csv", ["name", "aliases"] if with_aliases else ["name"])
    crm = _side("crm.csv", ["name"])
    truth = pl.read_csv(CORPUS / "truth.csv", infer_schema=False)
    found = match_accounts(listed.drop("key"), crm.drop("key"))
    keyed = found.join(listed.select(pl.col("id").alias("their_id"), pl.col("key").alias("listed_id")),
                       on="their_id").join(crm.select(pl.col("id").alias("our_id"), pl.col("key").alias("crm_id")),
                                           on="our_id")
    hits = keyed.join(truth, on=["listed_id", "crm_id"]).height
    return hits / keyed.height, hits / truth.height


@pytest.mark.parametrize(("with_aliases", "least_recall"), [(True, 0.98), (False, 0.95)])
def test_registry_and_crm_spellings_match_precisely(with_aliases: bool, least_recall: float) -> None:
    precision, recall = _scores(with_aliases)
    assert precision >= 0.99
    assert recall >= least_recall


def test_an_index_and_a_ranking_of_another_year_match_precisely() -> None:
    folder = CORPUS.parent / "company-rankings"
    index = _read(folder / "index.csv")
    ranking = _read(folder / "ranking.csv")
    truth = pl.read_csv(folder / "truth.csv", infer_schema=False)
    found = match_accounts(index.drop("key"), ranking.drop("key")).join(
        index.select(pl.col("id").alias("their_id"), pl.col("key").alias("index_id")), on="their_id").join(
        ranking.select(pl.col("id").alias("our_id"), pl.col("key").alias("ranking_id")), on="our_id")
    hits = found.join(truth, on=["index_id", "ranking_id"]).height
    assert hits / found.height >= 0.99
    assert hits / truth.height >= 0.92


def _read(path: Path) -> pl.DataFrame:
    frame = pl.read_csv(path, infer_schema=False)
    return frame.with_row_index("row").select(pl.col("row").cast(pl.Int64).alias("id"), pl.col("id").alias("key"),
                                              "name", pl.lit(None, pl.String).alias("domain"))
