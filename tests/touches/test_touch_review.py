"""Claiming, confirming and rejecting touches on both databases: the status moves, each move is audited, and
nothing outside the principal's scope can be claimed or reviewed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, insert, select

from partnerops.domain.enums import TouchStatus, TouchType
from partnerops.domain.roles import Principal
from partnerops.store.audit import history
from partnerops.store.tables import touches
from partnerops.touches.errors import NotAReviewer, SameStatus, UnknownTarget
from partnerops.touches.review import ClaimedTouch, claim_touch, confirm_touch, reject_touch
from registrations.registration_kit import ACME_USER, BOLT_USER, MANAGER, SALES, advance_sequences, seed_world

ON_GLOBEX = 1  # Globex's open deal; Acme has a confirmed touch on it, Bolt none


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed_world(engine)
    with engine.begin() as conn:
        conn.execute(insert(touches).values(id=1, source_system="csv", external_id="T1", partner_id=1,
                                            opportunity_id=ON_GLOBEX, type="poc", touched_on=date(2026, 1, 20),
                                            status="confirmed"))  # fmt: skip
        advance_sequences(conn, "touches")
    return engine


def _claim(engine: Engine, principal: Principal, partner_id: int, opportunity_id: int = ON_GLOBEX) -> int:
    with engine.begin() as conn:
        return claim_touch(conn, principal, ClaimedTouch(partner_id, opportunity_id, TouchType.JOINT_CALL,
                                                         date(2026, 2, 1), "call notes"))  # fmt: skip


def _status_and_trail(engine: Engine, touch_id: int) -> tuple[str, list[tuple[str, str | None, str, str | None]]]:
    with engine.connect() as conn:
        status = conn.execute(select(touches.c.status).where(touches.c.id == touch_id)).scalar_one()
        trail = [(e["actor"], e["old_value"], e["new_value"], e["reason"]) for e in history(conn, "touch", touch_id)]
    return status, trail


def test_a_claim_is_recorded_as_claimed_and_audited(world: Engine) -> None:
    touch_id = _claim(world, ACME_USER, 1)
    assert _status_and_trail(world, touch_id) == (
        "claimed", [("ana@acme-cloud.example", None, "claimed", "claimed")]
    )


def test_sales_confirm_then_reject_with_who_from_to_and_why(world: Engine) -> None:
    touch_id = _claim(world, MANAGER, 2)
    with world.begin() as conn:
        confirm_touch(conn, SALES, touch_id)
    with world.begin() as conn:
        reject_touch(conn, SALES, touch_id, "no evidence")
    status, trail = _status_and_trail(world, touch_id)
    assert status == TouchStatus.REJECTED.value
    assert trail[1:] == [("sam@vendor.example", "claimed", "confirmed", None),
                         ("sam@vendor.example", "confirmed", "rejected", "no evidence")]  # fmt: skip


def test_confirming_a_confirmed_touch_is_refused_and_changes_nothing(world: Engine) -> None:
    with pytest.raises(SameStatus, match="already confirmed"), world.begin() as conn:
        confirm_touch(conn, SALES, 1)
    assert _status_and_trail(world, 1) == ("confirmed", [])


def test_a_partner_cannot_claim_for_another_partner_or_on_a_deal_it_cannot_see(world: Engine) -> None:
    with pytest.raises(UnknownTarget) as for_other:
        _claim(world, BOLT_USER, 1)
    with pytest.raises(UnknownTarget) as unseen_deal:
        _claim(world, BOLT_USER, 2)  # Bolt has no touch on Globex's deal
    assert (for_other.value.field, unseen_deal.value.field) == ("partner_id", "opportunity_id")
    with world.connect() as conn:
        assert conn.execute(select(touches.c.id)).scalars().all() == [1]


def test_a_partners_user_never_reviews_a_touch(world: Engine) -> None:
    with pytest.raises(NotAReviewer), world.begin() as conn:
        reject_touch(conn, BOLT_USER, 1)
    assert _status_and_trail(world, 1) == ("confirmed", [])


def test_an_unknown_touch_is_not_found(world: Engine) -> None:
    with pytest.raises(UnknownTarget), world.begin() as conn:
        confirm_touch(conn, SALES, 999)
