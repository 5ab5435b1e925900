"""API for routing profiles (internal users; partner managers change them): what each partner can take, its
capabilities, regions and capacity, with its open deals now, as `partnerops routing profiles` lists them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from partnerops.api.dependencies import DatabaseEngine, InternalPrincipal
from partnerops.api.params import PartnerRef
from partnerops.api.routes.record_names import resolve
from partnerops.api.routes.routing_http import routing_answers
from partnerops.api.validation import StrictBody
from partnerops.routing.capacity import open_deals
from partnerops.routing.leads import tags
from partnerops.routing.profiles import Profile, routed_partners, set_profile
from partnerops.routing.rules import load_rules

router = APIRouter(tags=["routing"])
Tag = Annotated[str, Field(min_length=1, max_length=64)]


class ProfileIn(StrictBody):
    capabilities: list[Tag] = Field(default_factory=list, max_length=50)
    regions: list[Tag] = Field(default_factory=list, max_length=50)
    capacity: int | None = Field(default=None, ge=0, le=100_000, description="Open deals it can carry at once; "
                                 "null: the routing rules' default.")  # fmt: skip


class ProfileOut(BaseModel):
    partner_id: str
    name: str
    tier: str | None
    capabilities: list[str]
    regions: list[str]
    capacity: int
    open_deals: int


def _profiles(engine: DatabaseEngine, only: int | None = None) -> list[ProfileOut]:
    rules = load_rules()
    with engine.connect() as conn:
        load, found = open_deals(conn), [p for p in routed_partners(conn) if only is None or p.id == only]
    return [ProfileOut(partner_id=p.external_id, name=p.name, tier=p.tier, capabilities=list(p.profile.capabilities),
                       regions=list(p.profile.regions), capacity=rules.capacity_of(p.external_id, p.profile.capacity),
                       open_deals=load.get(p.id, 0)) for p in found]  # fmt: skip


@router.get("/routing/profiles", summary="Every partner's routing profile and open deals (internal)")
def profiles(engine: DatabaseEngine, principal: InternalPrincipal) -> list[ProfileOut]:
    return _profiles(engine)


@router.put("/routing/partners/{partner_ref}/profile", summary="Set a partner's routing profile (partner managers)")
def put_profile(partner_ref: PartnerRef, body: ProfileIn, engine: DatabaseEngine,
                principal: InternalPrincipal) -> ProfileOut:  # fmt: skip
    with routing_answers(), engine.begin() as conn:
        partner = resolve(conn, "partner", partner_ref, principal)
        set_profile(conn, principal, partner, Profile(tags(";".join(body.capabilities)), tags(";".join(body.regions)),
                                                      body.capacity))  # fmt: skip
    return _profiles(engine, partner)[0]
