"""Partner B's signals records for the page isolation walk: a tracker of B's, two signals of a call on B's deal
and the touch they propose, awaiting review."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine, func, select

from partnerops.signals.tracker_repo import save_tracker
from partnerops.signals.trackers import TrackerKind, TrackerRules
from partnerops.store.signal_tables import signals
from partnerops.store.tables import audit_log, touches
from web.web_world import BRAVO

# Strings only partner B's signals records carry: none may appear on a page partner A's user sees.
SECRETS: tuple[str, ...] = ("Bravo Whisper Tracker", "whisper-relay", "bravo-whisper-call.vtt", "Wendy Whisper")
# Form fields the signals pages' POST routes need, sent with every probe (values must be harmless for B's objects).
FORM: dict[str, str] = {"reason": "probe"}
NOW = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
BRAVO_DEAL = 4  # Umbrella renewal, one of B's deals in web_world


def seed(engine: Engine) -> dict[str, int]:
    """Add partner B's records; return the path parameter values that name them."""
    with engine.begin() as conn:
        tracker = save_tracker(conn, "Bravo Whisper Tracker", TrackerKind.PARTNER,
                               TrackerRules(("whisper-relay",)), "seed", NOW, partner_id=BRAVO)
        touch_id = conn.execute(touches.insert().values(
            source_system="signal", external_id="signal-bravo-1", partner_id=BRAVO, opportunity_id=BRAVO_DEAL,
            type="verbal_recommendation", touched_on=date(2026, 3, 2), actor="seed", status="claimed",
            evidence="bravo-whisper-call.vtt: Wendy Whisper said whisper-relay",
        ).returning(touches.c.id)).scalar_one()
        conn.execute(signals.insert(), [_signal(tracker.id, touch_id, offset) for offset in (10, 90)])
    return {"proposed_touch_id": int(touch_id)}


def _signal(tracker_id: int, touch_id: int, offset: int) -> dict[str, object]:
    return {"file": "/calls/bravo-whisper-call.vtt", "file_sha256": "b" * 64, "offset": offset,
            "source_format": "vtt", "tracker_id": tracker_id, "tracker_version": 1, "partner_id": BRAVO,
            "phrase": "whisper-relay", "snippet": "we moved to whisper-relay last spring", "speaker": "Wendy Whisper",
            "side": "customer", "at_seconds": 61.0, "occurred_at": NOW, "account_id": 2,
            "opportunity_id": BRAVO_DEAL, "linked_by": "email_domain", "touch_id": touch_id, "created_at": NOW}


def state(engine: Engine, ids: dict[str, int]) -> tuple[object, ...]:
    """What must not change in partner B's signals records when partner A's user probes them."""
    touch_id = ids["proposed_touch_id"]
    with engine.connect() as conn:
        status = conn.execute(select(touches.c.status).where(touches.c.id == touch_id)).scalar_one()
        audited = conn.execute(select(func.count()).select_from(audit_log).where(
            audit_log.c.entity == "touch", audit_log.c.entity_id == touch_id)).scalar_one()
        pointing = conn.execute(select(func.count()).where(signals.c.touch_id == touch_id)).scalar_one()
    return status, audited, pointing
