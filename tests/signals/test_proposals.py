"""Signals on a deal become claimed touches once each; a review confirms or rejects one and is audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from partnerops.ingest.conversations.formats import conversation_files
from partnerops.signals.proposals import AlreadyReviewed, NotProposed, propose_touches, review_signal
from partnerops.signals.scan import scan_files
from partnerops.store.audit import history
from partnerops.store.signal_tables import signals
from partnerops.store.tables import touches
from signals.signals_kit import NOW, RULE, catalog, fixture_copy, seed_crm


def _scanned(engine: Engine, tmp_path: Path) -> dict[str, int]:
    ids = seed_crm(engine)
    scan_files(engine, conversation_files([fixture_copy(tmp_path)]), catalog(engine), RULE, NOW)
    return ids


def test_partner_signals_on_a_deal_become_claimed_touches_once(engine: Engine, tmp_path: Path) -> None:
    ids = _scanned(engine, tmp_path)
    created = propose_touches(engine, "pm", NOW)
    assert propose_touches(engine, "pm", NOW) == 0
    with engine.connect() as conn:
        made = conn.execute(select(touches.c.type, touches.c.status, touches.c.opportunity_id)
                            .order_by(touches.c.id)).all()
    assert created == len(made) > 0
    assert {(t.status, t.opportunity_id) for t in made} == {("claimed", ids["globex_open"])}
    assert {t.type for t in made} == {"verbal_recommendation", "intel"}


def test_review_confirms_the_touch_and_records_it_in_the_audit_log(engine: Engine, tmp_path: Path) -> None:
    _scanned(engine, tmp_path)
    propose_touches(engine, "pm", NOW)
    with engine.connect() as conn:
        signal_id, touch_id = conn.execute(select(signals.c.id, signals.c.touch_id)
                                           .where(signals.c.touch_id.is_not(None)).order_by(signals.c.id)).first()
    assert review_signal(engine, signal_id, True, "pm", NOW, "heard it on the call") == "confirmed"
    with engine.connect() as conn:
        status = conn.execute(select(touches.c.status).where(touches.c.id == touch_id)).scalar_one()
        audit = history(conn, "touch", touch_id)
    assert status == "confirmed"
    assert [(a["old_value"], a["new_value"], a["actor"]) for a in audit] == [("claimed", "confirmed", "pm")]
    with pytest.raises(AlreadyReviewed):
        review_signal(engine, signal_id, False, "pm", NOW)


def test_a_signal_without_a_deal_cannot_be_reviewed(engine: Engine, tmp_path: Path) -> None:
    _scanned(engine, tmp_path)
    propose_touches(engine, "pm", NOW)
    with engine.connect() as conn:
        unlinked = conn.execute(select(signals.c.id).where(signals.c.opportunity_id.is_(None))).scalars().first()
    with pytest.raises(NotProposed):
        review_signal(engine, int(unlinked), True, "pm", NOW)
