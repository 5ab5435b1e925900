"""Tiered matching of a partner's accounts against ours, on whole frames: exact registrable domain, then
normalised name, then aliases (other names either side goes by), then fuzzy name within blocks, then variants (a
name with words left off, or initials). A record matched in one tier is not offered to the next."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from partnerops.mapping.alias_tier import alias_matches
from partnerops.mapping.names import normalised_names
from partnerops.mapping.suffixes import registrable_domains
from partnerops.mapping.threads import default_workers, pool_map
from partnerops.mapping.variant_tier import variant_pairs

__all__ = ["FuzzySettings", "MatchTier", "domain_matches", "fuzzy_matches", "match_accounts", "name_matches",
           "prepared",
           "with_registrable_domains"]

# How many leading characters of a token name its block.
BLOCK_PREFIX = 4
MATCH_SCHEMA = {"their_id": pl.Int64, "our_id": pl.Int64, "tier": pl.String, "score": pl.Float64}


class MatchTier(StrEnum):
    """How a pair was found, strongest first."""

    DOMAIN = "domain"
    NAME = "name"
    ALIAS = "alias"
    FUZZY = "fuzzy"
    VARIANT = "variant"


@dataclass(frozen=True)
class FuzzySettings:
    """`threshold`: the least token-sort similarity (0-100) a fuzzy pair needs; `chunk_rows`: how many of
    their names one block compares at a time (bounds the score matrix's memory); `workers`: threads the blocks
    are spread over (rapidfuzz releases the GIL while it scores; None: every core)."""

    threshold: float = 90.0
    chunk_rows: int = 2_000
    workers: int | None = None


def with_registrable_domains(accounts: pl.DataFrame) -> pl.DataFrame:
    """[id, name, domain, (aliases)] with `reg_domain`, all the domain tier needs."""
    return accounts.with_columns(registrable_domains(accounts.get_column("domain")).alias("reg_domain"))


def prepared(accounts: pl.DataFrame) -> pl.DataFrame:
    """[id, name, domain, (aliases)] with the registrable domain and the normalised name added."""
    return with_registrable_domains(accounts).with_columns(normalised_names(pl.col("name")).alias("norm_name"))


def _pairs(joined: pl.DataFrame, tier: MatchTier) -> pl.DataFrame:
    return joined.select(pl.col("id").alias("their_id"), pl.col("id_ours").alias("our_id"),
                         pl.lit(tier.value).alias("tier"), pl.lit(1.0).alias("score")).cast(MATCH_SCHEMA)  # type: ignore[arg-type]


def domain_matches(theirs: pl.DataFrame, ours: pl.DataFrame) -> pl.DataFrame:
    """Pairs with the same registrable domain (free-mail domains have none, so never match)."""
    joined = theirs.drop_nulls("reg_domain").join(ours.drop_nulls("reg_domain").select("id", "reg_domain"),
                                                  on="reg_domain", suffix="_ours")
    return _pairs(joined, MatchTier.DOMAIN)


def name_matches(theirs: pl.DataFrame, ours: pl.DataFrame) -> pl.DataFrame:
    """Pairs whose normalised names are equal, spaces aside ("Wal-Mart" and "Walmart")."""
    compact = pl.col("norm_name").str.replace_all(" ", "", literal=True).alias("compact")
    joined = theirs.drop_nulls("norm_name").with_columns(compact).join(
        ours.drop_nulls("norm_name").select("id", compact), on="compact", suffix="_ours")
    return _pairs(joined, MatchTier.NAME)


def variant_matches(theirs: pl.DataFrame, ours: pl.DataFrame, left: pl.DataFrame,
                    taken: pl.Series) -> pl.DataFrame:
    """Pairs of `left` (their records no other tier matched) and our records no stronger tier took whose names
    are variants of each other (see `variant_tier`); `theirs` and `ours` whole, so a name with a second
    candidate anywhere is left alone."""
    keys = variant_pairs(theirs, ours)
    mine = left.drop_nulls("norm_name").select("id", pl.col("norm_name").alias("their_key"))
    other = ours.drop_nulls("norm_name").filter(~pl.col("id").is_in(taken.implode())).select(
        pl.col("id").alias("our_id"), pl.col("norm_name").alias("our_key"))
    joined = mine.join(keys, on="their_key").join(other, on="our_key")
    return _plausible(joined.select(pl.col("id").alias("their_id"), "our_id", "score"), theirs, ours).select(
        "their_id", "our_id", pl.lit(MatchTier.VARIANT.value).alias("tier"), pl.col("score").round(2)).cast(
        MATCH_SCHEMA)  # type: ignore[arg-type]


def _blocked(frame: pl.DataFrame) -> pl.DataFrame:
    """[block, id, norm_name]: each record in two blocks, the start of its first and of its last token,
    so a typo in one of them (or late in a one-word name) still leaves the pair in a shared block."""
    tokens = pl.col("norm_name").str.split(" ")
    keyed = frame.drop_nulls("norm_name").select(
        "id", "norm_name", tokens.list.first().str.slice(0, BLOCK_PREFIX).alias("first"),
        tokens.list.last().str.slice(0, BLOCK_PREFIX).alias("last"))
    return keyed.unpivot(index=["id", "norm_name"], on=["first", "last"], value_name="block").select(
        "block", "id", "norm_name").unique(["block", "id"])


def _block_pairs(their: pl.DataFrame, our: pl.DataFrame, settings: FuzzySettings) -> list[pl.DataFrame]:
    """The best-scoring pairs of one block at or above the threshold, a chunk of their names at a time."""
    found: list[pl.DataFrame] = []
    our_names, our_ids = our.get_column("norm_name").to_list(), our.get_column("id").to_numpy()
    for start in range(0, their.height, settings.chunk_rows):
        chunk = their.slice(start, settings.chunk_rows)
        scores = process.cdist(chunk.get_column("norm_name").to_list(), our_names, scorer=fuzz.token_sort_ratio,
                               score_cutoff=settings.threshold, dtype=np.uint8, workers=1)
        rows, cols = np.nonzero(scores)
        if rows.size:
            found.append(pl.DataFrame({"their_id": chunk.get_column("id").to_numpy()[rows], "our_id": our_ids[cols],
                                       "score": scores[rows, cols].astype(np.float64) / 100.0}))
    return found


def fuzzy_matches(theirs: pl.DataFrame, ours: pl.DataFrame, settings: FuzzySettings | None = None) -> pl.DataFrame:
    """Pairs at or above the threshold, compared only within shared blocks, that are the best for both
    records (one their record, one of ours) and not on two different domains."""
    settings = settings or FuzzySettings()
    mine, other = _blocked(theirs), _blocked(ours)
    shared = mine.select("block").unique().join(other.select("block").unique(), on="block")
    mine_by = mine.join(shared, on="block").partition_by("block", as_dict=True)
    other_by = other.join(shared, on="block").partition_by("block", as_dict=True)
    per_block = pool_map(lambda key: _block_pairs(mine_by[key], other_by[key], settings), list(mine_by),
                         settings.workers or default_workers())
    found = [pairs for block in per_block for pairs in block]
    if not found:
        return pl.DataFrame(schema=MATCH_SCHEMA)
    pairs = _plausible(pl.concat(found).unique(["their_id", "our_id"]), theirs, ours)
    best = pairs.filter((pl.col("score") == pl.col("score").max().over("their_id"))
                        & (pl.col("score") == pl.col("score").max().over("our_id")))
    return best.select("their_id", "our_id", pl.lit(MatchTier.FUZZY.value).alias("tier"), "score").cast(
        MATCH_SCHEMA)  # type: ignore[arg-type]


def _plausible(pairs: pl.DataFrame, theirs: pl.DataFrame, ours: pl.DataFrame) -> pl.DataFrame:
    """Similar names on two different registrable domains are two companies (the same domain was the
    domain tier's match), so only pairs where a side has no domain stay."""
    domains = [f.select(pl.col("id").alias(key), pl.col("reg_domain").alias(f"{key}_domain"))
               for f, key in ((theirs, "their_id"), (ours, "our_id"))]
    pairs = pairs.join(domains[0], on="their_id", how="left").join(domains[1], on="our_id", how="left")
    return pairs.filter(pl.col("their_id_domain").is_null() | pl.col("our_id_domain").is_null()
                        | (pl.col("their_id_domain") == pl.col("our_id_domain")))


def match_accounts(theirs: pl.DataFrame, ours: pl.DataFrame, settings: FuzzySettings | None = None) -> pl.DataFrame:
    """[their_id, our_id, tier, score] over [id, name, domain] frames (and `aliases`, ";"-separated, where a
    side has other names), each record of theirs matched in the strongest tier that finds it."""
    theirs, ours = prepared(theirs), prepared(ours)
    whole = theirs
    matches: list[pl.DataFrame] = []
    for tier in (domain_matches, name_matches):
        found = tier(theirs, ours)
        matches.append(found)
        theirs = theirs.join(found.select(pl.col("their_id").alias("id")), on="id", how="anti")
    taken = pl.concat(matches).get_column("our_id")
    by_alias = _pairs(alias_matches(theirs, ours, taken), MatchTier.ALIAS)
    matches.append(by_alias)
    left = theirs.join(by_alias.select(pl.col("their_id").alias("id")), on="id", how="anti")
    by_fuzzy = fuzzy_matches(left, ours, settings)
    matches.append(by_fuzzy)
    left = left.join(by_fuzzy.select(pl.col("their_id").alias("id")), on="id", how="anti")
    taken = pl.concat(matches).get_column("our_id")
    matches.append(variant_matches(whole, ours, left, taken))
    return pl.concat(matches)
