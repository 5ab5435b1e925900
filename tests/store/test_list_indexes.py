"""The list pages' indexes (revisions 0025, 0035 and 0037) exist after `migrate` exactly as the tables declare them, on
SQLite and PostgreSQL, and the touch queue's first page walks its index instead of sorting every claimed touch."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from partnerops.store.tables import metadata
from partnerops.web.listing import list_query, ordered
from partnerops.web.queries.touches import TOUCH_QUEUE, claimed_touch_count_base

INDEXES = {
    "ix_touches_status_date": ("touches", ["status", "touched_on", "id"]),
    "ix_opportunities_created": ("opportunities", ["created_on", "id"]),
    "ix_audit_log_at": ("audit_log", ["at", "id"]),
    "ix_quarantine_status_file": ("quarantine", ["status", "file", "id"]),
    "ix_attribution_results_run_partner": ("attribution_results", ["run_id", "partner_id"]),
    "ix_partners_name": ("partners", ["name", "id"]),
    "ix_registrations_status_respond_by": ("registrations", ["status", "respond_by", "id"]),
    "ix_registrations_status_estimate": ("registrations", ["status", "estimated_amount_minor", "id"]),
    "ix_signals_touch_id": ("signals", ["touch_id"]),
}


def test_the_migrated_indexes_are_the_declared_ones(engine: Engine) -> None:
    with engine.connect() as connection:
        changes = compare_metadata(MigrationContext.configure(connection), metadata)
        found = {table: {i["name"]: i["column_names"] for i in inspect(connection).get_indexes(table)}
                 for table, _ in INDEXES.values()}  # fmt: skip
    assert [c for c in changes if any(name in repr(c) for name in INDEXES)] == []
    for name, (table, columns) in INDEXES.items():
        assert found[table][name] == columns


def test_the_first_page_of_the_touch_queue_reads_the_index_in_order(sqlite_engine: Engine) -> None:
    query = ordered(claimed_touch_count_base(), TOUCH_QUEUE, list_query(TOUCH_QUEUE, {})).limit(50)
    sql = str(query.compile(dialect=sqlite_engine.dialect, compile_kwargs={"literal_binds": True}))
    with sqlite_engine.connect() as connection:
        plan = " ".join(str(row[-1]) for row in connection.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    assert "ix_touches_status_date" in plan and "TEMP B-TREE FOR ORDER BY" not in plan
