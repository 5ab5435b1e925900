"""A partner's signals in one conversation on one deal become ONE claimed touch; reviewing it decides every
signal it holds, and each proposal and decision is in the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from partnerops.domain.enums import TouchStatus
from partnerops.domain.roles import Principal, Role
from partnerops.ingest.conversations.formats import conversation_files
from partnerops.signals.proposals import AlreadyReviewed, NotProposed, propose_touches, review_signal
from partnerops.signals.scan import scan_files
from partnerops.signals.seeding import seed_partner_trackers
from partnerops.signals.signal_repo import SignalFilter, list_signals
from partnerops.signals.tracker_repo import get_tracker, save_tracker
from partnerops.signals.trackers import TrackerKind, rules_from_json
from partnerops.store.audit import history
from partnerops.store.signal_tables import signals
from partnerops.store.tables import partners, touches
from partnerops.touches.review import reject_touch
from signals.signals_kit import FIXTURES, NOW, RULE, catalog, fixture_copy, seed_crm


def _scanned(engine: Engine, tmp_path: Path) -> dict[str, int]:
    ids = seed_crm(engine)
    scan_files(engine, conversation_files([fixture_copy(tmp_path)]), catalog(engine), RULE, NOW)
    return ids


def _touch_of_gong_call(engine: Engine) -> tuple[int, list[int]]:
    with engine.connect() as conn:
        rows = conn.execute(select(signals.c.id, signals.c.touch_id).where(signals.c.file.like("%gong-call.json"))
                            .order_by(signals.c.id)).all()
    assert len({r.touch_id for r in rows}) == 1
    return int(rows[0].touch_id), [int(r.id) for r in rows]


def test_two_mentions_on_one_call_propose_one_touch(engine: Engine, tmp_path: Path) -> None:
    ids = _scanned(engine, tmp_path)
    created = propose_touches(engine, "pm", NOW)
    touch_id, signal_ids = _touch_of_gong_call(engine)
    with engine.connect() as conn:
        made = conn.execute(select(touches).order_by(touches.c.id)).mappings().all()
    assert len(signal_ids) == 2 and created == len(made) == 3
    gong = next(t for t in made if t["id"] == touch_id)
    # One customer-side mention makes it a verbal recommendation, whoever else spoke.
    assert (gong["type"], gong["status"], gong["opportunity_id"]) == ("verbal_recommendation", "claimed",
                                                                      ids["globex_open"])
    assert all(f"signal {s} at" in gong["evidence"] for s in signal_ids)
    assert "Sam Buyer (customer)" in gong["evidence"] and "Dana Rep (ours)" in gong["evidence"]
    # Each email file on the same deal is another conversation with its own touch; the mbox intro has two
    # mentions, both by our side, so it is intel.
    by_file = {Path(t["evidence"].splitlines()[0].split(" in ", 1)[1].rstrip(":")).name: t for t in made}
    assert {name: (t["type"], t["evidence"].count("\n- ")) for name, t in by_file.items()} == {
        "gong-call.json": ("verbal_recommendation", 2), "intro-thread.eml": ("verbal_recommendation", 1),
        "partner-threads.mbox": ("intel", 2)}


def test_proposing_again_or_rescanning_adds_no_touch(engine: Engine, tmp_path: Path) -> None:
    _scanned(engine, tmp_path)
    first = propose_touches(engine, "pm", NOW)
    scan_files(engine, conversation_files([tmp_path / "conversations"]), catalog(engine), RULE, NOW)
    assert (first > 0, propose_touches(engine, "pm", NOW)) == (True, 0)
    with engine.connect() as conn:
        stored = conn.execute(select(touches.c.id)).all()
    assert len(stored) == first


def test_the_proposal_is_audited(engine: Engine, tmp_path: Path) -> None:
    _scanned(engine, tmp_path)
    propose_touches(engine, "pm", NOW)
    touch_id, _ = _touch_of_gong_call(engine)
    with engine.connect() as conn:
        audit = history(conn, "touch", touch_id)
    assert [(a["old_value"], a["new_value"], a["actor"]) for a in audit] == [(None, "claimed", "pm")]
    assert "2 signal(s)" in str(audit[0]["reason"])


def test_review_decides_every_signal_of_the_touch_and_is_audited(engine: Engine, tmp_path: Path) -> None:
    _scanned(engine, tmp_path)
    propose_touches(engine, "pm", NOW)
    touch_id, (first, second) = _touch_of_gong_call(engine)
    reviewed = review_signal(engine, first, True, "pm", NOW, "heard it on the call")
    assert (reviewed.touch_id, reviewed.status, reviewed.signals) == (touch_id, TouchStatus.CONFIRMED, 2)
    with engine.connect() as conn:
        status = conn.execute(select(touches.c.status).where(touches.c.id == touch_id)).scalar_one()
        audit = history(conn, "touch", touch_id)
    assert status == "confirmed"
    assert [(a["old_value"], a["new_value"], a["reason"]) for a in audit][-1] == (
        "claimed", "confirmed", "heard it on the call")
    # The other mention on the call was decided with it.
    with pytest.raises(AlreadyReviewed):
        review_signal(engine, second, False, "pm", NOW)


def test_a_signal_without_a_deal_cannot_be_reviewed(engine: Engine, tmp_path: Path) -> None:
    _scanned(engine, tmp_path)
    propose_touches(engine, "pm", NOW)
    with engine.connect() as conn:
        unlinked = conn.execute(select(signals.c.id).where(signals.c.opportunity_id.is_(None))).scalars().first()
    with pytest.raises(NotProposed):
        review_signal(engine, int(unlinked), True, "pm", NOW)


def test_mentions_found_later_in_a_reviewed_conversation_join_its_touch(engine: Engine, tmp_path: Path) -> None:
    _scanned(engine, tmp_path)
    propose_touches(engine, "pm", NOW)
    touch_id, (first, _) = _touch_of_gong_call(engine)
    review_signal(engine, first, False, "pm", NOW)
    with engine.begin() as conn:
        rules = rules_from_json({"aliases": ["Acme Cloud", "acme", "your data team"]})
        save_tracker(conn, "Acme Cloud", TrackerKind.PARTNER, rules, "ops", NOW,
                     get_tracker(conn, "Acme Cloud").partner_id)
    scan_files(engine, conversation_files([tmp_path / "conversations"]), catalog(engine), RULE, NOW)
    assert propose_touches(engine, "pm", NOW) == 0
    with engine.connect() as conn:
        joined = conn.execute(select(signals.c.tracker_versions).where(signals.c.touch_id == touch_id)
                              .order_by(signals.c.offset)).scalars().all()
        status = conn.execute(select(touches.c.status).where(touches.c.id == touch_id)).scalar_one()
    # The edited tracker found the two mentions again (the same signals, now listing both versions) and one more.
    assert (joined, status) == ([[2], [1, 2], [1, 2]], "rejected")


def test_the_touch_review_service_decides_all_signals_of_the_conversation(engine: Engine, tmp_path: Path) -> None:
    _scanned(engine, tmp_path)
    propose_touches(engine, "pm", NOW)
    touch_id, signal_ids = _touch_of_gong_call(engine)
    with engine.begin() as conn:
        reject_touch(conn, Principal(1, "pm@ourco.com", Role.PARTNER_MANAGER), touch_id, "not a partner motion")
        listed = list_signals(conn, SignalFilter(limit=1000))
    assert {s["touch_status"] for s in listed if s["id"] in signal_ids} == {"rejected"}
    with pytest.raises(AlreadyReviewed):
        review_signal(engine, signal_ids[1], True, "pm", NOW)


def test_a_touch_s_evidence_never_names_another_partner(engine: Engine, tmp_path: Path) -> None:
    seed_crm(engine)
    with engine.begin() as conn:
        conn.execute(partners.insert().values(source_system="csv", external_id="P-2", name="Initrode Partners",
                                              type="reseller", domain="initrode.example"))
        seed_partner_trackers(conn, "test", NOW)
    call = tmp_path / "gong-call.json"
    call.write_text((FIXTURES / "gong-call.json").read_text(encoding="utf-8").replace(
        "Acme Cloud today and their team said", "Acme Cloud today and Initrode Partners said"))
    scan_files(engine, conversation_files([call]), catalog(engine), RULE, NOW)
    propose_touches(engine, "pm", NOW)
    with engine.connect() as conn:
        made = dict(conn.execute(select(partners.c.name, touches.c.evidence)
                                 .join(partners, partners.c.id == touches.c.partner_id)).all())
    assert set(made) == {"Acme Cloud", "Initrode Partners"}
    assert "Acme Cloud" in made["Acme Cloud"] and "Initrode" not in made["Acme Cloud"]
    # The snippet goes on with the speaker's next sentence ("Our office in Acmeville..."): a place, no partner.
    assert "Initrode Partners" in made["Initrode Partners"] and "Acme Cloud" not in made["Initrode Partners"]
    assert "[another partner]" in made["Acme Cloud"] and "[another partner]" in made["Initrode Partners"]


def _mail(message_id: str, subject: str, body: str, replying_to: str | None = None) -> str:
    reply = f"In-Reply-To: {replying_to}\nReferences: {replying_to}\n" if replying_to else ""
    return (f"From dana.rep@ourco.com Wed Mar  4 10:02:11 2026\nMessage-ID: {message_id}\n{reply}"
            "Date: Wed, 04 Mar 2026 10:02:11 +0000\nFrom: Dana Rep <dana.rep@ourco.com>\n"
            f"To: Sam Buyer <sam.buyer@globex.com>\nSubject: {subject}\n\n{body}\n\n")


def test_each_email_thread_is_its_own_conversation_in_one_mbox_or_across_files(engine: Engine,
                                                                                tmp_path: Path) -> None:
    seed_crm(engine)
    box = tmp_path / "dana.mbox"
    box.write_text(_mail("<one@ourco.com>", "Intro", "Meet Jo from Acme Cloud.")
                   + _mail("<two@ourco.com>", "Integration", "Acme Cloud ships the connector next week."))
    reply = tmp_path / "reply.eml"
    reply.write_text(_mail("<three@ourco.com>", "Re: Intro", "Acme Cloud confirmed the date.",
                           replying_to="<one@ourco.com>").split("\n", 1)[1])
    scan_files(engine, conversation_files([box, reply]), catalog(engine), RULE, NOW)
    assert propose_touches(engine, "pm", NOW) == 2
    with engine.connect() as conn:
        made = sorted(conn.execute(select(touches.c.evidence)).scalars(), key=len)
    assert made[0].startswith(f"1 mention(s) in {box}:") and "connector" in made[0]
    assert made[1].startswith(f"2 mention(s) in {box}, {reply}:") and "confirmed the date" in made[1], made
