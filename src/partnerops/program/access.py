"""Who may do what in the program: partner users act only for their own partner; managers decide; finance pays."""

from __future__ import annotations

from partnerops.domain.roles import Principal, Role
from partnerops.program.errors import ProgramForbidden, ProgramNotFound

PROGRAM_MANAGERS = frozenset({Role.ADMIN, Role.PARTNER_MANAGER})
# Reimbursement moves money: finance pays approved claims (an administrator may too).
PAYERS = frozenset({Role.ADMIN, Role.FINANCE})


def require_role(principal: Principal, roles: frozenset[Role], action: str) -> None:
    if principal.role not in roles:
        names = ", ".join(sorted(role.value for role in roles))
        raise ProgramForbidden(f"{action} needs one of the roles: {names}")


def own_partner(principal: Principal, partner_id: int | None) -> int:
    """The partner a request acts for: a partner user's own, whatever it asked; an internal user must name one."""
    if principal.is_partner:
        assert principal.partner_id is not None
        return principal.partner_id
    if partner_id is None:
        raise ProgramForbidden("name the partner this is for (partner_id)")
    return partner_id


def check_visible(principal: Principal, what: str, record_id: int, partner_id: int) -> None:
    """Another partner's record is reported as absent, never as forbidden: its existence is not disclosed."""
    if not principal.may_see_partner(partner_id):
        raise ProgramNotFound(what, record_id)
