"""The impact report's aggregations over every deal, made by the in-process SQL engine (DuckDB) or handed in by the
Ibis engine (`analytics.engine.report`): either way the same rows, which `analytics.impact` turns into figures."""

from __future__ import annotations

from dataclasses import dataclass, fields

import duckdb
import polars as pl

from partnerops.analytics import impact_queries as queries
from partnerops.analytics.activation import ActivationCounts, activation_counts
from partnerops.analytics.attachment import partners_per_deal
from partnerops.analytics.impact_queries import Row


@dataclass(frozen=True)
class Relations:
    """The frames the aggregations read (columns as `impact_queries` and `activation` describe them)."""

    created: pl.DataFrame
    attributed: pl.DataFrame
    closed: pl.DataFrame
    open_deals: pl.DataFrame
    members: pl.DataFrame
    partners: pl.DataFrame
    partner_wins: pl.DataFrame


@dataclass(frozen=True)
class Aggregates:
    comparisons: list[Row]
    segments: list[Row]
    mix: list[Row]
    pipeline: list[Row]
    proof: list[Row]
    activation: ActivationCounts
    partners_per_deal: pl.DataFrame  # id, count: the partners the run attributed on each deal


def sql_aggregates(relations: Relations) -> Aggregates:
    """Every aggregation in DuckDB SQL, in this process."""
    db = duckdb.connect()
    for field in fields(relations):
        db.register(field.name, getattr(relations, field.name))
    return Aggregates(
        comparisons=queries.comparison_counts(db),
        segments=queries.segment_figures(db),
        mix=queries.attribution_mix(db),
        pipeline=queries.open_pipeline(db),
        proof=queries.partner_proof(db),
        activation=activation_counts(db),
        partners_per_deal=partners_per_deal(relations.attributed),
    )
