"""Every accrual run is in the audit log, on SQLite and PostgreSQL: who ran it, when, through which day and its
counts, numbered in order; a run that changes nothing is recorded too, and a refused run (no plan) is not."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, select

from commissions.commission_kit import ACTOR, ALPHA, Deals, attribute, load, make_plan, seed_partners
from partnerops.commissions.accrual import accrue
from partnerops.commissions.accrual_audit import ACCRUAL_RUN
from partnerops.commissions.errors import NoPlan
from partnerops.store.tables import audit_log

THROUGH = date(2026, 12, 31)


def runs(engine: Engine) -> dict[int, dict[str, str]]:
    a = audit_log.c
    with engine.connect() as conn:
        found = conn.execute(select(a.entity_id, a.field, a.new_value, a.actor, a.at, a.reason)
                             .where(a.entity == ACCRUAL_RUN).order_by(a.id)).all()  # fmt: skip
    recorded: dict[int, dict[str, str]] = {}
    for row in found:
        recorded.setdefault(row.entity_id, {"actor": row.actor, "reason": row.reason})[row.field] = row.new_value
    return recorded


def test_each_accrual_run_records_who_when_through_which_day_and_its_counts(engine: Engine) -> None:
    seed_partners(engine)
    load(engine, make_plan())
    deals = Deals(engine)
    deals.won("40000.00", date(2026, 2, 1), {ALPHA: "sourced"})
    deals.won("10000.00", date(2026, 3, 1), {ALPHA: "influence"})
    attribute(engine)
    started = datetime.now(UTC)
    accrue(engine, THROUGH, ACTOR)
    accrue(engine, THROUGH, "second.run@example.com")
    recorded = runs(engine)
    assert recorded[1] == {"actor": ACTOR, "reason": "accrual run through 2026-12-31", "through": "2026-12-31",
                           "accrued": "1", "tracked": "1", "unchanged": "0", "reversals": "0", "withdrawn": "0"}
    assert (recorded[2]["actor"], recorded[2]["accrued"], recorded[2]["unchanged"]) == (
        "second.run@example.com", "0", "2")
    with engine.connect() as conn:
        stamps = conn.execute(select(audit_log.c.at).where(audit_log.c.entity == ACCRUAL_RUN)).scalars().all()
    assert all((s if s.tzinfo else s.replace(tzinfo=UTC)) >= started.replace(microsecond=0) for s in stamps)


def test_a_run_refused_for_want_of_a_plan_leaves_no_record(engine: Engine) -> None:
    seed_partners(engine)
    with pytest.raises(NoPlan):
        accrue(engine, THROUGH, ACTOR)
    assert runs(engine) == {}
