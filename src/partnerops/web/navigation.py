"""Which pages a viewer's navigation offers: internal screens for staff, the portal for a partner's users."""

from __future__ import annotations

from dataclasses import dataclass

from partnerops.commissions.access import may_see_commissions
from partnerops.domain.roles import Role
from partnerops.store.conflicts_repo import RESOLVERS
from partnerops.web.viewer import Viewer


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    current: bool


_INTERNAL = (
    ("Dashboard", "/"),
    ("Partners", "/partners"),
    ("Opportunities", "/opportunities"),
    ("Registrations", "/registrations"),
    ("Touch approvals", "/touches"),
    ("Signal review", "/signals"),
    ("Account mapping", "/mapping"),
    ("Commissions", "/commissions"),
    ("MDF approvals", "/mdf"),
    ("Program", "/program"),
    ("Recruiting", "/recruiting"),
    ("Routing", "/routing"),
    ("Assistant", "/assistant"),
)
_AUDIT = (("Audit log", "/audit"),)
_CONFLICTS = (("Import conflicts", "/conflicts"), ("Quarantine", "/quarantine"), ("Imports", "/imports"))
_USERS = (("Users", "/users"), ("Manage partners", "/admin/partners"), ("API tokens", "/admin/tokens"),
          ("Jobs", "/admin/jobs"), ("CRM sync", "/admin/sync"), ("Agent tool calls", "/admin/mcp"))
_PORTAL = (
    ("Overview", "/portal"),
    ("Register a deal", "/portal/registrations/new"),
    ("My registrations", "/portal/registrations"),
    ("Leads for you", "/portal/leads"),
    ("My touches", "/portal/touches"),
    ("Shared accounts", "/portal/mapping"),
    ("My earnings", "/portal/earnings"),
    ("My score", "/portal/score"),
    ("My commissions", "/portal/commissions"),
    ("Payment details", "/portal/payment-details"),
    ("My MDF", "/portal/mdf"),
    ("Assistant", "/portal/assistant"),
)


def navigation_for(viewer: Viewer | None, path: str) -> tuple[NavItem, ...]:
    if viewer is None:
        return ()
    # Commission pages follow the one role rule of commission data (sales sees none of it).
    internal = tuple(i for i in _INTERNAL if i[1] != "/commissions" or may_see_commissions(viewer.principal))
    internal += _AUDIT if viewer.may_read_audit else ()
    internal += _CONFLICTS if viewer.principal.role in RESOLVERS else ()
    internal += _USERS if viewer.principal.role is Role.ADMIN else ()
    items = _PORTAL if viewer.principal.is_partner else internal
    return tuple(NavItem(label, href, _is_current(href, path)) for label, href in items)


def _is_current(href: str, path: str) -> bool:
    return path == href
