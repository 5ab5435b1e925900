"""Every table of the schema in foreign-key order, each column's portable type, and the check that nothing in the
database escapes the walk (a table only the database knows would be silently left out of an export)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    inspect,
)
from sqlalchemy.types import TypeEngine

from partnerops.portability.errors import ExportError

__all__ = ["NOT_DATA", "PORTABLE_TYPES", "all_tables", "portable_type", "sql_type", "stored_columns"]

# The portable type of a column, as the manifest names it, and the SQLAlchemy type a restore binds it with.
PORTABLE_TYPES: dict[str, TypeEngine[Any]] = {
    "integer": BigInteger(),
    "boolean": Boolean(),
    "float": Float(),
    "decimal": Numeric(asdecimal=True),
    "string": Text(),
    "date": Date(),
    "timestamp": DateTime(timezone=True),
    "datetime": DateTime(),
    # None is SQL NULL; the JSON value null arrives as JSON.NULL (see codec).
    "json": JSON(none_as_null=True),
    "binary": LargeBinary(),
}
# Checked in order: Float before Numeric (Float is a Numeric), Boolean and integers before the rest.
_KINDS: tuple[tuple[type[TypeEngine[Any]], str], ...] = (
    (Boolean, "boolean"), (Integer, "integer"), (BigInteger, "integer"), (SmallInteger, "integer"),
    (Float, "float"), (Numeric, "decimal"), (JSON, "json"), (LargeBinary, "binary"), (String, "string"),
    (Text, "string"), (Date, "date"), (DateTime, "datetime"),
)  # fmt: skip
# Bookkeeping that is not data: the schema's version is written in the manifest instead.
NOT_DATA = frozenset({"alembic_version"})


def all_tables() -> list[Table]:
    """Every table the store defines, parents before the tables that refer to them."""
    import partnerops.store

    # Importing every store module joins its tables to the shared metadata, so a new tables module needs no
    # registration here to be exported.
    for module in pkgutil.iter_modules(partnerops.store.__path__):
        if module.name != "migrations":
            importlib.import_module(f"partnerops.store.{module.name}")
    from partnerops.store.tables import metadata

    return list(metadata.sorted_tables)


def portable_type(column: Column[Any]) -> str:
    kind = next((name for cls, name in _KINDS if isinstance(column.type, cls)), None)
    if kind is None:
        raise ExportError(f"column {column.table.name}.{column.name} has type {column.type!r}, which the export "
                          "format does not describe yet")  # fmt: skip
    if kind == "datetime" and getattr(column.type, "timezone", False):
        return "timestamp"
    return kind


def sql_type(kind: str) -> TypeEngine[Any]:
    return PORTABLE_TYPES[kind]


def stored_columns(conn: Connection, tables: list[Table]) -> dict[str, list[Column[Any]]]:
    """The columns of each table as the database holds them, in the schema's order; refuses a table or column
    the schema does not know (it would be left out silently). A table or column the schema has and the database
    lacks (a database at an older revision) holds nothing to export."""
    known = {table.name: table for table in tables}
    inspector = inspect(conn)
    stored = {name: {c["name"] for c in inspector.get_columns(name)}
              for name in set(inspector.get_table_names()) - NOT_DATA}  # fmt: skip
    for name in sorted(stored):
        unknown = sorted(stored[name] - set(known[name].columns.keys())) if name in known else ["(the whole table)"]
        if unknown:
            raise ExportError(f"table {name} holds {', '.join(unknown)}, which this version of PartnerOps does not "
                              "know: export with the version that wrote the database")  # fmt: skip
    return {t.name: [c for c in t.columns if c.name in stored[t.name]] for t in tables if t.name in stored}
