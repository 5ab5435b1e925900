"""Case-insensitive "contains" in SQL, written the way each database reads fastest: SQLite's LIKE already ignores
ASCII case (as its lower() does, so the answers are the same) and, with no lower() call per row, scans a column
about four times faster than `lower(column) LIKE lower(pattern)`; PostgreSQL's ILIKE can use a trigram index."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal

__all__ = ["contains_text", "like_pattern"]


def like_pattern(text: str) -> str:
    """A LIKE pattern (escape character `\\`) matching any value that holds `text`, where `%` and `_` mean
    themselves."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class contains_text(ColumnElement[bool]):  # noqa: N801 - an SQL expression, named as SQLAlchemy's functions are
    """`column` holds `text`, ignoring case: `contains_text(partners.c.name, "acme")`."""

    type = Boolean()
    inherit_cache = True
    _is_implicitly_boolean = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),
                           ("pattern", InternalTraversal.dp_clauseelement)]  # fmt: skip

    def __init__(self, column: ColumnElement[Any], text: str) -> None:
        self.column, self.pattern = column, literal(like_pattern(text))


@compiles(contains_text)
def _ilike(element: contains_text, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column.ilike(element.pattern, escape="\\"), **kw)


@compiles(contains_text, "sqlite")
def _like(element: contains_text, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column.like(element.pattern, escape="\\"), **kw)
