"""A found record as an agent names it: by its external id, never by an internal row number. The row id is
dropped and a reference to another record (account_id, partner_id, opportunity_id) becomes that record's external
id under the reference's name (account, partner, opportunity)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, Table, select

from partnerops.store.tables import accounts, opportunities, partners

__all__ = ["named_by_external_ids"]

REFERENCES: dict[str, tuple[str, Table]] = {"account_id": ("account", accounts), "partner_id": ("partner", partners),
                                            "opportunity_id": ("opportunity", opportunities)}  # fmt: skip


def named_by_external_ids(engine: Engine, page: dict[str, Any]) -> dict[str, Any]:
    """PAGE (a list answer: items, total, limit, offset) with each item named by external ids only."""
    items: list[dict[str, Any]] = page.get("items", [])
    with engine.connect() as conn:
        names = {key: _external_ids(conn, table, {int(i[key]) for i in items if isinstance(i.get(key), int)})
                 for key, (_, table) in REFERENCES.items()}  # fmt: skip
    return page | {"items": [_named(item, names) for item in items]}


def _named(item: dict[str, Any], names: dict[str, dict[int, str]]) -> dict[str, Any]:
    shown = {key: value for key, value in item.items() if key != "id" and key not in REFERENCES}
    for key, (name, _) in REFERENCES.items():
        if key in item:
            value = item[key]  # a row id, or already the external id the API answers
            shown[name] = names[key].get(value) if isinstance(value, int) else value
    return shown


def _external_ids(conn: Connection, table: Table, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = conn.execute(select(table.c.id, table.c.external_id).where(table.c.id.in_(ids)))
    return {int(row.id): str(row.external_id) for row in rows}
