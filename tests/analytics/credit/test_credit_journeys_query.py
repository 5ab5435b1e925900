"""The journeys query credit reads: the index it needs exists as declared on both databases, and SQLite finds a
deal's touches by deal and partner even without statistics (a plan by partner alone scans every touch of the
partner for each result, which made 88,000 deals take more than eleven minutes)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text

from analytics.credit.credit_seed import seed_credit_program
from partnerops.analytics.credit.deal_journeys import journey_touches, journeys_query
from partnerops.attribution.service import run_attribution
from partnerops.store.attribution_runs import find_run
from partnerops.store.tables import metadata

INDEX = "ix_touches_opportunity_partner"


def test_the_migrated_index_is_the_declared_one(engine: Engine) -> None:
    with engine.connect() as connection:
        changes = compare_metadata(MigrationContext.configure(connection), metadata)
    assert [c for c in changes if INDEX in repr(c)] == []
    declared = {index.name: [c.name for c in index.columns] for index in metadata.tables["touches"].indexes}
    assert declared[INDEX] == ["opportunity_id", "partner_id"]


def test_sqlite_without_statistics_looks_touches_up_by_deal_and_partner(sqlite_engine: Engine) -> None:
    seed_credit_program(sqlite_engine)
    run_attribution(sqlite_engine)
    with sqlite_engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")).first() is None
        query = journeys_query(find_run(connection, None), in_deal_order=True)
        sql = str(query.compile(dialect=sqlite_engine.dialect, compile_kwargs={"literal_binds": True}))
        plan = [row[3] for row in connection.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
    touches_step = [step for step in plan if "touches" in step and "touched_deals" not in step]
    assert touches_step == [f"SEARCH touches USING INDEX {INDEX} (opportunity_id=? AND partner_id=?)"]


def test_rows_read_through_the_driver_keep_the_declared_types(engine: Engine) -> None:
    seed_credit_program(engine)
    run_attribution(engine)
    with engine.connect() as connection:
        frame = journey_touches(connection, find_run(connection, None))
    assert frame.columns == [
        "opportunity_id", "partner_id", "touched_on", "outcome", "amount_minor", "currency", "closed_on"
    ]
    assert [str(t) for t in frame.dtypes] == ["Int64", "Int64", "Date", "String", "Int64", "String", "Date"]
    assert frame["opportunity_id"].to_list() == [1, 1, 1, 2, 2, 2, 3, 4]


def test_sqlite_reads_the_results_in_deal_order_without_a_sort(sqlite_engine: Engine) -> None:
    seed_credit_program(sqlite_engine)
    run_attribution(sqlite_engine)
    with sqlite_engine.connect() as connection:
        for statistics in (False, True):
            if statistics:
                connection.execute(text("ANALYZE"))
            query = journeys_query(find_run(connection, None), in_deal_order=True)
            sql = str(query.compile(dialect=sqlite_engine.dialect, compile_kwargs={"literal_binds": True}))
            plan = [row[3] for row in connection.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
            assert plan[0] == "SEARCH attribution_results USING INDEX ix_attribution_results_run_opportunity (run_id=?)"
            assert not [step for step in plan if "TEMP B-TREE" in step]
