"""The alias tier: a company's other names (former names, brands, tickers, and the names confirmed matches taught)
matched exactly, once normalised, against the other side's names and aliases."""

from __future__ import annotations

import polars as pl

from partnerops.mapping.names import normalised_names

__all__ = ["ALIAS_SEPARATORS", "alias_keys", "alias_matches"]

# How a cell lists several names: "Facebook, Inc.; META" (a comma belongs to a name: "Facebook, Inc.").
ALIAS_SEPARATORS = r"[;|\n]"
KEYS_SCHEMA = {"id": pl.Int64, "key": pl.String}


def alias_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """[id, key]: each record's normalised aliases (none when the frame has no `aliases` column)."""
    if "aliases" not in frame.columns:
        return pl.DataFrame(schema=KEYS_SCHEMA)
    names = frame.select("id", pl.col("aliases").str.replace_all(ALIAS_SEPARATORS, "\x1f").str.split("\x1f"))
    keys = names.explode("aliases").select("id", normalised_names(pl.col("aliases")).alias("key"))
    return keys.drop_nulls("key").unique().cast(KEYS_SCHEMA)  # type: ignore[arg-type]


def _all_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """[id, key, is_alias]: every name a record goes by."""
    names = frame.drop_nulls("norm_name").select("id", pl.col("norm_name").alias("key"),
                                                 pl.lit(False).alias("is_alias"))
    return pl.concat([names.cast({"id": pl.Int64}), alias_keys(frame).with_columns(pl.lit(True).alias("is_alias"))])


def alias_matches(theirs: pl.DataFrame, ours: pl.DataFrame, taken: pl.Series) -> pl.DataFrame:
    """[id, id_ours]: their record and ours whose names or aliases meet where at least one side is an alias
    (equal names were the name tier's). Our accounts in `taken` (named by a stronger tier) are left out: a former
    name a company passed on ("Ingersoll-Rand") never takes the account its current owner's name matched."""
    mine, other = _all_keys(theirs), _all_keys(ours).filter(~pl.col("id").is_in(taken.implode()))
    joined = mine.join(other, on="key", suffix="_ours").filter(pl.col("is_alias") | pl.col("is_alias_ours"))
    return joined.select("id", "id_ours").unique()
