"""Scanning the fixture folder into the database: signals linked to the deal, unlinked ones kept,
broken files quarantined, and a rescan adding nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from partnerops.ingest.conversations.formats import conversation_files
from partnerops.signals.matcher import Engine as MatchEngine
from partnerops.signals.matcher import available_engines
from partnerops.signals.scan import scan_files
from partnerops.signals.signal_repo import SignalFilter, list_signals
from partnerops.store.quarantine_repo import QuarantineFilter, entries
from partnerops.store.signal_tables import signals
from signals.signals_kit import NOW, RULE, catalog, fixture_copy, seed_crm


def _scan(engine: Engine, folder: Path, match_engine: MatchEngine = "auto") -> tuple[int, int]:
    report = scan_files(engine, conversation_files([folder]), catalog(engine, match_engine), RULE, NOW)
    return report.signals_added, len(report.quarantined or [])


def _by_file(engine: Engine) -> dict[str, list[dict[str, object]]]:
    with engine.connect() as conn:
        found = list_signals(conn, SignalFilter(limit=1000))
    grouped: dict[str, list[dict[str, object]]] = {}
    for signal in found:
        grouped.setdefault(Path(str(signal["file"])).name, []).append(signal)
    return grouped


def test_gong_call_links_to_the_open_deal_through_crm_context(engine: Engine, tmp_path: Path) -> None:
    ids = seed_crm(engine)
    _scan(engine, fixture_copy(tmp_path))
    gong = _by_file(engine)["gong-call.json"]
    assert [(s["phrase"], s["side"], s["speaker"]) for s in gong] == [
        ("Acme Cloud", "customer", "Sam Buyer"), ("acme-cloud.com", "ours", "Dana Rep")]
    assert {(s["opportunity_id"], s["account_id"], s["linked_by"]) for s in gong} == {
        (ids["globex_open"], ids["globex"], "crm_opportunity")}
    assert gong[0]["at_seconds"] == pytest.approx(61.24)
    assert gong[0]["partner_id"] == ids["acme"]


def test_email_links_through_the_customer_domain_and_marks_quoted_text(engine: Engine, tmp_path: Path) -> None:
    ids = seed_crm(engine)
    _scan(engine, fixture_copy(tmp_path))
    grouped = _by_file(engine)
    assert [(s["opportunity_id"], s["linked_by"], s["quoted"]) for s in grouped["intro-thread.eml"]] == [
        (ids["globex_open"], "email_domain", False), (ids["globex_open"], "email_domain", True)]
    initech = [s for s in grouped["partner-threads.mbox"] if s["account_id"] == ids["initech"]]
    assert [(s["opportunity_id"], s["side"]) for s in initech] == [(None, "customer")]


def test_signals_without_a_deal_are_kept_and_listed_as_unlinked(engine: Engine, tmp_path: Path) -> None:
    seed_crm(engine)
    _scan(engine, fixture_copy(tmp_path))
    with engine.connect() as conn:
        unlinked = list_signals(conn, SignalFilter(unlinked=True))
    files = {Path(str(s["file"])).name for s in unlinked}
    assert {"zoom-call.vtt", "teams-call.vtt", "recorder-call.srt", "notes-call.txt"} <= files
    assert all(s["opportunity_id"] is None for s in unlinked)


def test_broken_files_are_quarantined_and_the_rest_are_scanned(engine: Engine, tmp_path: Path) -> None:
    seed_crm(engine)
    added, quarantined = _scan(engine, fixture_copy(tmp_path))
    assert quarantined == 2 and added > 0
    with engine.connect() as conn:
        kept = entries(conn, QuarantineFilter(kind="conversation"))
    assert sorted(Path(e["file"]).name for e in kept) == ["broken-gong.json", "broken-zoom.vtt"]


def test_rescanning_adds_no_signal_and_no_quarantine_entry(engine: Engine, tmp_path: Path) -> None:
    seed_crm(engine)
    folder = fixture_copy(tmp_path)
    first, _ = _scan(engine, folder)
    again, _ = _scan(engine, folder)
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(signals)).scalar_one()
        kept = entries(conn, QuarantineFilter(kind="conversation"))
    assert (again, stored, len(kept)) == (0, first, 2)


def test_both_engines_store_the_same_signals(engine: Engine, tmp_path: Path) -> None:
    if len(available_engines()) < 2:
        pytest.skip("hyperscan is not installed")
    seed_crm(engine)
    folder = fixture_copy(tmp_path)
    first, _ = _scan(engine, folder, "hyperscan")
    assert first > 0
    assert _scan(engine, folder, "ahocorasick") == (0, 2)
