"""Routing for the API isolation walk (see isolation_probes): a lead offered to partner B only, and B's application
for a lead open to every partner. A user of partner A sees the open lead but neither B's offer nor B's application,
cannot answer B's offer, and is refused the staff routes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert

from api.api_world import World
from api.isolation_probes import HIDDEN, LISTED, Ask, probe
from partnerops.domain.roles import Principal, Role
from partnerops.routing.applications import apply_for_lead, describe_lead
from partnerops.routing.leads import resolve_lead
from partnerops.routing.lifecycle import make_offer
from partnerops.routing.rules import load_rules
from partnerops.store.tables import accounts

# Strings only partner B's routing records carry: none may reach a user of partner A.
MARKERS: tuple[str, ...] = ("Bravo Routed Co", "ACCT-ROUTE-BRAVO", "bravo-routing-note")
BRAVO_LEAD, OPEN_LEAD = "ACCT-ROUTE-BRAVO", "ACCT-ROUTE-OPEN"
_MANAGER = Principal(0, "seed@example.com", Role.PARTNER_MANAGER)


def seed(engine: Engine, world: World) -> None:
    bravo = Principal(0, "b@example.com", Role.PARTNER_USER, world.partner_b)
    now = datetime.now(UTC)
    with engine.begin() as c:
        c.execute(insert(accounts), [
            {"source_system": "salesforce", "external_id": BRAVO_LEAD, "name": "Bravo Routed Co", "region": "emea"},
            {"source_system": "salesforce", "external_id": OPEN_LEAD, "name": "Open Lead Co", "region": "emea"}])
        make_offer(c, _MANAGER, resolve_lead(c, BRAVO_LEAD), world.partner_b, load_rules(), now)
        describe_lead(c, _MANAGER, resolve_lead(c, OPEN_LEAD), "implementation", True, now)
        apply_for_lead(c, bravo, resolve_lead(c, OPEN_LEAD), "bravo-routing-note", now)


@probe("GET", "/api/v1/routing/leads/{lead}/candidates")
def _candidates(w: World) -> list[Ask]:
    return [Ask("GET", f"/api/v1/routing/leads/{lead}/candidates", HIDDEN) for lead in (BRAVO_LEAD, OPEN_LEAD)]


@probe("POST", "/api/v1/routing/leads/{lead}/offers")
def _offer(w: World) -> list[Ask]:
    return [Ask("POST", f"/api/v1/routing/leads/{BRAVO_LEAD}/offers", HIDDEN, json={"partner_id": partner})
            for partner in (w.partner_a_ref, w.partner_b_ref)]  # fmt: skip


@probe("GET", "/api/v1/routing/offers")
def _offers(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/routing/offers", LISTED),
            Ask("GET", f"/api/v1/routing/offers?partner_id={w.partner_b_ref}", HIDDEN)]  # fmt: skip


def _answers(action: str) -> object:
    def asks(w: World) -> list[Ask]:
        url = f"/api/v1/routing/leads/{BRAVO_LEAD}/{action}"
        return [Ask("POST", url, HIDDEN, json={}), Ask("POST", url, HIDDEN, json={"partner_id": w.partner_b_ref}),
                Ask("POST", f"/api/v1/routing/leads/{OPEN_LEAD}/{action}", HIDDEN,
                    json={"partner_id": w.partner_b_ref})]  # fmt: skip

    return asks


for _action in ("accept", "decline", "withdraw"):
    probe("POST", f"/api/v1/routing/leads/{{lead}}/{_action}")(_answers(_action))  # type: ignore[arg-type]


@probe("GET", "/api/v1/routing/leads")
def _leads(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/routing/leads", LISTED)]


@probe("POST", "/api/v1/routing/leads/{lead}/applications")
def _apply(w: World) -> list[Ask]:
    return [Ask("POST", f"/api/v1/routing/leads/{BRAVO_LEAD}/applications", HIDDEN, json={}),
            Ask("POST", f"/api/v1/routing/leads/{OPEN_LEAD}/applications", frozenset({201, 409}), json={})]


@probe("POST", "/api/v1/routing/leads/{lead}/applications/{partner}/rejection")
def _reject(w: World) -> list[Ask]:
    return [Ask("POST", f"/api/v1/routing/leads/{OPEN_LEAD}/applications/{ref}/rejection", HIDDEN,
                json={"reason": "probe"}) for ref in (w.partner_a_ref, w.partner_b_ref)]  # fmt: skip


@probe("GET", "/api/v1/routing/applications")
def _applications(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/routing/applications", LISTED),
            Ask("GET", f"/api/v1/routing/applications?partner_id={w.partner_b_ref}", HIDDEN)]  # fmt: skip


@probe("GET", "/api/v1/routing/profiles")
def _profiles(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/routing/profiles", HIDDEN)]


@probe("PUT", "/api/v1/routing/partners/{partner_ref}/profile")
def _profile(w: World) -> list[Ask]:
    body = {"capabilities": ["probe"], "regions": [], "capacity": 1}
    return [Ask("PUT", f"/api/v1/routing/partners/{ref}/profile", HIDDEN, json=body)
            for ref in (w.partner_a_ref, w.partner_b_ref)]  # fmt: skip
