"""Deciding many matches awaiting review at once: each one changes only while it is still pending (a conditional
update), so two reviewers deciding overlapping sets decide each match once and the second is told how many it lost."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, update

from partnerops.mapping.aliases import teach_alias
from partnerops.mapping.matching import MatchStatus
from partnerops.mapping.review import Decision, match_row
from partnerops.store.audit import record_field_changes
from partnerops.store.mapping_tables import account_matches

__all__ = ["BulkReview", "NothingReviewed", "decide_pending_matches"]


@dataclass(frozen=True)
class BulkReview:
    """How many matches this call decided, and how many it left (decided meanwhile, or another partner's)."""

    decided: int
    left: int


class NothingReviewed(Exception):
    """None of the matches was still pending: someone else decided them first."""

    def __init__(self, asked: int) -> None:
        super().__init__(f"none of the {asked:,} matches is still awaiting review: they were decided meanwhile")
        self.asked = asked


def decide_pending_matches(engine: Engine, partner_id: int, match_ids: Iterable[int], decision: Decision,
                           actor: str, at: datetime | None = None) -> BulkReview:
    """Confirm or reject each of the partner's matches among `match_ids` that is still pending, each audited, a
    confirmation teaching its alias as a single decision does."""
    at = at or datetime.now(UTC)
    ids = sorted(set(match_ids))
    decided = 0
    m = account_matches.c
    for match_id in ids:
        with engine.begin() as conn:
            changed = conn.execute(update(account_matches).where(
                m.id == match_id, m.partner_id == partner_id, m.status == MatchStatus.PENDING.value,
            ).values(status=decision.status.value, decided_by=actor, decided_at=at)).rowcount  # fmt: skip
            if changed != 1:
                continue
            record_field_changes(conn, account_matches.name, match_id,
                                 {"status": (MatchStatus.PENDING.value, decision.status.value)}, actor, at)
            if decision is Decision.CONFIRM:
                row = match_row(conn, match_id)
                teach_alias(conn, row.our_account_id, row.their_name, match_id, actor, at)
        decided += 1
    if ids and not decided:
        raise NothingReviewed(len(ids))
    return BulkReview(decided, len(ids) - decided)
