"""What a partner submits, and a registration as the service returns it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from partnerops.domain.money import Money
from partnerops.domain.registration_rules import Conflict, RegistrationStatus
from partnerops.domain.roles import Principal


@dataclass(frozen=True)
class RegistrationInput:
    """A deal registration form. `partner_id` names the partner when an internal user submits for one."""

    company_name: str
    estimated_amount: Money
    estimated_close_on: date
    domain: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    notes: str | None = None
    partner_id: int | None = None


@dataclass(frozen=True)
class Registration:
    id: int
    partner_id: int
    submitted_by: int | None
    company_name: str
    domain: str | None
    contact_name: str | None
    contact_email: str | None
    estimated_amount: Money | None
    estimated_close_on: date | None
    notes: str | None
    status: RegistrationStatus
    account_id: int | None
    opportunity_id: int | None
    conflicts: tuple[Conflict, ...]
    rules_version: str
    submitted_at: datetime
    respond_by: datetime
    expires_on: date
    extension_requested_at: datetime | None
    decided_at: datetime | None
    decided_by: int | None
    decision_reason: str | None
    overdue: bool

    def as_seen_by(self, principal: Principal) -> Registration:
        """A partner's user sees that a conflict exists and which rule raised it, but not our accounts and
        deals behind it nor another partner's registration; internal users see everything."""
        if not principal.is_partner:
            return self
        approved = self.status is RegistrationStatus.APPROVED
        return replace(
            self,
            conflicts=tuple(c.as_seen_by_partner() for c in self.conflicts),
            account_id=self.account_id if approved else None,
        )

    @property
    def awaits_extension(self) -> bool:
        """The partner asked for more time, and the registration is one that can still be extended."""
        live = (RegistrationStatus.PENDING, RegistrationStatus.APPROVED)
        return self.extension_requested_at is not None and self.status in live

    @property
    def flagged(self) -> bool:
        """A registration with conflicts waits for a manager's judgement; it is never rejected silently."""
        return bool(self.conflicts)
