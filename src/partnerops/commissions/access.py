"""Who sees commission data, decided once for the pages, the API and the command line: finance, partner managers
and admins see every partner's statements, summaries, disputes and payout batches; a partner's user sees only its
own partner's statements and disputes (payout batches hold every partner, so none of them); sales sees none."""

from __future__ import annotations

from partnerops.commissions.errors import CommissionForbidden, CommissionNotFound
from partnerops.domain.roles import Principal, Role

__all__ = ["COMMISSION_STAFF", "check_commission_staff", "commission_partner", "may_see_commissions"]

COMMISSION_STAFF = frozenset({Role.ADMIN, Role.PARTNER_MANAGER, Role.FINANCE})


def may_see_commissions(principal: Principal) -> bool:
    """Whether commission pages and routes are for this principal at all (its own partner's, for a partner)."""
    return principal.is_partner or principal.role in COMMISSION_STAFF


def check_commission_staff(principal: Principal) -> None:
    """Payout batches, every partner's disputes and deciding them: commission staff only."""
    if principal.role not in COMMISSION_STAFF:
        raise CommissionForbidden("commission data is for finance, partner managers and admins")


def commission_partner(principal: Principal, partner_id: int | None) -> int:
    """The partner whose statement or summary the principal reads: a partner user its own (another one is not
    found, as if it did not exist); staff the one they name."""
    if principal.is_partner:
        if partner_id is not None and partner_id != principal.partner_id:
            raise CommissionNotFound("partner not found")
        assert principal.partner_id is not None
        return principal.partner_id
    check_commission_staff(principal)
    if partner_id is None:
        raise CommissionNotFound("name the partner (partner_id)")
    return partner_id
