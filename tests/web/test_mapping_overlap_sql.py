"""The mapping lists' SQL agrees with `partnerops.mapping`: on generated lists of several partners (one of them
deleted in the CRM, with deleted accounts and deals, matches of every status), each partner's counts on the
overview (every list read at once, or a page's lists alone) are `overlap()`'s, its overlap rows are `overlap()`'s
under every segment and region filter and when our side is added to a page of them, and the shared accounts (and the
keys their total is counted on) are `shared_accounts()`'s, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from typing import Any

import polars as pl
import pytest
from sqlalchemy import Connection, Engine, select

from partnerops.mapping.overlap import OverlapCategory, OverlapFilter, overlap
from partnerops.mapping.shared_accounts import SharedFilter, shared_accounts
from partnerops.mapping.sharing import sharing_level
from partnerops.store.mapping_tables import partner_accounts
from partnerops.store.tables import import_batches
from partnerops.web.queries.mapping_lists import (
    category_counts,
    mapping_overview,
    overlap_counts,
    overlap_lean,
    overlap_list,
    same_text,
    with_our_side,
)
from partnerops.web.queries.shared_account_list import NAMES_SEPARATOR, shared_base, shared_list
from web.mapping_world import seed_mapping

SEEDS = (1, 2, 3)


def _overview(conn: Connection) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in (dict(r._mapping) for r in conn.execute(mapping_overview()))}


@pytest.mark.parametrize("seed", SEEDS)
def test_the_overview_counts_are_overlap_s_for_every_partner(engine: Engine, seed: int) -> None:
    world = seed_mapping(engine, random.Random(seed), partner_count=7)
    with engine.connect() as conn:
        rows = _overview(conn)
        listing = set(conn.execute(select(partner_accounts.c.partner_id).distinct()).scalars())
        assert set(rows) == listing and world.deleted_partner in rows
        paged = overlap_counts(conn, sorted(rows)[:3])
        imported: dict[int, Any] = {}
        for options, at in conn.execute(select(import_batches.c.options, import_batches.c.finished_at)):
            owner = int(options["source_system"].removeprefix("partner-"))
            imported[owner] = max(at, imported.get(owner, at))
        assert imported and all(row["last_import"] == imported.get(partner_id) for partner_id, row in rows.items())
        for partner_id, row in rows.items():
            found = overlap(conn, partner_id)
            assert {c: row[c.value] for c in OverlapCategory} == found.counts
            assert paged.get(partner_id, {c.value: row[c.value] for c in OverlapCategory}) == {
                c.value: n for c, n in found.counts.items()}
            assert row["awaiting_review"] == found.awaiting_review
            assert row["sharing"] == sharing_level(conn, partner_id).value
            assert row["listed"] == world.listed[partner_id]
    assert sum(row[c.value] for row in rows.values() for c in OverlapCategory) > 0


def _rows(conn: Connection, query: Any) -> list[tuple[object, ...]]:
    frame = pl.DataFrame([dict(r._mapping) for r in conn.execute(query)], infer_schema_length=None)
    return sorted(frame.select(_COLUMNS).rows()) if frame.height else []


_COLUMNS = ("category", "their_account_id", "their_name", "their_domain", "their_status", "our_account_id",
            "our_name", "our_status", "segment", "region", "tier", "score")


@pytest.mark.parametrize("seed", SEEDS)
def test_a_partner_s_overlap_rows_are_overlap_s_under_each_filter(engine: Engine, seed: int) -> None:
    world = seed_mapping(engine, random.Random(seed), partner_count=5)
    filters = [(None, None), ("enterprise", None), ("SMB", "emea"), (None, "Amer")]
    checked = 0
    with engine.connect() as conn:
        for partner_id in world.listed:
            for segment, region in filters:
                expected = overlap(conn, partner_id, OverlapFilter(None, segment, region))
                query = overlap_list(partner_id)
                if segment:
                    query = query.where(same_text(query.selected_columns["segment"], segment))
                if region:
                    query = query.where(same_text(query.selected_columns["region"], region))
                assert _rows(conn, query) == sorted(expected.rows.rows())
                assert category_counts(conn, query) == expected.counts
                checked += expected.rows.height
            lean = overlap_lean(partner_id)
            whole = overlap(conn, partner_id)
            paged = with_our_side(conn, partner_id, [dict(r._mapping) for r in conn.execute(lean)])
            assert sorted(tuple(row[c] for c in _COLUMNS) for row in paged) == sorted(whole.rows.rows())
            assert category_counts(conn, lean) == whole.counts
    assert checked > 0


def _shared(conn: Connection, min_partners: int) -> list[tuple[object, ...]]:
    listed = shared_list()
    query = listed.where(listed.selected_columns["partner_count"] >= min_partners)
    found = []
    for row in conn.execute(query):
        r = row._mapping
        names = [sorted(r[k].split(NAMES_SEPARATOR)) if r[k] else [] for k in ("customer_of", "prospect_of")]
        found.append((r["our_account_id"], r["our_name"], r["our_status"], r["segment"], r["region"],
                      r["partner_count"], *names))
    return sorted(found)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_shared_accounts_are_shared_accounts_s(engine: Engine, seed: int) -> None:
    seed_mapping(engine, random.Random(seed), partner_count=6, our_count=15)
    with engine.connect() as conn:
        for least in (1, 2, 3):
            expected = shared_accounts(conn, SharedFilter(least))
            assert _shared(conn, least) == sorted(expected.rows())
        base = sorted(conn.execute(select(shared_base().subquery().c.our_account_id)).scalars())
        assert base == sorted(shared_accounts(conn).get_column("our_account_id")) and base
