"""Limit/offset pagination with the total, applied in SQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Connection, Row, Select, func, select

__all__ = ["MAX_LIMIT", "Page", "PageParams", "Paging", "paginate"]

MAX_LIMIT = 200
Item = TypeVar("Item")


class Page(BaseModel, Generic[Item]):
    items: list[Item]
    total: int
    limit: int
    offset: int


class PageParams(BaseModel):
    limit: int
    offset: int


def _page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many items.")] = 50,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1, description="Skip this many items first.")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


Paging = Annotated[PageParams, Depends(_page_params)]


def paginate(
    connection: Connection, query: Select[Any], params: PageParams, item: Callable[[Row[Any]], Item], order: Any
) -> Page[Item]:
    total = connection.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    rows = connection.execute(query.order_by(order).limit(params.limit).offset(params.offset))
    return Page[Item](items=[item(row) for row in rows], total=total, limit=params.limit, offset=params.offset)
