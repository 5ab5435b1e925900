"""Partner lists through matching to overlap on SQLite and PostgreSQL: idempotent import, quarantine,
remembered decisions, categories, sharing levels and ranked co-sell targets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine, insert, select

from mapping.mapping_kit import ACME_LIST, mapped_world, overlap_names, seed_world, write_csv, write_json
from partnerops.domain.roles import Principal, Role
from partnerops.mapping.errors import UnknownMatch
from partnerops.mapping.matching import MatchStatus, run_matching
from partnerops.mapping.overlap import OverlapCategory, OverlapFilter, overlap
from partnerops.mapping.partner_lists import import_partner_list
from partnerops.mapping.review import Decision, decide_match, list_matches
from partnerops.mapping.sharing import SharingLevel, set_sharing_level, sharing_level, view_for
from partnerops.mapping.targets import co_sell_targets
from partnerops.store.mapping_tables import partner_accounts
from partnerops.store.tables import accounts, opportunities, quarantine, touches

PARTNER_USER = Principal(user_id=7, email="u@acme.example", role=Role.PARTNER_USER, partner_id=1)
MANAGER = Principal(user_id=1, email="pm@us.example", role=Role.PARTNER_MANAGER)


@pytest.fixture
def mapped(engine: Engine, tmp_path: Path) -> Engine:
    return mapped_world(engine, tmp_path)


def test_reimporting_a_list_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    seed_world(engine)
    listed = write_csv(tmp_path / "acme.csv", ACME_LIST)
    import_partner_list(engine, listed, "P1")
    again = import_partner_list(engine, listed, "P1")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, len(ACME_LIST))


def test_a_list_without_ids_is_keyed_by_a_stable_hash(engine: Engine, tmp_path: Path) -> None:
    seed_world(engine)
    listed = write_json(tmp_path / "bolt.json", [{"name": "Foo Inc", "domain": "foo.com", "status": "customer"}])
    first = import_partner_list(engine, listed, "P2")
    second = import_partner_list(engine, listed, "P2")
    assert (first.inserted, second.unchanged) == (1, 1)
    with engine.connect() as conn:
        key = conn.execute(select(partner_accounts.c.external_id, partner_accounts.c.partner_id)).one()
    assert key[0].startswith("h-") and key[1] == 2


def test_a_bad_status_quarantines_the_row_and_a_bad_domain_lands_it_without_one(engine: Engine,
                                                                                 tmp_path: Path) -> None:
    seed_world(engine)
    listed = write_csv(tmp_path / "acme.csv", ["C1,Globex,globex.com,partner,,,",
                                               "C2,Initech,not a domain,customer,,,"])
    summary = import_partner_list(engine, listed, "P1")
    assert (summary.quarantined, summary.warnings) == (1, 1)
    with engine.connect() as conn:
        kept = conn.execute(select(quarantine.c.file, quarantine.c.row_number, quarantine.c.field,
                                   quarantine.c.value, quarantine.c.severity).order_by(quarantine.c.row_number)).all()
        landed = conn.execute(select(partner_accounts.c.name, partner_accounts.c.domain)).all()
    assert [tuple(k[1:]) for k in kept] == [(2, "status", "partner", "error"), (3, "domain", "not a domain", "warning")]
    assert kept[0][0].endswith("acme.csv")
    assert [tuple(row) for row in landed] == [("Initech", None)]


def test_a_file_cannot_put_its_rows_on_another_partner(engine: Engine, tmp_path: Path) -> None:
    seed_world(engine)
    listed = write_csv(tmp_path / "a.csv", ["C1,Globex,globex.com,customer,P2"],
                       header="id,name,domain,status,partner_id")
    import_partner_list(engine, listed, "P1")
    with engine.connect() as conn:
        assert conn.execute(select(partner_accounts.c.partner_id)).scalars().all() == [1]


def test_every_category_holds_the_expected_accounts(mapped: Engine) -> None:
    assert overlap_names(mapped, OverlapCategory.SHARED_CUSTOMERS) == ["Globex Corp."]
    assert overlap_names(mapped, OverlapCategory.CO_SELL_TARGETS) == ["Initech"]
    assert overlap_names(mapped, OverlapCategory.WHITE_SPACE) == [
        "Jane Doe Bakery", "Stark Industries Inc.", "Umbrela Corp", "Vandelay Industries"]


def test_an_account_of_ours_without_any_opportunity_is_white_space_not_a_co_sell_target(mapped: Engine) -> None:
    with mapped.connect() as conn:
        rows = overlap(conn, 1).rows.filter(pl.col("their_name") == "Stark Industries Inc.")
    assert rows.select("category", "our_name", "our_status").row(0) == (
        "white_space", "Stark Industries", "no_opportunity")
    assert overlap_names(mapped, OverlapCategory.OUR_CUSTOMERS_THEIR_PROSPECTS) == ["Soylent"]


def test_segment_filter_narrows_counts_and_lists(mapped: Engine) -> None:
    with mapped.connect() as conn:
        found = overlap(conn, 1, OverlapFilter(segment="Enterprise"))
    assert found.counts[OverlapCategory.SHARED_CUSTOMERS] == 1
    assert found.counts[OverlapCategory.WHITE_SPACE] == 2
    assert set(found.rows.get_column("their_name")) == {"Globex Corp.", "Umbrela Corp", "Stark Industries Inc."}


def test_fuzzy_match_waits_for_review_and_the_decision_survives_rematching(mapped: Engine) -> None:
    with mapped.connect() as conn:
        pending = list_matches(conn, 1, MatchStatus.PENDING)
    assert [(m.their_name, m.tier, m.score) for m in pending] == [("Umbrela Corp", "fuzzy", 0.93)]
    decide_match(mapped, pending[0].id, Decision.REJECT, "ann")
    rerun = run_matching(mapped, 1)
    assert rerun.pending == 0 and rerun.kept_decisions == 1
    with mapped.connect() as conn:
        assert [m.status for m in list_matches(conn, 1, MatchStatus.REJECTED)] == ["rejected"]
    assert "Umbrela Corp" in overlap_names(mapped, OverlapCategory.WHITE_SPACE)


def test_confirmed_fuzzy_match_counts_in_the_overlap(mapped: Engine) -> None:
    with mapped.connect() as conn:
        pending = list_matches(conn, 1, MatchStatus.PENDING)
    decide_match(mapped, pending[0].id, Decision.CONFIRM, "ann")
    run_matching(mapped, 1)
    assert overlap_names(mapped, OverlapCategory.CO_SELL_TARGETS) == ["Initech", "Umbrela Corp"]


def test_deciding_an_unknown_match_names_it(mapped: Engine) -> None:
    with pytest.raises(UnknownMatch, match="no match with id 999"):
        decide_match(mapped, 999, Decision.CONFIRM, "ann")


def test_sharing_levels_limit_what_a_partner_user_sees(mapped: Engine) -> None:
    with mapped.connect() as conn:
        found = overlap(conn, 1)
        assert sharing_level(conn, 1) is SharingLevel.HIDDEN
    hidden = view_for(PARTNER_USER, found, SharingLevel.HIDDEN)
    assert hidden.counts is None and hidden.rows is None
    counts = view_for(PARTNER_USER, found, SharingLevel.COUNTS)
    assert counts.counts is not None and counts.rows is None
    overlaps = view_for(PARTNER_USER, found, SharingLevel.OVERLAPS)
    assert overlaps.rows is not None and "our_name" not in overlaps.rows.columns
    assert "white_space" not in set(overlaps.rows.get_column("category"))
    full = view_for(PARTNER_USER, found, SharingLevel.FULL)
    assert full.rows is not None and "Globex Corporation" in full.rows.get_column("our_name").to_list()
    assert view_for(MANAGER, found, SharingLevel.HIDDEN).rows is not None


def test_setting_a_level_is_remembered_and_returns_the_previous_one(mapped: Engine) -> None:
    assert set_sharing_level(mapped, 1, SharingLevel.OVERLAPS, "ann") is SharingLevel.HIDDEN
    assert set_sharing_level(mapped, 1, SharingLevel.FULL, "ann") is SharingLevel.OVERLAPS
    with mapped.connect() as conn:
        assert sharing_level(conn, 1) is SharingLevel.FULL


def test_targets_without_enough_history_say_so(mapped: Engine) -> None:
    with mapped.connect() as conn:
        ranked = co_sell_targets(conn, 1)
    assert ranked.get_column("propensity").to_list() == [None]
    assert "not enough" in ranked.get_column("reasons")[0]


def _history(engine: Engine) -> None:
    """Twelve closed partner-attached deals: enterprise ones won, smb ones lost."""
    with engine.begin() as conn:
        for i in range(12):
            segment, outcome = ("enterprise", "won") if i % 2 else ("smb", "lost")
            conn.execute(insert(accounts).values(id=100 + i, source_system="csv", external_id=f"H{i}",
                                                 name=f"History {i}", segment=segment, region="EMEA"))
            conn.execute(insert(opportunities).values(
                id=100 + i, source_system="csv", external_id=f"HO{i}", account_id=100 + i, name="h",
                amount_minor=20_000_00, currency="EUR", stage=outcome, outcome=outcome,
                created_on=date(2025, 1, 1), closed_on=date(2025, 6, 1)))
            conn.execute(insert(touches).values(id=100 + i, source_system="csv", external_id=f"HT{i}",
                                                partner_id=2, opportunity_id=100 + i, type="poc",
                                                touched_on=date(2025, 2, 1), status="confirmed"))


def test_targets_like_past_partner_wins_rank_first_with_reasons(mapped: Engine) -> None:
    _history(mapped)
    with mapped.connect() as conn:
        pending = list_matches(conn, 1, MatchStatus.PENDING)
    decide_match(mapped, pending[0].id, Decision.CONFIRM, "ann")
    with mapped.connect() as conn:
        ranked = co_sell_targets(conn, 1)
    assert ranked.get_column("their_name").to_list() == ["Umbrela Corp", "Initech"]
    top, low = ranked.get_column("propensity").to_list()
    assert top > low
    assert "segment=enterprise" in ranked.get_column("reasons")[0]
