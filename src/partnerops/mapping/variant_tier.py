"""The variant tier: a normalised name that is another's with words left off ("Cisco" for "Cisco Systems",
"Disney" for "Walt Disney") or its initials ("IBM" for "International Business Machines"). A pair is proposed only
when neither name has another candidate on the other side, and waits for review like a fuzzy one."""

from __future__ import annotations

import polars as pl

__all__ = ["GENERIC_WORDS", "variant_pairs"]

# Words that alone name no one company: a list's "American" is not whichever "American ..." the other list has.
_GENERIC = """
advanced allied american applied associated atlantic bank capital central citizens city community consolidated
continental digital eastern energy federal financial first general global great health home independent industrial
intl mutual national new north northern pacific peoples premier public royal security south southern standard state
states united universal west western world
"""
GENERIC_WORDS = frozenset(_GENERIC.split())
# Words initials skip: "Bank of New York" is "BNY", not "BONY".
LINKING_WORDS = ("of", "the", "and", "de", "for", "und", "et")
# The fewest characters a shorter name needs to stand for a longer one (initials: two, "HP").
MIN_SHORTER, MIN_INITIALS, MAX_INITIALS = 3, 2, 6
PAIR_SCHEMA = {"their_key": pl.String, "our_key": pl.String, "score": pl.Float64}


def _keys(frame: pl.DataFrame) -> pl.DataFrame:
    """[key, words, n]: each distinct normalised name, its words and how many."""
    keys = frame.drop_nulls("norm_name").select(pl.col("norm_name").alias("key")).unique()
    return keys.with_columns(pl.col("key").str.split(" ").alias("words")).with_columns(
        pl.col("words").list.len().alias("n"))


def _shorter_forms(keys: pl.DataFrame) -> pl.DataFrame:
    """[key, part, score]: the runs of words a multi-word name starts with, its last word and its initials."""
    multi = keys.filter(pl.col("n") >= 2)
    longest = int(multi.get_column("n").max() or 1)  # type: ignore[arg-type]
    # Any leading run ("Capital One" of "Capital One Financial"), but only the last word of the end ("Disney" of
    # "Walt Disney"): "American Financial" is not "First American Financial".
    parts = [multi.filter(pl.col("n") > k).select(
        "key", pl.col("words").list.head(k).alias("part"), (pl.lit(k) / pl.col("n")).alias("score"))
        for k in range(1, longest)]
    parts.append(multi.select("key", pl.col("words").list.tail(1).alias("part"),
                              (pl.lit(1.0) / pl.col("n")).alias("score")))
    kept = pl.element().filter(~pl.element().is_in(LINKING_WORDS))
    initials = multi.select("key", pl.col("words").list.eval(kept.str.slice(0, 1)).list.join("").alias("part"),
                            (pl.lit(1.0) / pl.col("n")).alias("score"))
    joined = [p.with_columns(pl.col("part").list.join(" ")) for p in parts]
    return pl.concat([*joined, initials.filter(pl.col("part").str.len_chars() >= MIN_INITIALS)]).unique(
        ["key", "part"])


def _can_stand_for(keys: pl.DataFrame) -> pl.DataFrame:
    """The names that may stand for a longer one: not one generic word, long enough for what they are."""
    one_word = pl.col("n") == 1
    initials = one_word & pl.col("key").str.contains(r"^[a-z]+$") & pl.col("key").str.len_chars().is_between(
        MIN_INITIALS, MAX_INITIALS)
    long_enough = pl.col("key").str.len_chars() >= MIN_SHORTER
    generic = one_word & pl.col("key").is_in(sorted(GENERIC_WORDS))
    return keys.filter((initials | long_enough) & ~generic).select("key")


def _compact(column: str) -> pl.Expr:
    return pl.col(column).str.replace_all(" ", "", literal=True).alias("compact")


def _contained(shorter: pl.DataFrame, longer: pl.DataFrame) -> pl.DataFrame:
    """[short, long, score]: names of `shorter` that are a shorter form of a name of `longer`, spaces aside
    ("Walmart" of "Wal-Mart Stores")."""
    forms = _shorter_forms(longer).with_columns(_compact("part"))
    return _can_stand_for(shorter).with_columns(_compact("key")).join(forms, on="compact").select(
        pl.col("key").alias("short"), pl.col("key_right").alias("long"), "score")


def variant_pairs(theirs: pl.DataFrame, ours: pl.DataFrame) -> pl.DataFrame:
    """[their_key, our_key, score]: normalised names, one a shorter form of the other, where each has that one
    candidate only (an equal name on the other side counts as a candidate, so a name taken by the name tier
    never also stands for a longer one)."""
    mine, other = _keys(theirs), _keys(ours)
    candidates = pl.concat([
        _contained(mine, other).select(pl.col("short").alias("their_key"), pl.col("long").alias("our_key"), "score"),
        _contained(other, mine).select(pl.col("long").alias("their_key"), pl.col("short").alias("our_key"), "score"),
        mine.join(other, on="key").select(pl.col("key").alias("their_key"), pl.col("key").alias("our_key"),
                                          pl.lit(1.0).alias("score")),
    ]).unique(["their_key", "our_key"])
    alone = candidates.filter((pl.col("our_key").n_unique().over("their_key") == 1)
                              & (pl.col("their_key").n_unique().over("our_key") == 1))
    return alone.filter(pl.col("their_key") != pl.col("our_key")).cast(PAIR_SCHEMA)  # type: ignore[arg-type]
