"""From signals to touch: a partner's mentions in one conversation on one deal become ONE claimed touch
awaiting a partner manager's review, so two mentions on one call never count as two touches (co-sell).

Claimed touches do not count in attribution under the default policy (`count_unconfirmed: false`), so a
transcript alone never moves a deal's tier until someone confirms it. Deciding the touch decides all its signals.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select, update

from partnerops.domain.enums import TouchStatus, TouchType
from partnerops.ingest.conversations.model import Side
from partnerops.signals.tracker_repo import all_trackers
from partnerops.signals.trackers import Tracker
from partnerops.store.audit import record_field_changes
from partnerops.store.signal_tables import signals
from partnerops.store.tables import touches

SOURCE_SYSTEM = "signal"
AUDIT_ENTITY = "touch"
# What a touch's evidence says instead of another partner's name: the partner whose touch it is reads it.
OTHER_PARTNER = "[another partner]"
# A partner's id -> the pattern of the names its touches' evidence must not show.
Redaction = Callable[[int], "re.Pattern[str] | None"]


@dataclass(frozen=True)
class TouchTypes:
    """The touch type proposed for a conversation's mentions: a customer-side mention is the stronger evidence."""

    customer: TouchType = TouchType.VERBAL_RECOMMENDATION
    other: TouchType = TouchType.INTEL

    def for_sides(self, sides: Iterable[str]) -> TouchType:
        return self.customer if Side.CUSTOMER.value in set(sides) else self.other


@dataclass(frozen=True)
class ReviewedTouch:
    touch_id: int
    status: TouchStatus
    signals: int


class SignalNotFound(LookupError):
    def __init__(self, signal_id: int) -> None:
        super().__init__(f"signal {signal_id} not found")


class NotProposed(ValueError):
    def __init__(self, signal_id: int) -> None:
        super().__init__(f"signal {signal_id} has no proposed touch (it needs a partner and a deal; "
                         "run `partnerops signals propose`)")


class AlreadyReviewed(ValueError):
    def __init__(self, signal_id: int, status: str) -> None:
        super().__init__(f"signal {signal_id}: its touch is already {status}")


def conversation_key(conversation: str, partner_id: int, opportunity_id: int) -> str:
    """The touch's external id: one per (conversation, partner, deal), so rescans and reruns find it again. The
    conversation is the email thread's digest, or the file's for a file that is one conversation."""
    return f"conversation-{conversation}-p{partner_id}-o{opportunity_id}"


def propose_touches(engine: Engine, actor: str, now: datetime, types: TouchTypes | None = None,
                    include_quoted: bool = False) -> int:
    """One claimed touch per partner, conversation and deal for the signals that have none yet; returns how
    many touches were created (signals joining a touch proposed earlier for the same conversation count none).
    A mention in quoted email text repeats an earlier message: it proposes nothing unless `include_quoted`."""
    types = types or TouchTypes()
    pending = select(signals).where(signals.c.touch_id.is_(None), signals.c.partner_id.is_not(None),
                                    signals.c.opportunity_id.is_not(None)).order_by(signals.c.id)
    if not include_quoted:
        pending = pending.where(signals.c.quoted.is_(False))
    created = 0
    with engine.begin() as conn:
        trackers = [t for t in all_trackers(conn) if t.partner_id is not None]
        # One pattern per partner for the whole run, not one per touch.
        redaction = functools.cache(functools.partial(other_partners, trackers))
        groups: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
        for row in conn.execute(pending).mappings():
            conversation = row["thread"] or row["file_sha256"]
            groups.setdefault((conversation, row["partner_id"], row["opportunity_id"]), []).append(dict(row))
        for key, group in groups.items():
            created += _attach(conn, conversation_key(*key), group, actor, now, types, redaction)
    return created


def _attach(conn: Connection, key: str, group: list[dict[str, Any]], actor: str, now: datetime,
            types: TouchTypes, redaction: Redaction) -> int:
    """Point the group's signals at the conversation's touch, creating it when new; returns 1 when created."""
    touch_id = conn.execute(select(touches.c.id).where(touches.c.source_system == SOURCE_SYSTEM,
                                                       touches.c.external_id == key)).scalar_one_or_none()
    created = touch_id is None
    if touch_id is None:
        touch_id = _insert_touch(conn, key, group[0], actor, now)
        _audit(conn, int(touch_id), None, TouchStatus.CLAIMED.value, actor, now,
               f"proposed from {len(group)} signal(s) in {group[0]['file']}")
    conn.execute(update(signals).where(signals.c.id.in_([s["id"] for s in group])).values(touch_id=touch_id))
    _refresh_claimed(conn, int(touch_id), types, now, redaction)
    return int(created)


