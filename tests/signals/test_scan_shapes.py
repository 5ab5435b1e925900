"""Scanning conversations as people write them: malformed files cost only themselves, an unreadable message only
itself, quoted text gives quoted signals, phrases broken across lines are found, speaker labels' organisations are
kept as affiliations, an edited tracker adds no duplicates, and a quarantined file can be retried (SQLite and
PostgreSQL)."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import Engine, select

from partnerops.ingest.conversations.formats import conversation_files
from partnerops.ingest.quarantine import retry
from partnerops.signals.affiliations import list_affiliations
from partnerops.signals.proposals import propose_touches
from partnerops.signals.scan import ScanReport, scan_files
from partnerops.signals.seeding import seed_partner_trackers
from partnerops.signals.signal_repo import SignalFilter, list_signals
from partnerops.signals.tracker_repo import get_tracker, save_tracker
from partnerops.signals.trackers import TrackerKind, rules_from_json
from partnerops.store.quarantine_repo import QuarantineFilter, entries
from partnerops.store.signal_tables import signals
from partnerops.store.tables import partners
from signals.signals_kit import FIXTURES, NOW, RULE, catalog, seed_crm

SHAPES = FIXTURES / "shapes"


def _crm(engine: Engine) -> dict[str, int]:
    ids = seed_crm(engine)
    with engine.begin() as conn:
        for key, name, domain in (("lido", "Lido Group Ltd", "lido.io"), ("pa", "PA Consulting Group",
                                                                          "paconsulting.com")):
            ids[key] = conn.execute(partners.insert().values(source_system="csv", external_id=key, name=name,
                                                             type="si", domain=domain).returning(partners.c.id)
                                    ).scalar_one()
        seed_partner_trackers(conn, "test", NOW)
    return ids


def _scan(engine: Engine, *paths: Path) -> ScanReport:
    return scan_files(engine, conversation_files(list(paths)), catalog(engine), RULE, NOW)


def _signals(engine: Engine, name: str) -> list[tuple[str, str, bool]]:
    with engine.connect() as conn:
        found = list_signals(conn, SignalFilter(limit=1000))
    return [(s["tracker"], s["phrase"], s["quoted"]) for s in found if Path(s["file"]).name == name]


def test_a_malformed_file_is_quarantined_and_the_rest_of_the_folder_is_scanned(engine: Engine,
                                                                                tmp_path: Path) -> None:
    _crm(engine)
    folder = tmp_path / "calls"
    shutil.copytree(SHAPES, folder)
    (folder / "a-broken.json").write_text('{"callTranscripts":["x"]}')
    (folder / "b-not-json.json").write_text("{nope")
    report = _scan(engine, folder)
    assert report.quarantined == [(str(folder / "b-not-json.json"), report.quarantined[0][1])]
    assert "not JSON" in report.quarantined[0][1]
    assert (str(folder / "a-broken.json"), "callTranscripts[0]", "a call transcript must be an object, found 'x'") \
        in report.parts_quarantined
    assert _signals(engine, "zoom-chat.txt") and _signals(engine, "earnings-call.json")


def test_an_unreadable_message_is_quarantined_alone_and_its_mbox_is_scanned(engine: Engine) -> None:
    _crm(engine)
    report = _scan(engine, SHAPES / "list-archive.mbox")
    assert [(part, "not an email message" in reason) for _, part, reason in report.parts_quarantined] == [
        ("message 3", True)]
    with engine.connect() as conn:
        kept = entries(conn, QuarantineFilter(kind="conversation"))
    assert [(e["row_number"], e["field"], e["value"]) for e in kept] == [(3, "part", "message 3")]
    assert ("Lido Group Ltd", "Lido", False) in _signals(engine, "list-archive.mbox")


def test_quoted_mentions_are_kept_counted_apart_and_propose_no_touch_by_default(engine: Engine) -> None:
    _crm(engine)
    report = _scan(engine, SHAPES / "list-archive.mbox")
    found = _signals(engine, "list-archive.mbox")
    assert sorted(found) == sorted([
        ("PA Consulting Group", "PA Consulting", False), ("Lido Group Ltd", "Lido", False),
        ("PA Consulting Group", "PA Consulting", True), ("Lido Group Ltd", "Lido", False),
        ("PA Consulting Group", "PA Consulting", True)])
    assert report.quoted_found == 2
    with engine.connect() as conn:
        quoted_only = list_signals(conn, SignalFilter(quoted=True))
    assert len(quoted_only) == 2


def test_a_quoted_mention_on_a_deal_proposes_only_when_asked(engine: Engine, tmp_path: Path) -> None:
    seed_crm(engine)
    quoted = tmp_path / "reply.eml"
    quoted.write_text("From: Sam Buyer <sam.buyer@globex.com>\nSubject: Re: next steps\n\nSounds good.\n\n"
                      "On Mon, 2 Mar 2026, Dana Rep <dana.rep@ourco.com> wrote:\n> Acme Cloud can join Friday.\n")
    _scan(engine, quoted)
    assert propose_touches(engine, "pm", NOW) == 0
    assert propose_touches(engine, "pm", NOW, include_quoted=True) == 1


def test_a_phrase_broken_across_cues_of_one_speaker_is_found_not_across_speakers(engine: Engine,
                                                                                  tmp_path: Path) -> None:
    _crm(engine)
    across = tmp_path / "across-speakers.vtt"
    across.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnn Lee: we met PA\n\n"
                      "00:00:02.000 --> 00:00:03.000\nBo Chen: Consulting is a field\n\n"
                      "00:00:03.000 --> 00:00:04.000\nAnn Lee: ok\n")
    _scan(engine, SHAPES / "labelled-call.vtt", across)
    labelled = _signals(engine, "labelled-call.vtt")
    assert ("PA Consulting Group", "PA Consulting", False) in labelled
    assert _signals(engine, "across-speakers.vtt") == []


def test_a_speaker_labels_organisation_links_the_speaker_to_that_partner(engine: Engine) -> None:
    ids = _crm(engine)
    report = _scan(engine, SHAPES / "labelled-call.vtt")
    with engine.connect() as conn:
        found = list_affiliations(conn)
    assert [(a["speaker"], a["organisation"], a["partner_id"]) for a in found] == [
        ("Greg K", "Lido", ids["lido"]), ("Etan", "Nimbus", None)]
    assert report.affiliations_added == 2 and _scan(engine, SHAPES / "labelled-call.vtt").affiliations_added == 0
    # The label is who spoke, not what was said: Lido is mentioned once, by Etan.
    assert [s for s in _signals(engine, "labelled-call.vtt") if s[0] == "Lido Group Ltd"] == [
        ("Lido Group Ltd", "Lido", False)]


def test_editing_a_tracker_and_rescanning_adds_no_duplicate(engine: Engine) -> None:
    _crm(engine)
    first = _scan(engine, SHAPES / "list-archive.mbox").signals_added
    with engine.begin() as conn:
        tracker = get_tracker(conn, "Lido Group Ltd")
        save_tracker(conn, tracker.name, TrackerKind.PARTNER,
                     rules_from_json(tracker.rules.as_json() | {"exclusions": ["Lido deck"]}), "ops", NOW,
                     tracker.partner_id)
    again = _scan(engine, SHAPES / "list-archive.mbox").signals_added
    with engine.connect() as conn:
        lido = conn.execute(select(signals.c.tracker_version, signals.c.tracker_versions).where(
            signals.c.tracker_id == tracker.id)).all()
    assert (first, again) == (5, 0)
    assert [tuple(row) for row in lido] == [(1, [1, 2]), (1, [1, 2])]


def test_a_quarantined_file_is_retried_once_fixed(engine: Engine, tmp_path: Path) -> None:
    _crm(engine)
    path = tmp_path / "call.json"
    path.write_text('{"callTranscripts":')
    _scan(engine, path)
    with engine.connect() as conn:
        [entry] = entries(conn, QuarantineFilter(kind="conversation"))
    assert not retry(engine, entry["id"]).landed
    path.write_text('{"transcript": [{"speaker": "Sam Buyer", "text": "Lido did the pilot."}]}')
    result = retry(engine, entry["id"], actor="ops")
    assert result.landed and result.entry["status"] == "resolved"
    assert _signals(engine, "call.json") == [("Lido Group Ltd", "Lido", False)]


def test_rescanning_a_fixed_file_resolves_its_entries(engine: Engine, tmp_path: Path) -> None:
    _crm(engine)
    path = tmp_path / "call.srt"
    path.write_text("")
    _scan(engine, path)
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nLido is in.\n")
    _scan(engine, path)
    with engine.connect() as conn:
        assert entries(conn, QuarantineFilter(kind="conversation")) == []
