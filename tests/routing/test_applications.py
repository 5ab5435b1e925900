"""A partner manager rejects a partner's application for a lead outright, with a reason the partner reads; the
decision is audited, a second decision is refused, and of two managers rejecting at once exactly one lands, on
both databases. Applications closed by another partner's acceptance name neither that partner nor its user."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from concurrency.race import losers, race, winners
from partnerops.program.errors import ProgramForbidden
from partnerops.routing.applications import applications, apply_for_lead, describe_lead, reject_application
from partnerops.routing.errors import ApplicationDecided, MissingReason, NoApplication
from partnerops.routing.lifecycle import accept_offer, make_offer
from partnerops.routing.rules import load_rules
from partnerops.store.tables import audit_log
from routing.routing_kit import GOLD, MANAGER, NOW, SALES, SILVER, lead, plant, user_of


@pytest.fixture
def world(engine: Engine) -> Engine:
    plant(engine)
    with engine.begin() as c:
        describe_lead(c, MANAGER, lead(c), open_for_applications=True, now=NOW)
        for partner_id in (GOLD, SILVER):
            apply_for_lead(c, user_of(partner_id), lead(c), f"note of {partner_id}", NOW)
    return engine


def _status(engine: Engine, partner_id: int) -> tuple[str, str | None, str | None]:
    with engine.connect() as c:
        [found] = applications(c, partner_id)
    return found.status, found.decided_by, found.reason


def test_a_manager_rejects_an_application_with_the_reason_the_partner_reads(world: Engine) -> None:
    later = NOW + timedelta(hours=3)
    with world.begin() as c:
        rejected = reject_application(c, MANAGER, lead(c), SILVER, "  no security practice ", later)
    assert (rejected.status, rejected.reason, rejected.decided_by, rejected.decided_at) == (
        "rejected", "no security practice", "manager@example.com", later)
    assert _status(world, GOLD) == ("applied", None, None)
    with world.connect() as c:
        audited = c.execute(select(audit_log.c.old_value, audit_log.c.new_value, audit_log.c.reason)
                            .where(audit_log.c.entity == "routing_applications")).all()  # fmt: skip
    assert [tuple(a) for a in audited][-1] == ("applied", "rejected", "no security practice")


def test_a_rejection_needs_a_reason_a_manager_and_an_open_application(world: Engine) -> None:
    with world.begin() as c, pytest.raises(MissingReason, match="needs a reason"):
        reject_application(c, MANAGER, lead(c), SILVER, "  ", NOW)
    with world.begin() as c, pytest.raises(ProgramForbidden):
        reject_application(c, SALES, lead(c), SILVER, "no", NOW)
    with world.begin() as c, pytest.raises(ProgramForbidden):
        reject_application(c, user_of(GOLD), lead(c), SILVER, "no", NOW)
    with world.begin() as c, pytest.raises(NoApplication, match="has not applied for deal Deal O-NA"):
        reject_application(c, MANAGER, lead(c, "O-NA"), SILVER, "no", NOW)
    with world.begin() as c:
        make_offer(c, MANAGER, lead(c), GOLD, load_rules(), NOW)
    with world.begin() as c, pytest.raises(ApplicationDecided, match="is already offered"):
        reject_application(c, MANAGER, lead(c), GOLD, "too late", NOW)
    assert _status(world, GOLD) == ("offered", "manager@example.com", None)


def test_an_application_closed_by_another_partners_acceptance_does_not_name_it(world: Engine) -> None:
    with world.begin() as c:
        make_offer(c, MANAGER, lead(c), GOLD, load_rules(), NOW)
    with world.begin() as c:
        accept_offer(c, user_of(GOLD), lead(c), GOLD, NOW)
    assert _status(world, SILVER) == ("closed", None, "another partner accepted the lead")


def test_managers_rejecting_one_application_at_once_decide_it_once(world: Engine) -> None:
    def reject(index: int) -> object:
        with world.begin() as c:
            return reject_application(c, MANAGER, lead(c), SILVER, f"reason {index}", NOW)

    results = race(reject, 4)
    assert len(winners(results)) == 1, losers(results)
    assert all(isinstance(e, ApplicationDecided) for e in losers(results)), losers(results)
    with world.connect() as c:
        audited = c.execute(select(audit_log.c.reason).where(audit_log.c.entity == "routing_applications",
                                                             audit_log.c.new_value == "rejected")).all()  # fmt: skip
    assert len(audited) == 1
