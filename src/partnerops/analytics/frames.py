"""Reading store queries into Polars frames with the column types the schema declares (on either database)."""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import JSON, BigInteger, Connection, Date, DateTime, Integer, Select, String, Text
from sqlalchemy.types import TypeEngine

_DTYPES: list[tuple[type[TypeEngine[Any]], pl.DataType]] = [
    (BigInteger, pl.Int64()),
    (Integer, pl.Int64()),
    (DateTime, pl.Datetime("us", "UTC")),
    (Date, pl.Date()),
    (Text, pl.String()),
    (String, pl.String()),
]


def polars_dtype(sql_type: TypeEngine[Any]) -> pl.DataType:
    for sql_class, dtype in _DTYPES:
        if isinstance(sql_type, sql_class):
            return dtype
    if isinstance(sql_type, JSON):
        return pl.Object()
    raise TypeError(f"no Polars type for {sql_type!r}")


def read_frame(connection: Connection, query: Select[Any]) -> pl.DataFrame:
    """The rows of `query` as a frame whose columns have the declared types even when it is empty."""
    overrides = {column.name: polars_dtype(column.type) for column in query.selected_columns}
    return pl.read_database(query, connection, schema_overrides=overrides)