def _insert_touch(conn: Connection, key: str, first: dict[str, Any], actor: str, now: datetime) -> int:
    values = {"source_system": SOURCE_SYSTEM, "external_id": key, "partner_id": first["partner_id"],
              "opportunity_id": first["opportunity_id"], "type": TouchType.INTEL.value,
              "touched_on": _day(first["occurred_at"], now), "actor": actor, "evidence": "",
              "status": TouchStatus.CLAIMED.value, "created_at": now, "updated_at": now}
    return int(conn.execute(touches.insert().values(values).returning(touches.c.id)).scalar_one())


def _refresh_claimed(conn: Connection, touch_id: int, types: TouchTypes, now: datetime,
                     redaction: Redaction) -> None:
    """Type, day and evidence follow all the touch's signals while it awaits review; a decided touch stays as
    it was reviewed (signals found later in the same conversation join its decision)."""
    status, partner_id = conn.execute(select(touches.c.status, touches.c.partner_id)
                                      .where(touches.c.id == touch_id)).one()
    if status != TouchStatus.CLAIMED.value:
        return
    found = [dict(r) for r in conn.execute(select(signals).where(signals.c.touch_id == touch_id)
                                           .order_by(signals.c.id)).mappings()]
    first_seen = min((s["occurred_at"] for s in found if s["occurred_at"] is not None), default=None)
    conn.execute(update(touches).where(touches.c.id == touch_id).values(
        type=types.for_sides(s["side"] for s in found).value, touched_on=_day(first_seen, now),
        evidence=evidence(found, redaction(partner_id)), updated_at=now))


def _day(occurred_at: datetime | None, now: datetime) -> date:
    return (occurred_at or now).date()


def other_partners(trackers: list[Tracker], partner_id: int) -> re.Pattern[str] | None:
    """Every alias of another partner's trackers (not one this partner's own trackers share), whole words,
    any case; None when there is no other partner. `trackers` are the trackers that name a partner."""
    own = {alias.casefold() for t in trackers if t.partner_id == partner_id for alias in _said(t)}
    others = {alias for t in trackers if t.partner_id != partner_id for alias in _said(t)
              if alias.casefold() not in own}
    if not others:
        return None
    alternatives = "|".join(re.escape(alias) for alias in sorted(others, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _said(tracker: Tracker) -> tuple[str, ...]:
    return (*tracker.rules.aliases, *tracker.rules.exact_case)


def evidence(found: list[dict[str, Any]], others: re.Pattern[str] | None = None) -> str:
    """One line per signal: where in the file, who said it, and the snippet, with other partners' names
    replaced (the partner reads its own touches: a sentence or file name naming a second partner must not
    tell it who)."""
    files = ", ".join(dict.fromkeys(signal["file"] for signal in found))
    lines = [f"{len(found)} mention(s) in {files}:"] if found else []
    for signal in found:
        who = f"{signal['speaker']} ({signal['side']})" if signal["speaker"] else signal["side"]
        lines.append(f"- signal {signal['id']} at {signal['offset']}: {who} said \"{signal['snippet']}\"")
    text = "\n".join(lines)
    return others.sub(OTHER_PARTNER, text) if others else text


def review_signal(engine: Engine, signal_id: int, confirm: bool, actor: str, now: datetime,
                  reason: str | None = None) -> ReviewedTouch:
    """Confirm or reject the touch a signal proposed, and with it every signal of that touch; audited."""
    decision = TouchStatus.CONFIRMED if confirm else TouchStatus.REJECTED
    with engine.begin() as conn:
        touch_id = _proposed_touch(conn, signal_id)
        status = conn.execute(select(touches.c.status).where(touches.c.id == touch_id)).scalar_one()
        if status != TouchStatus.CLAIMED.value:
            raise AlreadyReviewed(signal_id, status)
        conn.execute(update(touches).where(touches.c.id == touch_id).values(status=decision.value, updated_at=now))
        _audit(conn, touch_id, status, decision.value, actor, now, reason or f"review of signal {signal_id}")
        count = conn.execute(select(func.count()).where(signals.c.touch_id == touch_id)).scalar_one()
    return ReviewedTouch(touch_id, decision, int(count))


def _audit(conn: Connection, touch_id: int, old: str | None, new: str, actor: str, now: datetime,
           reason: str) -> None:
    record_field_changes(conn, AUDIT_ENTITY, touch_id, {"status": (old, new)}, actor, now, reason)


def _proposed_touch(conn: Connection, signal_id: int) -> int:
    row = conn.execute(select(signals.c.touch_id).where(signals.c.id == signal_id)).one_or_none()
    if row is None:
        raise SignalNotFound(signal_id)
    if row.touch_id is None:
        raise NotProposed(signal_id)
    return int(row.touch_id)
