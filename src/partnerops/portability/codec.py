"""One value of a portable type to and from its JSON form: exact for every type the schema uses.

integer, boolean, string: themselves. float: a number (repr round-trips), or "NaN" / "Infinity" / "-Infinity".
decimal: a string of digits. date: YYYY-MM-DD. timestamp: ISO 8601 in UTC with +00:00. datetime: ISO 8601 without
a zone. binary: base64. json: the stored document as a string (so the value null and SQL NULL stay distinct).
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import JSON

__all__ = ["decode", "encode"]

_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def encode(kind: str, value: Any) -> Any:
    """The JSON form of `value` (None stays None: SQL NULL)."""
    return None if value is None else _ENCODERS[kind](value)


def decode(kind: str, value: Any) -> Any:
    """The value to bind from its JSON form; raises ValueError when it is not of `kind`."""
    return None if value is None else _DECODERS[kind](value)


def _float_out(value: float) -> float | str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def _timestamp_out(value: datetime) -> str:
    # SQLite keeps no zone: its timestamps are UTC by the schema's rule.
    return (value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)).isoformat()


def _expect(kind: type, name: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ValueError(f"expected {name}")
        return value

    return check


def _float_in(value: Any) -> float:
    if isinstance(value, str) and value in _NON_FINITE:
        return _NON_FINITE[value]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("expected a number")
    return float(value)


def _decimal_in(value: Any) -> Decimal:
    try:
        return Decimal(_expect(str, "a decimal as a string")(value))
    except InvalidOperation as exc:
        raise ValueError("expected a decimal as a string") from exc


def _timestamp_in(value: Any) -> datetime:
    parsed = datetime.fromisoformat(_expect(str, "an ISO 8601 timestamp")(value))
    if parsed.tzinfo is None:
        raise ValueError("expected a timestamp with its zone (+00:00)")
    return parsed.astimezone(UTC)


def _json_in(value: Any) -> Any:
    document = json.loads(_expect(str, "a JSON document as a string")(value))
    return JSON.NULL if document is None else document


_ENCODERS: dict[str, Callable[[Any], Any]] = {
    "integer": int, "boolean": bool, "string": str, "float": lambda v: _float_out(float(v)),
    "decimal": str, "date": lambda v: v.isoformat(), "timestamp": _timestamp_out,
    # The export reads a JSON column as its stored text (SQL NULL stays None, the value null is "null").
    "datetime": lambda v: v.isoformat(), "json": str,
    "binary": lambda v: base64.b64encode(bytes(v)).decode("ascii"),
}  # fmt: skip
_DECODERS: dict[str, Callable[[Any], Any]] = {
    "integer": _expect(int, "an integer"), "boolean": _expect(bool, "true or false"),
    "string": _expect(str, "a string"), "float": _float_in, "decimal": _decimal_in,
    "date": lambda v: date.fromisoformat(_expect(str, "a date YYYY-MM-DD")(v)), "timestamp": _timestamp_in,
    "datetime": lambda v: datetime.fromisoformat(_expect(str, "an ISO 8601 date and time")(v)), "json": _json_in,
    "binary": lambda v: base64.b64decode(_expect(str, "base64 text")(v), validate=True),
}  # fmt: skip
