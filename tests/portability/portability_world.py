"""A database with a row in every table: the API test world (every feature area, users with tokens, a finished
attribution run), an audit log longer than one batch of the export and of the restore, and one made-up row in
each table still empty, with a value of every column type. And the comparison of two databases, row by row."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, Connection, Engine, Text, cast, func, insert, select
from sqlalchemy.types import TypeEngine

from partnerops.portability.schema import all_tables, portable_type, stored_columns
from partnerops.store.tables import audit_log

# More than one batch of the export (2,000 rows) and of the restore (1,000).
AUDIT_ROWS = 2_500
TEXT = 'Zoë «Ærø» "quoted", a\nnew line, a tab\t and = + - @ signs'


def seed_everything(engine: Engine) -> None:
    from api.api_world import build_world

    build_world(engine)
    with engine.begin() as conn:
        conn.execute(insert(audit_log), [
            {"at": datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=i, microseconds=i), "actor": "import",
             "entity": "opportunities", "entity_id": i, "field": "amount_minor", "old_value": str(i),
             "new_value": TEXT if i % 7 == 0 else None, "reason": None} for i in range(AUDIT_ROWS)
        ])  # fmt: skip
    with engine.begin() as conn:
        # Tables and columns the schema defines and no migration has created yet hold nothing to lose.
        for columns in stored_columns(conn, all_tables()).values():
            table = columns[0].table
            if conn.execute(select(func.count()).select_from(table)).scalar() == 0:
                conn.execute(insert(table).values(_made_up_row(conn, columns)))


def _made_up_row(conn: Connection, columns: list[Column[Any]]) -> dict[str, Any]:
    row = {}
    for column in columns:
        if column is column.table.autoincrement_column:
            continue
        row[column.name] = _value(conn, column)
    return row


def _value(conn: Connection, column: Column[Any]) -> Any:
    if column.foreign_keys:
        target = next(iter(column.foreign_keys)).column
        return conn.execute(select(func.min(target))).scalar()
    kind = portable_type(column)
    if kind == "string":
        return TEXT[: getattr(column.type, "length", None) or len(TEXT)]
    return _SAMPLES[kind]


_SAMPLES: dict[str, Any] = {
    "integer": 7, "boolean": True, "float": 0.1 + 0.2, "decimal": Decimal("12.34"), "date": date(2026, 2, 28),
    "timestamp": datetime(2026, 3, 2, 14, 5, 9, 120_000, tzinfo=UTC), "datetime": datetime(2026, 3, 2, 14, 5, 9),
    "json": {"nested": [1, None, "é"], "amount": "48000.00"}, "binary": bytes(range(256)),
}  # fmt: skip


def every_row(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in primary-key order, in a form that compares across SQLite and PostgreSQL."""
    with engine.connect() as conn:
        stored = stored_columns(conn, all_tables())
        return {name: [tuple(_comparable(c, v) for c, v in zip(columns, row, strict=True))
                       for row in conn.execute(_ordered(columns))]
                for name, columns in stored.items()}  # fmt: skip


def _ordered(columns: list[Column[Any]]) -> Any:
    selected = [cast(c, Text).label(c.name) if isinstance(c.type, JSON) else c for c in columns]
    return select(*selected).order_by(*columns[0].table.primary_key.columns)


def _comparable(column: Column[Any], value: Any) -> Any:
    if isinstance(column.type, JSON):
        # SQL NULL and the JSON value null stay apart; the same document compares equal whatever its spacing.
        return None if value is None else ("json", json.loads(value))
    if isinstance(value, datetime) and _is_utc(column.type):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _is_utc(kind: TypeEngine[Any]) -> bool:
    return bool(getattr(kind, "timezone", False))
