"""Deciding many registrations at once: each through the single decision's race-safe path, so two managers deciding
overlapping sets at the same instant decide each registration once, and the one that came second is told."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from concurrency.race import losers, race, winners
from partnerops.registrations.bulk import BulkOutcome, NothingDecided, decide_pending
from partnerops.registrations.errors import RegistrationForbidden
from partnerops.registrations.service import reject_registration, submit_registration
from partnerops.store.registration_tables import registrations
from partnerops.store.tables import audit_log
from registrations.registration_kit import ACME_USER, BOLT_USER, MANAGER, SALES, form, seed_world


def _submitted(engine: Engine, count: int) -> list[int]:
    return [submit_registration(engine, ACME_USER, form(f"Bulk Co {i}", f"bulk{i}.example")).id for i in range(count)]


def _statuses(engine: Engine) -> dict[int, str]:
    with engine.connect() as c:
        return {int(i): str(s) for i, s in c.execute(select(registrations.c.id, registrations.c.status))}


def test_approving_many_decides_each_and_counts_those_decided_meanwhile(engine: Engine) -> None:
    seed_world(engine)
    ids = _submitted(engine, 4)
    reject_registration(engine, MANAGER, ids[0], "duplicate of an older deal")
    outcome = decide_pending(engine, MANAGER, ids, "approve")
    assert outcome == BulkOutcome(decided=3, taken=[ids[0]], held={})
    assert _statuses(engine) == {ids[0]: "rejected"} | {i: "approved" for i in ids[1:]}


def test_registrations_with_a_live_competitor_are_held_back_for_their_own_rows(engine: Engine) -> None:
    seed_world(engine)
    first = submit_registration(engine, ACME_USER, form("Wayne Enterprises", "wayne.example")).id
    second = submit_registration(engine, BOLT_USER, form("Wayne Enterprises", "wayne.example")).id
    outcome = decide_pending(engine, MANAGER, [first, second], "approve")
    assert outcome.decided == 0 and sorted(outcome.held) == [first, second] and not outcome.taken
    assert all("override" in why for why in outcome.held.values())
    assert set(_statuses(engine).values()) == {"pending"}


def test_when_every_one_was_decided_meanwhile_nothing_is_decided(engine: Engine) -> None:
    seed_world(engine)
    ids = _submitted(engine, 2)
    decide_pending(engine, MANAGER, ids, "reject", "not a fit")
    with pytest.raises(NothingDecided, match="none of the 2 registrations is still pending"):
        decide_pending(engine, MANAGER, ids, "approve")


def test_only_deciders_decide_in_bulk(engine: Engine) -> None:
    seed_world(engine)
    ids = _submitted(engine, 1)
    with pytest.raises(RegistrationForbidden):
        decide_pending(engine, SALES, ids, "approve")
    assert _statuses(engine) == {ids[0]: "pending"}


def test_two_managers_deciding_overlapping_sets_at_once_decide_each_registration_once(engine: Engine) -> None:
    seed_world(engine)
    ids = _submitted(engine, 6)
    sets = (ids[:4], ids[2:])

    def decide(i: int) -> BulkOutcome:
        return decide_pending(engine, MANAGER, sets[i], ("approve", "reject")[i], "reason")

    results = race(decide, 2)
    assert not losers(results), losers(results)
    outcomes = winners(results)
    assert sum(o.decided for o in outcomes) == 6
    assert sorted(i for o in outcomes for i in o.taken) == sorted(set(sets[0]) & set(sets[1]))
    with engine.connect() as c:
        audited = c.execute(select(func.count()).select_from(audit_log).where(
            audit_log.c.entity == "registration", audit_log.c.field == "status",
            audit_log.c.new_value.in_(("approved", "rejected")))).scalar_one()  # fmt: skip
    assert audited == 6
    assert all(s in ("approved", "rejected") for s in _statuses(engine).values())
