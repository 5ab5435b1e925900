"""One local Spark session for the engine's tests: loopback only, no UI, UTC, scratch files under pytest's tmp."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pyspark.sql import SparkSession

from partnerops.analytics.engine import local_spark_session


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSession]:
    # Test data is small, so planning dominates: one shuffle partition, no adaptive re-planning and no
    # generated code make the same queries several times faster than Spark's defaults.
    session = local_spark_session(
        tmp_path_factory.mktemp("spark"),
        **{
            "spark.sql.shuffle.partitions": "1",
            "spark.sql.adaptive.enabled": "false",
            "spark.sql.codegen.wholeStage": "false",
        },
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
