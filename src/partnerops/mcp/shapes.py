"""Tool results as plain JSON values: dataclasses as objects, money as an amount string with its currency, dates
as ISO text, enums as their values, and partners named by their external ids as users name them."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Connection, select

from partnerops.store.tables import partners

__all__ = ["partner_names", "plain"]


def plain(value: Any) -> Any:
    """VALUE as JSON-ready data, recursively."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(plain(key)): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def partner_names(conn: Connection, ids: set[int]) -> dict[int, str]:
    """Each partner's external id, the name users give it."""
    if not ids:
        return {}
    rows = conn.execute(select(partners.c.id, partners.c.external_id).where(partners.c.id.in_(ids)))
    return {int(row.id): str(row.external_id) for row in rows}
