"""Deriving a deal's outcome (from the file's own outcome, the CRM's closed/won flags, the stage mapping or the
stage name), a pipeline stage's outcome, and telling a close date from an expected one."""

from __future__ import annotations

import re

import polars as pl

from partnerops.ingest.checks import looked_up
from partnerops.ingest.flags import truth

DEFAULT_STAGES: dict[str, str] = {"closedwon": "won", "closedlost": "lost"}
# Set on a deal whose outcome only the stage name decided: a stored pipeline stage may still say otherwise.
BY_STAGE_NAME = "__outcome_by_stage_name"


def stage_key(stage: str) -> str:
    """'Closed Won', 'closedwon' and 'closed_won' are one stage: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", stage.lower())


def _stage_key(stage: pl.Expr) -> pl.Expr:
    return stage.str.to_lowercase().str.replace_all(r"[^0-9a-z]", "")


def outcome_from_stage(stages: dict[str, str], default: str | None = "open", stage: str = "stage") -> pl.Expr:
    """won/lost for stages `stages` names (Closed Won/closedwon always), `default` for the rest."""
    table = DEFAULT_STAGES | {stage_key(k): v for k, v in stages.items()}
    return looked_up(_stage_key(pl.col(stage)), table, pl.String(), default=default)


def outcome_from_flags() -> pl.Expr:
    """A CRM's closed/won flags (Salesforce IsClosed/IsWon, HubSpot hs_is_closed/hs_is_closed_won): won when won;
    open or lost by the closed flag; null when the flags do not say."""
    closed, won = truth(pl.col("is_closed")), truth(pl.col("is_won"))
    return pl.when(won).then(pl.lit("won")).when(closed == False).then(pl.lit("open")) \
        .when(closed & (won == False)).then(pl.lit("lost")).otherwise(pl.lit(None, pl.String))  # noqa: E712


def fill_outcome(frame: pl.DataFrame, stages: dict[str, str]) -> pl.DataFrame:
    """Keep an outcome the file states; else the closed/won flags, the --stages mapping, and last the stage name
    (marked BY_STAGE_NAME, as a stored pipeline stage may still decide it)."""
    mapped = outcome_from_stage(stages, default=None) if stages else pl.lit(None, pl.String)
    stated = pl.coalesce(pl.col("outcome"), _flags(frame), mapped)
    by_name = stated.is_null() & pl.col("stage").is_not_null()
    return frame.with_columns(
        pl.coalesce(stated, pl.when(by_name).then(outcome_from_stage({}))).alias("outcome"),
        by_name.alias(BY_STAGE_NAME),
    )


def _flags(frame: pl.DataFrame) -> pl.Expr:
    if "is_closed" not in frame.columns or "is_won" not in frame.columns:
        return pl.lit(None, pl.String)
    return outcome_from_flags()


def stage_outcome(frame: pl.DataFrame) -> pl.DataFrame:
    """A pipeline stage's outcome (HubSpot metadata.isClosed and probability): closed at 1.0 is won, closed at
    0.0 is lost, not closed is open; else a won flag or a Closed Won/Lost label. A closed stage at another
    probability is neither, and says so."""
    probability = pl.col("probability").cast(pl.Decimal(10, 6), strict=False)
    closed = truth(pl.col("is_closed"))
    by_probability = pl.when(closed == False).then(pl.lit("open")).when(closed & (probability == 1)) \
        .then(pl.lit("won")).when(closed & (probability == 0)).then(pl.lit("lost"))  # noqa: E712
    by_won = pl.when(truth(pl.col("is_won"))).then(pl.lit("won"))
    outcome = pl.coalesce(pl.col("outcome"), by_probability, by_won, outcome_from_stage({}, None, "label"))
    unclear = outcome.is_null()
    reason = pl.format("stage '{}' does not say whether it is open, won or lost (closed: {}, probability: {}); "
                       "export its isClosed and probability, or state an outcome column", pl.col("label"),
                       pl.col("is_closed").fill_null("blank"), pl.col("probability").fill_null("blank"))
    return frame.with_columns(
        outcome.alias("outcome"),
        pl.when(unclear).then(pl.lit("outcome")).alias("__derive_field"),
        pl.when(unclear).then(reason).alias("__derive_reason"),
        pl.when(unclear).then(pl.col("is_closed")).alias("__derive_value"),
    )


def split_close_date(frame: pl.DataFrame) -> pl.DataFrame:
    """A CRM's single close date is the expected close while a deal is open, the close date after. The file's
    own closed_on/expected_close_on are kept aside, so a later step that settles the outcome can split again."""
    if "close_date" not in frame.columns:
        return frame
    if "__closed_on_given" not in frame.columns:
        frame = frame.with_columns(pl.col("closed_on").alias("__closed_on_given"),
                                   pl.col("expected_close_on").alias("__expected_close_on_given"))
    is_open = pl.col("outcome").str.to_lowercase() == "open"
    return frame.with_columns(
        pl.coalesce(pl.when(~is_open).then(pl.col("close_date")), pl.col("__closed_on_given")).alias("closed_on"),
        pl.coalesce(pl.when(is_open).then(pl.col("close_date")), pl.col("__expected_close_on_given"))
        .alias("expected_close_on"),
    )
