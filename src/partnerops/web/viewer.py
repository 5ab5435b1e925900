"""Who is looking at a page: the principal from the session, its display name and its CSRF token."""

from __future__ import annotations

from dataclasses import dataclass

from partnerops.domain.roles import TOUCH_REVIEWERS, Principal, Role

# Who may act on the queues; everyone internal may read them.
REGISTRATION_DECIDERS = frozenset({Role.ADMIN, Role.PARTNER_MANAGER})
AUDIT_READERS = frozenset({Role.ADMIN, Role.PARTNER_MANAGER, Role.FINANCE})


@dataclass(frozen=True)
class Viewer:
    principal: Principal
    csrf_token: str
    partner_name: str | None = None

    @property
    def email(self) -> str:
        return self.principal.email

    @property
    def may_decide_registrations(self) -> bool:
        return self.principal.role in REGISTRATION_DECIDERS

    @property
    def may_review_touches(self) -> bool:
        return self.principal.role in TOUCH_REVIEWERS

    @property
    def may_read_audit(self) -> bool:
        return self.principal.role in AUDIT_READERS
