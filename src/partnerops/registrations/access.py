"""Who may do what with registrations: managers decide, partners act for themselves only."""

from __future__ import annotations

from partnerops.domain.roles import Principal, Role
from partnerops.registrations.errors import InvalidRegistration, RegistrationForbidden

DECIDERS = (Role.ADMIN, Role.PARTNER_MANAGER)


def require_decider(principal: Principal, action: str) -> None:
    if principal.role not in DECIDERS:
        raise RegistrationForbidden(action, "the admin or partner_manager role")


def acting_partner(principal: Principal, named_partner_id: int | None) -> int:
    """The partner a submission is for: a partner user's own, or the one an internal user names."""
    if principal.is_partner:
        if named_partner_id is not None and named_partner_id != principal.partner_id:
            raise RegistrationForbidden("registering for another partner", "that partner's own user")
        assert principal.partner_id is not None
        return principal.partner_id
    if named_partner_id is None:
        raise InvalidRegistration("partner_id", "an internal user must name the partner the deal is registered for")
    return named_partner_id


def require_own_partner(principal: Principal, partner_id: int, action: str) -> None:
    """A partner user acts on its own partner's registrations; internal users on any."""
    if not principal.may_see_partner(partner_id):
        raise RegistrationForbidden(action, "the registering partner's user")
