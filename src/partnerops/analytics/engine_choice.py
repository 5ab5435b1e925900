"""Which engine aggregates attribution runs, the impact report and the ecosystem report, from the PARTNEROPS_ENGINE
setting.

`sql` runs DuckDB SQL in this process; `duckdb` and `spark` run the Ibis expressions of `analytics.engine` on that
backend (Spark: a local session, or the cluster PARTNEROPS_SPARK_MASTER names). Light: Ibis loads only when chosen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from partnerops.settings import get_settings

if TYPE_CHECKING:
    import ibis

EngineName = Literal["sql", "duckdb", "spark"]
ENGINES: tuple[EngineName, ...] = ("sql", "duckdb", "spark")


class UnknownEngine(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"PARTNEROPS_ENGINE must be one of {', '.join(ENGINES)}, not {name!r}")


class EngineUnavailable(RuntimeError):
    """The chosen engine's library is not installed."""


def configured_engine() -> EngineName:
    """The engine the settings name (sql when none is set)."""
    name = get_settings().engine.strip().lower()
    if name not in ENGINES:
        raise UnknownEngine(name)
    return name


def engine_backend(name: EngineName | None = None) -> ibis.BaseBackend | None:
    """The Ibis backend of engine `name` (default: the configured one); None for the in-process SQL engine."""
    name = name or configured_engine()
    if name == "sql":
        return None
    from partnerops.analytics.engine.backend import connect, spark_session

    if name == "spark":
        _require_pyspark()
        return connect("spark", session=spark_session(get_settings().spark_master))
    return connect(name)


def _require_pyspark() -> None:
    import importlib.util

    if importlib.util.find_spec("pyspark") is None:
        raise EngineUnavailable("PARTNEROPS_ENGINE=spark needs PySpark: pip install 'partnerops[spark]'")
