"""Precision and recall of account matching on the hand-written company corpora: a stock list against a CRM's
names (tests/fixtures/companies) and an index's constituents against a revenue ranking of another year
(tests/fixtures/company-rankings). Every pair `match_accounts` proposes counts, those awaiting review included.

    .venv/bin/python bench/bench_matching_corpus.py            # figures, then every miss and false pair
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from partnerops.mapping.tiers import match_accounts

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


@dataclass(frozen=True)
class Corpus:
    """Two lists and the true pairs between them, named by the lists' id columns."""

    folder: str
    theirs: str
    ours: str
    truth_columns: tuple[str, str]
    aliases: bool = False

    @property
    def label(self) -> str:
        return f"{self.folder}: {self.theirs} vs {self.ours}{' with aliases' if self.aliases else ''}"


CORPORA = (
    Corpus("companies", "listed.csv", "crm.csv", ("listed_id", "crm_id")),
    Corpus("companies", "listed.csv", "crm.csv", ("listed_id", "crm_id"), aliases=True),
    Corpus("company-rankings", "index.csv", "ranking.csv", ("index_id", "ranking_id")),
)


@dataclass(frozen=True)
class Result:
    proposed: int
    right: int
    expected: int
    seconds: float
    misses: list[tuple[str, str]]
    false_pairs: list[tuple[str, str, str]]

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def _side(path: Path, aliases: bool) -> pl.DataFrame:
    frame = pl.read_csv(path, infer_schema=False)
    extra = [pl.col("aliases")] if aliases and "aliases" in frame.columns else []
    return frame.with_row_index("row").select(pl.col("row").cast(pl.Int64).alias("id"), pl.col("id").alias("key"),
                                              "name", pl.lit(None, pl.String).alias("domain"), *extra)


def score(corpus: Corpus) -> Result:
    folder = FIXTURES / corpus.folder
    theirs, ours = _side(folder / corpus.theirs, corpus.aliases), _side(folder / corpus.ours, False)
    their_key, our_key = corpus.truth_columns
    truth = pl.read_csv(folder / "truth.csv", infer_schema=False).rename({their_key: "their", our_key: "our"})
    started = time.perf_counter()
    found = match_accounts(theirs.drop("key"), ours.drop("key"))
    seconds = time.perf_counter() - started
    named = found.join(theirs.select(pl.col("id").alias("their_id"), pl.col("key").alias("their"),
                                     pl.col("name").alias("their_name")), on="their_id").join(
        ours.select(pl.col("id").alias("our_id"), pl.col("key").alias("our"), pl.col("name").alias("our_name")),
        on="our_id")
    right = named.join(truth, on=["their", "our"]).height
    wrong = named.join(truth, on=["their", "our"], how="anti").select("their_name", "our_name", "tier").rows()
    missed = truth.join(named, on=["their", "our"], how="anti").join(
        theirs.select(pl.col("key").alias("their"), pl.col("name").alias("their_name")), on="their").join(
        ours.select(pl.col("key").alias("our"), pl.col("name").alias("our_name")), on="our")
    return Result(named.height, right, truth.height, seconds, missed.select("their_name", "our_name").rows(), wrong)


def main() -> None:
    for corpus in CORPORA:
        result = score(corpus)
        print(f"{corpus.label}: {result.expected} true pairs, {result.proposed} proposed, {result.right} right "
              f"({result.seconds:.2f} s)")
        print(f"  precision {result.precision:.3f}  recall {result.recall:.3f}")
        for their, our in result.misses:
            print(f"    missed  {their!r} = {our!r}")
        for their, our, tier in result.false_pairs:
            print(f"    wrong   {their!r} = {our!r} ({tier})")


if __name__ == "__main__":
    main()
