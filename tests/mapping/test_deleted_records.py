"""Account mapping over records the CRM deleted: a deleted deal no longer makes its account our customer, and a
deleted account of ours matches nothing, as if neither were there."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, update

from mapping.mapping_kit import ACME_LIST, seed_world, write_csv
from partnerops.mapping.matching import run_matching
from partnerops.mapping.overlap import OverlapCategory, OverlapFilter, overlap
from partnerops.mapping.partner_lists import import_partner_list
from partnerops.store.tables import accounts, opportunities

DELETED = datetime(2026, 3, 5, tzinfo=UTC)


@pytest.fixture
def mapped(engine: Engine, tmp_path: Path) -> Engine:
    seed_world(engine)
    import_partner_list(engine, write_csv(tmp_path / "acme.csv", ACME_LIST), "P1")
    run_matching(engine, 1)
    return engine


def _names(engine: Engine, category: OverlapCategory) -> list[str]:
    with engine.connect() as conn:
        return overlap(conn, 1, OverlapFilter(category)).rows.get_column("their_name").to_list()


def test_a_deleted_won_deal_no_longer_makes_a_shared_customer(mapped: Engine) -> None:
    with mapped.begin() as conn:  # Globex's only deal, won: without it we never had an opportunity there
        conn.execute(update(opportunities).where(opportunities.c.id == 1).values(deleted_at=DELETED))
    assert _names(mapped, OverlapCategory.SHARED_CUSTOMERS) == []
    assert "Globex Corp." in _names(mapped, OverlapCategory.WHITE_SPACE)


def test_a_deleted_account_of_ours_matches_nothing_before_or_after_rematching(mapped: Engine) -> None:
    with mapped.begin() as conn:  # Soylent, our customer and the partner's prospect
        conn.execute(update(accounts).where(accounts.c.id == 4).values(deleted_at=DELETED))
    assert _names(mapped, OverlapCategory.OUR_CUSTOMERS_THEIR_PROSPECTS) == []
    run_matching(mapped, 1)
    assert _names(mapped, OverlapCategory.OUR_CUSTOMERS_THEIR_PROSPECTS) == []
    assert _names(mapped, OverlapCategory.SHARED_CUSTOMERS) == ["Globex Corp."]
