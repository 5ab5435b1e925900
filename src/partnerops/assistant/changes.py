""""What changed since last week?": the asker's registrations, touches, deals and audited changes in 7 days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Select, or_, select

from partnerops.analytics.live import live_touch
from partnerops.assistant.answers import Answer, Intent, Question, Source, SourceKind
from partnerops.assistant.asker import Asker
from partnerops.assistant.scoped_records import deal_link, deal_refs, visible_deals
from partnerops.auth.scope import touch_scope
from partnerops.store.registration_tables import registrations
from partnerops.store.tables import audit_log, touches

WINDOW_DAYS = 7
MAX_LISTED = 8


def changes_since_last_week(engine: Engine, asker: Asker, question: Question) -> Answer:
    since = question.today - timedelta(days=WINDOW_DAYS)
    with engine.connect() as conn:
        parts = [_registrations(conn, asker, since), _touches(conn, asker, since), _deals(conn, asker, since)]
        parts.append(_audited(conn, asker, since))
    lines = [f"Since {since} (the last {WINDOW_DAYS} days):"] + [line for found, _ in parts for line in found]
    if len(lines) == 1:
        lines.append("nothing of yours changed.")
    sources = tuple(source for _, found in parts for source in found)
    return Answer(Intent.CHANGES, "\n".join(lines), sources, facts=tuple(lines))


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _own_registrations(asker: Asker) -> Select[Any]:
    r = registrations.c
    query = select(r.id, r.company_name, r.status, r.submitted_at, r.decided_at)
    return query.where(r.partner_id == asker.partner_id) if asker.is_partner else query


def _registrations(conn: Connection, asker: Asker, since: date) -> tuple[list[str], list[Source]]:
    r = registrations.c
    found = conn.execute(
        _own_registrations(asker).where(or_(r.submitted_at >= _start(since), r.decided_at >= _start(since)))
    ).all()
    lines = [f"- registration #{row.id} {row.company_name} is {row.status}" for row in found[:MAX_LISTED]]
    sources = [Source(SourceKind.REGISTRATION, row.id, f"Registration #{row.id}") for row in found[:MAX_LISTED]]
    return _counted(lines, len(found), "Registrations"), sources


def _touches(conn: Connection, asker: Asker, since: date) -> tuple[list[str], list[Source]]:
    t = touches.c
    query = select(t.id, t.type, t.touched_on, t.status, t.opportunity_id).where(
        touch_scope(asker.principal), t.touched_on >= since, live_touch()
    )
    found = conn.execute(query.order_by(t.touched_on.desc(), t.id.desc())).all()
    deals = deal_refs(conn, [row.opportunity_id for row in found])
    lines = [f"- {row.type} on deal {deals.get(row.opportunity_id, '-')} on {row.touched_on} ({row.status})"
             for row in found]  # fmt: skip
    sources = [Source(SourceKind.TOUCH, row.id, f"Touch #{row.id}") for row in found[:MAX_LISTED]]
    return _counted(lines[:MAX_LISTED], len(found), "Touches"), sources


def _deals(conn: Connection, asker: Asker, since: date) -> tuple[list[str], list[Source]]:
    found = [
        d for d in visible_deals(conn, asker.principal)
        if d.created_on >= since or (d.closed_on is not None and d.closed_on >= since)
    ]  # fmt: skip
    lines = [
        f"- deal {d.ref} {d.name}: " + (f"{d.outcome} on {d.closed_on}" if d.closed_on else f"opened {d.created_on}")
        for d in found[:MAX_LISTED]
    ]
    sources = [Source(SourceKind.OPPORTUNITY, d.id, f"Deal {d.ref} {d.name}", deal_link(d.ref))
               for d in found[:MAX_LISTED]]
    return _counted(lines, len(found), "Deals"), sources


def _audited(conn: Connection, asker: Asker, since: date) -> tuple[list[str], list[Source]]:
    """Audited field changes on the asker's own registrations and touches."""
    a = audit_log.c
    own_registrations = _own_registrations(asker).with_only_columns(registrations.c.id)
    own_touches = select(touches.c.id).where(touch_scope(asker.principal))
    query = select(a.id, a.entity, a.entity_id, a.field, a.old_value, a.new_value).where(
        a.at >= _start(since),
        or_(
            (a.entity == "registration") & a.entity_id.in_(own_registrations),
            (a.entity == "touch") & a.entity_id.in_(own_touches),
        ),
    )
    found = conn.execute(query.order_by(a.id.desc())).all()
    lines = [f"- {row.entity} #{row.entity_id}: {row.field} {row.old_value} → {row.new_value}" for row in found]
    sources = [Source(SourceKind.AUDIT, row.id, f"Audit entry #{row.id}") for row in found[:MAX_LISTED]]
    return _counted(lines[:MAX_LISTED], len(found), "Recorded changes"), sources


def _counted(lines: list[str], total: int, what: str) -> list[str]:
    if not total:
        return []
    more = f" ({total - len(lines)} more not listed)" if total > len(lines) else ""
    return [f"{what} ({total}){more}:", *lines]
