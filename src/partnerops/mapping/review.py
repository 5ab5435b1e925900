"""Reviewing matches: the fuzzy pairs awaiting a decision, and confirming or rejecting any pair. A confirmed pair
teaches its partner's name as an alias of our account, which later runs for every partner match on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Engine, Select, select, update

from partnerops.mapping.aliases import teach_alias
from partnerops.mapping.errors import UnknownMatch
from partnerops.mapping.matching import MatchStatus
from partnerops.store.audit import record_field_changes
from partnerops.store.mapping_tables import account_matches, partner_accounts
from partnerops.store.tables import accounts

__all__ = ["Decision", "MatchRow", "decide_match", "list_matches"]


class Decision(StrEnum):
    CONFIRM = "confirm"
    REJECT = "reject"

    @property
    def status(self) -> MatchStatus:
        return MatchStatus.CONFIRMED if self is Decision.CONFIRM else MatchStatus.REJECTED


@dataclass(frozen=True)
class MatchRow:
    id: int
    partner_id: int
    their_name: str
    their_domain: str | None
    our_account_id: int
    our_name: str
    our_domain: str | None
    tier: str
    score: float
    status: str


def _query() -> Select[Any]:
    m, p, a = account_matches.c, partner_accounts.c, accounts.c
    return (select(m.id, m.partner_id, p.name, p.domain, a.id, a.name, a.domain, m.tier, m.score, m.status)
            .join_from(account_matches, partner_accounts, m.partner_account_id == p.id)
            .join(accounts, m.account_id == a.id))


def list_matches(conn: Connection, partner_id: int | None = None, status: MatchStatus | None = None) -> list[MatchRow]:
    """Matches, pending ones ordered by score (the likeliest first)."""
    m = account_matches.c
    query = _query()
    if partner_id is not None:
        query = query.where(m.partner_id == partner_id)
    if status is not None:
        query = query.where(m.status == status.value)
    query = query.order_by(m.partner_id, m.score.desc(), m.id)
    return [MatchRow(*row) for row in conn.execute(query)]


def match_row(conn: Connection, match_id: int) -> MatchRow:
    found = conn.execute(_query().where(account_matches.c.id == match_id)).first()
    if found is None:
        raise UnknownMatch(match_id)
    return MatchRow(*found)


def decide_match(engine: Engine, match_id: int, decision: Decision, actor: str,
                 at: datetime | None = None) -> MatchRow:
    """Confirm or reject a pair; the decision survives every later matching run and is audited. Confirming
    teaches the partner's name as an alias of our account."""
    at = at or datetime.now(UTC)
    with engine.begin() as conn:
        before = match_row(conn, match_id)
        conn.execute(update(account_matches).where(account_matches.c.id == match_id).values(
            status=decision.status.value, decided_by=actor, decided_at=at))
        record_field_changes(conn, account_matches.name, match_id, {"status": (before.status, decision.status.value)},
                             actor, at)
        if decision is Decision.CONFIRM:
            teach_alias(conn, before.our_account_id, before.their_name, match_id, actor, at)
        return match_row(conn, match_id)
