"""Who is asking: a user's role and, for a partner's user, the one partner whose data it may see."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    PARTNER_MANAGER = "partner_manager"
    SALES = "sales"
    FINANCE = "finance"
    PARTNER_USER = "partner_user"


# Who may confirm or reject a claimed touch: sales (DESIGN: touches are confirmed or rejected by sales) and the
# partner managers who work the proposed-touch queue; never a partner's own user.
TOUCH_REVIEWERS = frozenset({Role.ADMIN, Role.SALES, Role.PARTNER_MANAGER})


class ScopeError(PermissionError):
    """A principal asked for something outside what its role and partner allow."""


@dataclass(frozen=True)
class Principal:
    user_id: int
    email: str
    role: Role
    partner_id: int | None = None

    def __post_init__(self) -> None:
        if (self.role is Role.PARTNER_USER) != (self.partner_id is not None):
            raise ScopeError("a partner user is bound to exactly one partner, and only a partner user is")

    @property
    def is_partner(self) -> bool:
        return self.role is Role.PARTNER_USER

    def may_see_partner(self, partner_id: int) -> bool:
        """Internal users see every partner; a partner user only its own."""
        return not self.is_partner or partner_id == self.partner_id
