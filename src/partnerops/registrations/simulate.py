"""Replaying past registrations under other rules: each is checked against the accounts, opportunities and
registrations as they stood when it was submitted, under the baseline rules and under the candidate rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, func, select

from partnerops.domain.registration_rules import (
    Claim,
    Conflict,
    KnownAccount,
    LiveRegistration,
    RegistrationStatus,
    find_conflicts,
)
from partnerops.registrations.model import Registration
from partnerops.registrations.repository import ENTITY, to_registration
from partnerops.registrations.snapshot import OpportunityDates, accounts_as_of, load_accounts, load_opportunities
from partnerops.store.registration_tables import registrations
from partnerops.store.tables import audit_log

if TYPE_CHECKING:
    from partnerops.domain.registration_settings import RegistrationRules


@dataclass(frozen=True)
class History:
    registrations: list[Registration]
    accounts: list[KnownAccount]
    opportunities: list[OpportunityDates]
    extensions: Counter[int]


@dataclass(frozen=True)
class Replayed:
    registration: Registration
    baseline: tuple[str, ...]
    candidate: tuple[str, ...]

    @property
    def gained(self) -> tuple[str, ...]:
        return tuple(c for c in self.candidate if c not in self.baseline)

    @property
    def lost(self) -> tuple[str, ...]:
        return tuple(c for c in self.baseline if c not in self.candidate)


@dataclass(frozen=True)
class Simulation:
    baseline_version: str
    candidate_version: str
    replayed: list[Replayed]

    @property
    def changed(self) -> list[Replayed]:
        return [r for r in self.replayed if r.gained or r.lost]

    @property
    def flagged_before(self) -> int:
        return sum(1 for r in self.replayed if r.baseline)

    @property
    def flagged_after(self) -> int:
        return sum(1 for r in self.replayed if r.candidate)


def simulate(engine: Engine, baseline: RegistrationRules, candidate: RegistrationRules) -> Simulation:
    """Every stored registration, in submission order, under both sets of rules."""
    with engine.connect() as conn:
        past = load_history(conn)
    replayed = [Replayed(r, _conflicts(past, r, baseline), _conflicts(past, r, candidate)) for r in past.registrations]
    return Simulation(baseline.version, candidate.version, replayed)


def load_history(conn: Connection) -> History:
    now = datetime.now(UTC)
    rows = conn.execute(select(registrations).order_by(registrations.c.submitted_at, registrations.c.id)).mappings()
    granted = conn.execute(select(audit_log.c.entity_id, func.count()).where(
        audit_log.c.entity == ENTITY, audit_log.c.field == "expires_on").group_by(audit_log.c.entity_id))
    return History([to_registration(row, now) for row in rows], load_accounts(conn), load_opportunities(conn),
                   Counter({int(entity_id): int(count) for entity_id, count in granted}))


def conflict_label(conflict: Conflict) -> str:
    ids = conflict.registration_ids or conflict.opportunity_ids
    return f"{conflict.rule.value} ({', '.join(f'#{i}' for i in ids)})" if ids else conflict.rule.value


def _conflicts(past: History, registration: Registration, rules: RegistrationRules) -> tuple[str, ...]:
    at = registration.submitted_at
    deals = [d for d in past.opportunities if not _made_by(registration, d)]
    known = accounts_as_of(past.accounts, deals, at.date())
    live = _live_then(past, registration, rules)
    claim = Claim(registration.partner_id, registration.company_name, registration.domain)
    return tuple(conflict_label(c) for c in find_conflicts(claim, known, live, rules))


def _made_by(registration: Registration, deal: OpportunityDates) -> bool:
    """The deal this registration's own approval attached, when it did not exist yet at submission."""
    return deal.id == registration.opportunity_id and deal.created_on >= registration.submitted_at.date()


def _live_then(past: History, registration: Registration, rules: RegistrationRules) -> list[LiveRegistration]:
    at = registration.submitted_at
    return [LiveRegistration(o.id, o.partner_id, o.company_name, o.domain, o.account_id)
            for o in _earlier(past.registrations, registration)
            if _was_live(o, at, rules, past.extensions[o.id])]


def _earlier(everything: Sequence[Registration], registration: Registration) -> list[Registration]:
    return [o for o in everything if o.submitted_at < registration.submitted_at]


def _was_live(other: Registration, at: datetime, rules: RegistrationRules, extensions: int) -> bool:
    """Pending or approved and unexpired at `at`, with expiry recomputed under `rules`."""
    expires_on = rules.expires_on(other.submitted_at, extensions)
    rejected = other.status is RegistrationStatus.REJECTED and other.decided_at is not None and other.decided_at <= at
    return at.date() <= expires_on and not rejected
