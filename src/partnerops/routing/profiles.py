"""What each partner can take: its capabilities, the regions it covers and how many open deals it can carry.
Set by a partner manager, audited; a partner without a profile has none of either and the default capacity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, select

from partnerops.analytics.live import live_partner
from partnerops.domain.roles import Principal
from partnerops.program.access import PROGRAM_MANAGERS, require_role
from partnerops.program.audit_trail import audit_change
from partnerops.routing.errors import BadProfile
from partnerops.routing.leads import tags
from partnerops.store.routing_tables import routing_profiles
from partnerops.store.tables import partners

__all__ = ["Profile", "RoutedPartner", "routed_partners", "set_profile"]

ENTITY = "routing_profiles"


@dataclass(frozen=True)
class Profile:
    capabilities: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    capacity: int | None = None


@dataclass(frozen=True)
class RoutedPartner:
    """A live partner as routing sees it; `id` is for queries only."""

    id: int
    external_id: str
    name: str
    tier: str | None
    profile: Profile


def routed_partners(conn: Connection) -> list[RoutedPartner]:
    """Every live partner with its routing profile, in external id order."""
    p, r = partners.c, routing_profiles.c
    rows = conn.execute(select(p.id, p.external_id, p.name, p.tier, r.capabilities, r.regions, r.capacity)
                        .outerjoin(routing_profiles, r.partner_id == p.id).where(live_partner())
                        .order_by(p.external_id, p.id)).all()  # fmt: skip
    return [RoutedPartner(int(row.id), row.external_id, row.name, row.tier,
                          Profile(tags(row.capabilities), tags(row.regions), row.capacity)) for row in rows]


def set_profile(conn: Connection, principal: Principal, partner_id: int, profile: Profile,
                now: datetime | None = None) -> Profile:  # fmt: skip
    """Replace the partner's routing profile, each changed field audited."""
    require_role(principal, PROGRAM_MANAGERS, "setting a partner's routing profile")
    if profile.capacity is not None and profile.capacity < 0:
        raise BadProfile(f"capacity: {profile.capacity} is not a number of open deals (0 or more)")
    at, r = now or datetime.now(UTC), routing_profiles.c
    row = conn.execute(select(r.id, r.capabilities, r.regions, r.capacity).where(r.partner_id == partner_id)).first()
    values = {"capabilities": ";".join(profile.capabilities) or None, "regions": ";".join(profile.regions) or None,
              "capacity": profile.capacity, "updated_by": principal.email, "updated_at": at}  # fmt: skip
    if row is None:
        record_id = conn.execute(routing_profiles.insert().values(partner_id=partner_id, **values)
                                 .returning(r.id)).scalar_one()  # fmt: skip
        before: dict[str, object] = {}
    else:
        record_id, before = row.id, dict(row._mapping)
        conn.execute(routing_profiles.update().where(r.id == row.id).values(**values))
    for field in ("capabilities", "regions", "capacity"):
        old, new = before.get(field), values[field]
        if old != new:
            audit_change(conn, ENTITY, int(record_id), (field, _text(old), _text(new)), principal.email, at)
    return profile


def _text(value: object) -> str | None:
    return None if value is None else str(value)
