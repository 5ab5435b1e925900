"""Account mapping over records the CRM deleted: a deleted deal no longer makes its account our customer, and a
deleted account of ours matches nothing, as if neither were there."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, update

from mapping.mapping_kit import mapped_world, overlap_names
from partnerops.mapping.matching import run_matching
from partnerops.mapping.overlap import OverlapCategory
from partnerops.store.tables import accounts, opportunities

DELETED = datetime(2026, 3, 5, tzinfo=UTC)


@pytest.fixture
def mapped(engine: Engine, tmp_path: Path) -> Engine:
    return mapped_world(engine, tmp_path)


def test_a_deleted_won_deal_no_longer_makes_a_shared_customer(mapped: Engine) -> None:
    with mapped.begin() as conn:  # Globex's only deal, won: without it we never had an opportunity there
        conn.execute(update(opportunities).where(opportunities.c.id == 1).values(deleted_at=DELETED))
    assert overlap_names(mapped, OverlapCategory.SHARED_CUSTOMERS) == []
    assert "Globex Corp." in overlap_names(mapped, OverlapCategory.WHITE_SPACE)


def test_a_deleted_account_of_ours_matches_nothing_before_or_after_rematching(mapped: Engine) -> None:
    with mapped.begin() as conn:  # Soylent, our customer and the partner's prospect
        conn.execute(update(accounts).where(accounts.c.id == 4).values(deleted_at=DELETED))
    assert overlap_names(mapped, OverlapCategory.OUR_CUSTOMERS_THEIR_PROSPECTS) == []
    run_matching(mapped, 1)
    assert overlap_names(mapped, OverlapCategory.OUR_CUSTOMERS_THEIR_PROSPECTS) == []
    assert overlap_names(mapped, OverlapCategory.SHARED_CUSTOMERS) == ["Globex Corp."]
