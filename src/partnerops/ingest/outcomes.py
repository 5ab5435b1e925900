"""Deriving a deal's outcome from its CRM stage, and telling a close date from an expected one."""

from __future__ import annotations

import re

import polars as pl

from partnerops.ingest.checks import looked_up

DEFAULT_STAGES: dict[str, str] = {"closedwon": "won", "closedlost": "lost"}
TRUE_WORDS = ["true", "1", "yes", "y", "t"]


def stage_key(stage: str) -> str:
    """'Closed Won', 'closedwon' and 'closed_won' are one stage: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", stage.lower())


def outcome_from_stage(stages: dict[str, str]) -> pl.Expr:
    """won/lost for stages the mapping names (Closed Won/closedwon by default), open for the rest."""
    table = DEFAULT_STAGES | {stage_key(k): v for k, v in stages.items()}
    key = pl.col("stage").str.to_lowercase().str.replace_all(r"[^0-9a-z]", "")
    return looked_up(key, table, pl.String(), default="open")


def fill_outcome(frame: pl.DataFrame, stages: dict[str, str]) -> pl.DataFrame:
    """Keep an outcome the file states; otherwise derive it from the stage."""
    derived = pl.when(pl.col("stage").is_null()).then(None).otherwise(outcome_from_stage(stages))
    return frame.with_columns(pl.coalesce(pl.col("outcome"), derived).alias("outcome"))


def outcome_from_flags(frame: pl.DataFrame) -> pl.DataFrame:
    """Salesforce's IsClosed/IsWon, when the export has them, decide the outcome over the stage name."""
    if "is_closed" not in frame.columns or frame["is_closed"].null_count() == frame.height:
        return frame
    closed = pl.col("is_closed").str.to_lowercase().is_in(TRUE_WORDS)
    won = pl.col("is_won").str.to_lowercase().is_in(TRUE_WORDS).fill_null(False)
    flags = pl.when(pl.col("is_closed").is_null()).then(None).when(~closed).then(pl.lit("open"))
    flags = flags.when(won).then(pl.lit("won")).otherwise(pl.lit("lost"))
    return frame.with_columns(pl.coalesce(flags, pl.col("outcome")).alias("outcome"))


def split_close_date(frame: pl.DataFrame) -> pl.DataFrame:
    """A CRM's single close date is the expected close while a deal is open, the close date after."""
    if "close_date" not in frame.columns:
        return frame
    is_open = pl.col("outcome").str.to_lowercase() == "open"
    return frame.with_columns(
        pl.coalesce(pl.when(~is_open).then(pl.col("close_date")), pl.col("closed_on")).alias("closed_on"),
        pl.coalesce(pl.when(is_open).then(pl.col("close_date")), pl.col("expected_close_on"))
        .alias("expected_close_on"),
    )
