"""Deciding many claimed touches at once: each is locked and decided only while it is still claimed, so two
reviewers deciding overlapping sets decide each touch once; every decision is audited like a single one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

from partnerops.domain.enums import TouchStatus
from partnerops.domain.roles import TOUCH_REVIEWERS, Principal
from partnerops.store.locks import lock_row
from partnerops.store.tables import touches
from partnerops.touches.errors import NotAReviewer, UnknownTarget
from partnerops.touches.review import confirm_touch, reject_touch

__all__ = ["BulkDecision", "NothingDecided", "decide_claimed"]

_REVIEWS = {TouchStatus.CONFIRMED: confirm_touch, TouchStatus.REJECTED: reject_touch}


@dataclass(frozen=True)
class BulkDecision:
    """How many touches this call decided, and how many it left (no longer claimed, or not the caller's to see)."""

    decided: int
    left: int


class NothingDecided(Exception):
    """None of the touches was still claimed: someone else decided them first."""

    def __init__(self, asked: int) -> None:
        super().__init__(f"none of the {asked:,} touches is still claimed: they were decided meanwhile")
        self.asked = asked


def decide_claimed(
    connection: Connection, principal: Principal, touch_ids: Iterable[int], status: TouchStatus, reason: str
) -> BulkDecision:
    """Set `status` on each touch of `touch_ids` that is still claimed (and within the principal's scope)."""
    if principal.role not in TOUCH_REVIEWERS:
        raise NotAReviewer()
    review = _REVIEWS[status]
    ids = sorted(set(touch_ids))
    decided = 0
    # Locks are taken in id order, so two overlapping bulk decisions cannot wait on each other.
    for touch_id in ids:
        lock_row(connection, touches, touch_id)
        current = connection.execute(select(touches.c.status).where(touches.c.id == touch_id)).scalar_one_or_none()
        if current != TouchStatus.CLAIMED.value:
            continue
        try:
            review(connection, principal, touch_id, reason)
        except UnknownTarget:  # deleted, or outside the principal's scope: not this call's to decide
            continue
        decided += 1
    if ids and not decided:
        raise NothingDecided(len(ids))
    return BulkDecision(decided, len(ids) - decided)
