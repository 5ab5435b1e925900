"""The scale-out analytics engine: attribution tiers and core impact figures as Ibis expressions.

The same expressions run on DuckDB in this process or on Apache Spark when one machine is not enough.
"""

from partnerops.analytics.engine.backend import BackendKind, connect, fetch, load, local_spark_session
from partnerops.analytics.engine.impact import CoreFigures, core_figures
from partnerops.analytics.engine.tiers import deal_tiers, ibis_tiers

__all__ = [
    "BackendKind",
    "CoreFigures",
    "connect",
    "core_figures",
    "deal_tiers",
    "fetch",
    "ibis_tiers",
    "load",
    "local_spark_session",
]
