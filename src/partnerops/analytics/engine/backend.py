"""Choosing where the engine's Ibis expressions run: DuckDB in this process, or Apache Spark.

The expressions in `engine.tiers` and `engine.impact` are backend-neutral; this module makes the connection,
hands tables to it and brings results back as Polars frames.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

import ibis
import polars as pl
import pyarrow as pa

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

BackendKind = Literal["duckdb", "spark"]
KINDS: tuple[BackendKind, ...] = ("duckdb", "spark")


class UnknownBackend(ValueError):
    def __init__(self, kind: str) -> None:
        super().__init__(f"unknown backend {kind!r}: choose one of {', '.join(KINDS)}")


def connect(kind: BackendKind = "duckdb", *, session: SparkSession | None = None) -> ibis.BaseBackend:
    """An Ibis connection: a fresh in-memory DuckDB, or Spark through `session` (a local one when None)."""
    if kind == "duckdb":
        return _duckdb()
    if kind == "spark":
        return ibis.pyspark.connect(session or local_spark_session())
    raise UnknownBackend(kind)


def _duckdb() -> ibis.BaseBackend:
    backend = ibis.duckdb.connect()
    # Ibis 12 writes array lambdas as `x -> ...`, which DuckDB 1.5+ rejects unless this is set.
    backend.raw_sql("SET lambda_syntax = 'ENABLE_SINGLE_ARROW'")
    return backend


def local_spark_session(scratch: Path | None = None, *, cores: int = 2, **settings: str) -> SparkSession:
    """A Spark session on this machine only: no UI, bound to loopback, UTC, few shuffle partitions.

    `scratch` holds Spark's warehouse and spill files (the system temporary folder when None); `settings`
    are further Spark settings, e.g. `**{"spark.driver.memory": "4g"}`.
    """
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("partnerops-engine")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", str(cores * 2))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    if scratch is not None:
        builder = builder.config("spark.sql.warehouse.dir", str(scratch / "warehouse")).config(
            "spark.local.dir", str(scratch / "local")
        )
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def spark_session(master: str | None = None) -> SparkSession:
    """The Spark session already running in this process, else one on the cluster at `master`, else a local one."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    return cluster_spark_session(master) if master else local_spark_session()


def cluster_spark_session(master: str) -> SparkSession:
    """A Spark session on the cluster at `master` (e.g. spark://host:7077 or yarn), in UTC with Arrow transfers;
    the cluster's own settings (spark-defaults.conf, SPARK_CONF_DIR) decide the rest."""
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(master)
        .appName("partnerops-engine")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def load(backend: ibis.BaseBackend, name: str, frame: pl.DataFrame | pa.Table) -> ibis.Table:
    """`frame` as the table `name` on `backend` (a view over the in-memory data, replacing any of that name).

    A table bound to its backend lets `Table.cache()` keep intermediate results there.
    """
    data = frame.to_arrow() if isinstance(frame, pl.DataFrame) else frame
    return backend.create_view(name, ibis.memtable(data), overwrite=True)


def fetch(backend: ibis.BaseBackend, expression: ibis.Table) -> pl.DataFrame:
    """Run `expression` on `backend` and return its rows (arrays come back as Polars lists)."""
    result = pl.from_arrow(backend.to_pyarrow(expression))
    assert isinstance(result, pl.DataFrame)  # a table always converts to a frame, never a series
    return result
