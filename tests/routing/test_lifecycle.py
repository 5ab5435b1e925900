"""An offer moves offered -> accepted | declined | withdrawn | expired, each move audited; accepting withdraws the
lead's other offers; of partners accepting one lead at once exactly one wins and the others get `LeadTaken`, on
both databases; an agent's proposal waits for a partner manager's confirmation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from concurrency.race import losers, race, winners
from partnerops.program.errors import ProgramForbidden
from partnerops.routing.errors import LeadTaken, NoOffer, OfferChanged, OfferExists, OfferExpired
from partnerops.routing.expiry import expire_offers
from partnerops.routing.lifecycle import (
    accept_offer,
    confirm_offer,
    decline_offer,
    make_offer,
    withdraw_offer,
)
from partnerops.routing.offers import list_offers
from partnerops.routing.rules import load_rules
from partnerops.store.tables import audit_log
from routing.routing_kit import FAR, GOLD, MANAGER, NOW, SALES, SILVER, lead, plant, user_of

RULES = load_rules()


@pytest.fixture
def world(engine: Engine) -> Engine:
    plant(engine)
    return engine


def _offer_to(engine: Engine, *partner_ids: int, ref: str = "O-EMEA") -> None:
    with engine.begin() as c:
        for partner_id in partner_ids:
            make_offer(c, MANAGER, lead(c, ref), partner_id, RULES, NOW)


def _statuses(engine: Engine) -> dict[str, str]:
    with engine.connect() as c:
        return {o.partner_ref: o.status for o in list_offers(c)}


def test_accepting_an_offer_withdraws_the_leads_other_offers_all_audited(world: Engine) -> None:
    _offer_to(world, GOLD, SILVER)
    with world.begin() as c:
        taken = accept_offer(c, user_of(GOLD), lead(c), GOLD, NOW + timedelta(hours=1))
    assert (taken.status, taken.decided_by, taken.respond_by) == ("accepted", "user-801@example.com",
                                                                   NOW + timedelta(hours=48))  # fmt: skip
    assert _statuses(world) == {"P-GOLD": "accepted", "P-SILVER": "withdrawn"}
    with world.connect() as c:
        audited = c.execute(select(audit_log.c.old_value, audit_log.c.new_value, audit_log.c.actor, audit_log.c.reason)
                            .where(audit_log.c.entity == "routing_offers").order_by(audit_log.c.id)).all()
    assert [(a.old_value, a.new_value) for a in audited] == [(None, "offered"), (None, "offered"),
                                                             ("offered", "accepted"), ("offered", "withdrawn")]
    assert audited[0].reason == "deal Deal O-EMEA (O-EMEA) offered to Gold Integrators (P-GOLD)"
    assert audited[3].reason == "another partner accepted the lead"


def test_a_taken_lead_cannot_be_offered_or_accepted_again(world: Engine) -> None:
    _offer_to(world, GOLD)
    with world.begin() as c:
        accept_offer(c, MANAGER, lead(c), GOLD, NOW)
    with world.begin() as c, pytest.raises(LeadTaken, match="already accepted by Gold Integrators"):
        make_offer(c, MANAGER, lead(c), SILVER, RULES, NOW)
    with world.begin() as c, pytest.raises(LeadTaken, match="already accepted by another partner"):
        accept_offer(c, user_of(SILVER), lead(c), SILVER, NOW)


def test_one_open_offer_per_lead_and_partner(world: Engine) -> None:
    _offer_to(world, GOLD)
    with world.begin() as c, pytest.raises(OfferExists, match="already offered to Gold Integrators"):
        make_offer(c, MANAGER, lead(c), GOLD, RULES, NOW)
    with world.begin() as c:
        withdraw_offer(c, MANAGER, lead(c), GOLD, "wrong region", NOW)
        again = make_offer(c, MANAGER, lead(c), GOLD, RULES, NOW)
    assert again.status == "offered"


def test_decline_records_the_reason_and_a_second_answer_is_refused(world: Engine) -> None:
    _offer_to(world, SILVER)
    with world.begin() as c:
        declined = decline_offer(c, user_of(SILVER), lead(c), SILVER, "no security practice", NOW)
    assert (declined.status, declined.reason) == ("declined", "no security practice")
    with world.begin() as c, pytest.raises(OfferChanged, match="was offered when read but is now declined"):
        accept_offer(c, user_of(SILVER), lead(c), SILVER, NOW)


def test_only_the_partners_own_user_or_a_manager_answers_and_only_managers_offer(world: Engine) -> None:
    _offer_to(world, GOLD)
    with world.begin() as c, pytest.raises(ProgramForbidden):
        accept_offer(c, user_of(SILVER), lead(c), GOLD, NOW)
    with world.begin() as c, pytest.raises(ProgramForbidden):
        make_offer(c, SALES, lead(c), SILVER, RULES, NOW)
    with world.begin() as c, pytest.raises(NoOffer, match="no offered offer of deal Deal O-EMEA"):
        accept_offer(c, user_of(FAR), lead(c), FAR, NOW)


def test_an_offer_past_its_sla_cannot_be_accepted_and_expires(world: Engine) -> None:
    _offer_to(world, GOLD, SILVER)
    late = NOW + timedelta(hours=49)
    with world.begin() as c, pytest.raises(OfferExpired, match="expired at 2026-06-03 09:00 UTC"):
        accept_offer(c, user_of(GOLD), lead(c), GOLD, late)
    with world.begin() as c:
        accept_offer(c, user_of(SILVER), lead(c), SILVER, NOW + timedelta(hours=2))
    expired = expire_offers(world, late)
    assert expired == []
    assert _statuses(world) == {"P-GOLD": "withdrawn", "P-SILVER": "accepted"}
    _offer_to(world, GOLD, ref="O-NA")
    assert [o.partner_ref for o in expire_offers(world, late)] == ["P-GOLD"]
    assert expire_offers(world, late) == []


def test_an_agents_proposal_waits_for_a_managers_confirmation(world: Engine) -> None:
    with world.begin() as c:
        proposed = make_offer(c, SALES, lead(c), GOLD, RULES, NOW, proposed=True)
    assert proposed.status == "proposed"
    with world.begin() as c, pytest.raises(NoOffer):
        accept_offer(c, user_of(GOLD), lead(c), GOLD, NOW)
    with world.begin() as c, pytest.raises(ProgramForbidden):
        confirm_offer(c, SALES, lead(c), GOLD, RULES, NOW)
    later = NOW + timedelta(days=3)
    with world.begin() as c:
        confirmed = confirm_offer(c, MANAGER, lead(c), GOLD, RULES, later)
    assert (confirmed.status, confirmed.respond_by) == ("offered", later + timedelta(hours=48))


def test_partners_accepting_one_lead_at_once_give_exactly_one_winner(world: Engine) -> None:
    contenders = [GOLD, SILVER, FAR]
    _offer_to(world, *contenders)

    def accept(index: int) -> object:
        partner_id = contenders[index]
        with world.begin() as c:
            return accept_offer(c, user_of(partner_id), lead(c), partner_id, NOW)

    results = race(accept, len(contenders))
    assert len(winners(results)) == 1
    assert all(isinstance(e, LeadTaken | OfferChanged) for e in losers(results)), losers(results)
    statuses = sorted(_statuses(world).values())
    assert statuses == ["accepted", "withdrawn", "withdrawn"]


def test_one_partners_simultaneous_accepts_accept_once(world: Engine) -> None:
    _offer_to(world, GOLD)

    def accept(_: int) -> object:
        with world.begin() as c:
            return accept_offer(c, user_of(GOLD), lead(c), GOLD, NOW)

    results = race(accept, 4)
    assert len(winners(results)) == 1, losers(results)
    with world.connect() as c:
        audited = c.execute(select(audit_log.c.new_value).where(audit_log.c.entity == "routing_offers",
                                                                audit_log.c.new_value == "accepted")).all()
    assert len(audited) == 1
