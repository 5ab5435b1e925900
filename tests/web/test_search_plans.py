"""On PostgreSQL a list search reads the rows that hold the text through indexes, not by scanning the table: the
searched columns have trigram indexes (migration 0036) and a search in another table's column reaches the list's
rows through its foreign-key index. With sequential scans priced out, a condition no index can answer still shows
up as a scan of its table, so each plan below says the search is answerable by the indexes alone; 20,000 rows a
table give the planner the statistics of a real list."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, Select, event, insert

from partnerops.domain.roles import Principal, Role
from partnerops.store.registration_tables import registrations
from partnerops.store.statistics import analyze
from partnerops.store.tables import accounts, import_batches, opportunities, partners, quarantine, touches
from partnerops.web.listing import ListSpec, fetch_page, list_query
from partnerops.web.queries.opportunities import OPPORTUNITY_LIST, opportunity_count_base, opportunity_list
from partnerops.web.queries.quarantine import QUARANTINE_LIST, quarantine_list
from partnerops.web.queries.registration_list import (
    REGISTRATION_QUEUE,
    registration_count_base,
    registration_list,
)
from partnerops.web.queries.touches import TOUCH_QUEUE, claimed_touch_count_base, claimed_touch_list

pytestmark = pytest.mark.postgres
ROWS = 20_000
MANAGER = Principal(0, "manager@plans.test", Role.PARTNER_MANAGER)
LISTS: dict[str, tuple[Select[Any], ListSpec, Select[Any] | None, set[str]]] = {
    "touches": (claimed_touch_list(), TOUCH_QUEUE, claimed_touch_count_base(), {"touches", "opportunities"}),
    "opportunities": (opportunity_list(), OPPORTUNITY_LIST, opportunity_count_base(), {"opportunities"}),
    "quarantine": (quarantine_list(), QUARANTINE_LIST, None, {"quarantine"}),
    "registrations": (registration_list(MANAGER), REGISTRATION_QUEUE, registration_count_base(MANAGER),
                      {"registrations"}),
}  # fmt: skip


@pytest.fixture
def postgres(engine: Engine) -> Iterator[Engine]:
    if engine.dialect.name != "postgresql":
        pytest.skip("trigram indexes are PostgreSQL's")
    _seed(engine)
    yield engine


def _text(word: str, number: int) -> str:
    """A numbered value; one row in each table holds the word searched for."""
    return f"{word} Zephyrine" if number == ROWS // 2 else f"{word} {number:06d}"


def _seed(engine: Engine) -> None:
    day, now = date(2025, 1, 1), datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(insert(partners), [{"id": i, "source_system": "csv", "external_id": f"PRT-{i:05d}",
                                         "name": f"Partner {i:05d}", "type": "referral", "tier": "gold",
                                         "stage": "co_sell"} for i in range(1, 501)])
        conn.execute(insert(accounts), [{"id": i, "source_system": "csv", "external_id": f"ACC-{i:05d}",
                                         "name": f"Account {i:05d}"} for i in range(1, 2001)])
        conn.execute(insert(opportunities), [
            {"id": i, "source_system": "csv", "external_id": f"OPP-{i:06d}", "account_id": 1 + i % 2000,
             "name": _text("Deal", i), "amount_minor": 100_000 + i, "currency": "USD", "stage": "Open",
             "outcome": "open", "created_on": day + timedelta(days=i % 700)} for i in range(1, ROWS + 1)])
        conn.execute(insert(touches), [
            {"id": i, "source_system": "csv", "external_id": f"T-{i:06d}", "partner_id": 1 + i % 500,
             "opportunity_id": 1 + (i * 13) % ROWS, "type": "referral", "touched_on": day + timedelta(days=i % 700),
             "status": "claimed", "evidence": _text("evidence", i), "actor": "seed"} for i in range(1, ROWS + 1)])
        conn.execute(insert(import_batches).values(id=1, path="/data/partners.csv", sha256="0" * 64,
                                                   kind="partners", format="generic", options={}, started_at=now))
        conn.execute(insert(quarantine), [
            {"batch_id": 1, "file": "/data/partners.csv", "row_number": i + 1, "kind": "partners", "field": "type",
             "value": "wizard", "reason": "unknown type 'wizard'", "raw": {}, "status": "open",
             "source_system": "csv", "record_key": _text("row", i)} for i in range(1, ROWS + 1)])
        conn.execute(insert(registrations), [
            {"partner_id": 1 + i % 500, "company_name": _text("Company", i), "domain": f"company{i}.test",
             "estimated_amount_minor": 100_000 + i, "currency": "USD", "status": "pending", "conflicts": [],
             "rules_version": "plans", "submitted_at": now - timedelta(minutes=i),
             "respond_by": now + timedelta(minutes=i), "expires_on": date(2027, 1, 1)} for i in range(1, ROWS + 1)])
        analyze(conn, (partners, accounts, opportunities, touches, quarantine, registrations))


def _plans_of_search(engine: Engine, name: str) -> list[dict[str, Any]]:
    """The plan of each statement the list runs for a search, with sequential scans priced out."""
    query, spec, narrow, _ = LISTS[name]
    statements: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    with engine.connect() as conn:
        event.listen(conn, "before_cursor_execute", keep)
        fetch_page(conn, query, spec, list_query(spec, {"q": "zephyr"}), narrow)
        event.remove(conn, "before_cursor_execute", keep)
        conn.exec_driver_sql("SET enable_seqscan = off")
        return [conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).scalar_one()[0]["Plan"]
                for statement, parameters in statements]  # fmt: skip


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def test_the_search_statement_scans_no_table(postgres: Engine) -> None:
    for name, (_, _, _, searched) in LISTS.items():
        plans = _plans_of_search(postgres, name)
        assert plans, name
        nodes = [node for plan in plans for node in _nodes(plan)]
        scanned = {node["Relation Name"] for node in nodes if node["Node Type"] == "Seq Scan"}
        assert not scanned & searched, (name, json.dumps(plans, indent=1)[:3000])
        indexes = {node.get("Index Name") for node in nodes}
        assert any(str(index).endswith("_search") for index in indexes), (name, indexes)


def test_the_trigram_indexes_cover_every_searched_column_of_these_lists(postgres: Engine) -> None:
    with postgres.connect() as conn:
        definitions = conn.exec_driver_sql(
            "SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'ix_%%_search'").scalars().all()
    covered = " ".join(definitions)
    for column in ("evidence gin_trgm_ops", "company_name gin_trgm_ops", "record_key gin_trgm_ops",
                   "owner gin_trgm_ops"):
        assert column in covered, definitions
