"""Deciding many pending registrations at once: each one through the same race-safe decision as a single one, so
a registration someone else decided meanwhile is counted as taken, and one the rules hold back is reported."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from partnerops.domain.registration_rules import RegistrationStatus
from partnerops.domain.roles import Principal
from partnerops.registrations.access import require_decider
from partnerops.registrations.errors import InvalidTransition, RegistrationNotFound
from partnerops.registrations.service import approve_registration, reject_registration

__all__ = ["BulkOutcome", "NothingDecided", "decide_pending"]

DECISIONS = ("approve", "reject")


@dataclass
class BulkOutcome:
    """What a bulk decision did: how many it decided, the ids someone else decided first, and the ids it held
    back with the reason (a live competing registration, an expiry)."""

    decided: int = 0
    taken: list[int] = field(default_factory=list)
    held: dict[int, str] = field(default_factory=dict)


class NothingDecided(Exception):
    """Every registration asked for was decided by someone else first."""

    def __init__(self, asked: int) -> None:
        super().__init__(f"none of the {asked:,} registrations is still pending: they were decided meanwhile")
        self.asked = asked


def decide_pending(
    engine: Engine, principal: Principal, registration_ids: Iterable[int], decision: str, reason: str = ""
) -> BulkOutcome:
    """Approve (without an override) or reject with `reason` each registration of `registration_ids`, each in its
    own transaction; ids in ascending order so two overlapping bulk decisions take their locks alike."""
    if decision not in DECISIONS:
        raise ValueError(f"decision: {decision!r} is not approve or reject")
    require_decider(principal, f"{decision} registrations")
    ids = sorted(set(registration_ids))
    outcome = BulkOutcome()
    for registration_id in ids:
        try:
            if decision == "approve":
                approve_registration(engine, principal, registration_id)
            else:
                reject_registration(engine, principal, registration_id, reason)
        except InvalidTransition as exc:
            if exc.status is RegistrationStatus.PENDING:
                outcome.held[registration_id] = str(exc)
            else:
                outcome.taken.append(registration_id)
            continue
        except RegistrationNotFound:
            outcome.taken.append(registration_id)
            continue
        outcome.decided += 1
    if ids and len(outcome.taken) == len(ids):
        raise NothingDecided(len(ids))
    return outcome
