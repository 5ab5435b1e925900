"""For every API route, the requests a user of partner A makes for partner B's objects, and what it may get back.

The isolation test walks the app's routes and fails for any route without an entry here, so a new route
cannot ship without saying how it keeps partner B's data from partner A. Add an entry with `@probe`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from api.api_world import PASSWORD, World


@dataclass(frozen=True)
class Ask:
    method: str
    url: str
    allowed: frozenset[int]
    json: dict[str, Any] | None = None
    form: dict[str, str] | None = None
    headers: dict[str, str] = field(default_factory=dict)


Probe = Callable[[World], list[Ask]]
PROBES: dict[tuple[str, str], Probe] = {}

# Leaks the probes have found and that are not fixed yet. The test is a strict xfail for these routes, so it
# fails again the moment the leak is fixed, and the entry must then go.
KNOWN_LEAKS: dict[tuple[str, str], str] = {}

HIDDEN = frozenset({403, 404})
LISTED = frozenset({200})


def probe(method: str, path: str) -> Callable[[Probe], Probe]:
    def register(function: Probe) -> Probe:
        PROBES[(method, path)] = function
        return function

    return register


@probe("POST", "/api/v1/auth/login")
def _login(w: World) -> list[Ask]:
    form = {"email": "partner_a@example.com", "password": PASSWORD}
    return [Ask("POST", "/api/v1/auth/login", LISTED, form=form, headers={"Origin": "http://testserver"})]


@probe("GET", "/api/v1/auth/login")
def _login_token(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/auth/login", LISTED)]


@probe("POST", "/api/v1/auth/logout")
def _logout(w: World) -> list[Ask]:
    return [Ask("POST", "/api/v1/auth/logout", frozenset({204}))]


@probe("GET", "/api/v1/auth/me")
def _me(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/auth/me", LISTED)]


@probe("GET", "/api/v1/partners")
def _partners(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/partners", LISTED), Ask("GET", "/api/v1/partners?q=Bravo", LISTED)]


@probe("GET", "/api/v1/partners/{partner_id}")
def _partner(w: World) -> list[Ask]:
    return [Ask("GET", f"/api/v1/partners/{w.partner_b_ref}", HIDDEN)]


@probe("GET", "/api/v1/accounts")
def _accounts(w: World) -> list[Ask]:
    return [
        Ask("GET", "/api/v1/accounts", LISTED),
        Ask("GET", "/api/v1/accounts?q=Banana", LISTED),
        Ask("GET", f"/api/v1/accounts?partner_id={w.partner_b_ref}", HIDDEN),
    ]


@probe("GET", "/api/v1/accounts/{account_id}")
def _account(w: World) -> list[Ask]:
    return [Ask("GET", f"/api/v1/accounts/{w.account_b_ref}", HIDDEN)]


@probe("GET", "/api/v1/opportunities")
def _opportunities(w: World) -> list[Ask]:
    return [
        Ask("GET", "/api/v1/opportunities", LISTED),
        Ask("GET", "/api/v1/opportunities?q=Banana", LISTED),
        Ask("GET", f"/api/v1/opportunities?account_id={w.account_b_ref}", HIDDEN),
        Ask("GET", "/api/v1/opportunities?outcome=lost", LISTED),
        Ask("GET", f"/api/v1/opportunities?partner_id={w.partner_b_ref}", HIDDEN),
    ]


@probe("GET", "/api/v1/opportunities/{opportunity_id}")
def _opportunity(w: World) -> list[Ask]:
    return [Ask("GET", f"/api/v1/opportunities/{w.opportunity_b_ref}", HIDDEN)]


@probe("GET", "/api/v1/opportunities/{opportunity_id}/attribution")
def _attribution(w: World) -> list[Ask]:
    return [
        Ask("GET", f"/api/v1/opportunities/{w.opportunity_b_ref}/attribution", HIDDEN),
        # A deal both partners worked: A sees it, but none of B's part in it.
        Ask("GET", f"/api/v1/opportunities/{w.opportunity_shared_ref}/attribution", LISTED),
    ]


@probe("GET", "/api/v1/touches")
def _touches(w: World) -> list[Ask]:
    return [
        Ask("GET", "/api/v1/touches", LISTED),
        Ask("GET", f"/api/v1/touches?opportunity_id={w.opportunity_shared_ref}", LISTED),
        Ask("GET", f"/api/v1/touches?partner_id={w.partner_b_ref}", HIDDEN),
    ]


@probe("GET", "/api/v1/touches/{touch_id}")
def _touch(w: World) -> list[Ask]:
    return [Ask("GET", f"/api/v1/touches/{touch}", HIDDEN) for touch in (w.touch_b, w.touch_shared_b)]


@probe("POST", "/api/v1/touches")
def _claim(w: World) -> list[Ask]:
    claim = {"type": "poc", "touched_on": "2026-03-01"}
    # B's partner on A's deal, and A's partner on B's deal: both unknown to A.
    pairs = ((w.partner_b_ref, w.opportunity_a_ref), (w.partner_a_ref, w.opportunity_b_ref))
    return [
        Ask("POST", "/api/v1/touches", HIDDEN, json=claim | {"partner_id": partner, "opportunity_id": opportunity})
        for partner, opportunity in pairs
    ]


@probe("POST", "/api/v1/touches/{touch_id}/confirm")
def _confirm(w: World) -> list[Ask]:
    return [Ask("POST", f"/api/v1/touches/{w.touch_b}/confirm", HIDDEN)]


@probe("POST", "/api/v1/touches/{touch_id}/reject")
def _reject(w: World) -> list[Ask]:
    return [Ask("POST", f"/api/v1/touches/{w.touch_b}/reject", HIDDEN)]


@probe("GET", "/api/v1/reports/impact")
def _impact(w: World) -> list[Ask]:
    # Reports are program-wide: partner users are refused rather than shown a figure cut to their scope.
    return [Ask("GET", "/api/v1/reports/impact", HIDDEN)]


@probe("GET", "/api/v1/registrations")
def _registrations(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/registrations", LISTED)]


@probe("GET", "/api/v1/registrations/{registration_id}")
def _registration(w: World) -> list[Ask]:
    return [Ask("GET", f"/api/v1/registrations/{w.registration_b}", HIDDEN)]


@probe("POST", "/api/v1/registrations")
def _register(w: World) -> list[Ask]:
    # The same prospect B registered: A may be told of a conflict, never whose registration it is.
    body = {"company_name": "Cherry Inc", "domain": "cherry.example", "estimated_amount": "1000.00",
            "currency": "USD", "estimated_close_on": "2026-10-31"}  # fmt: skip
    asks = [Ask("POST", "/api/v1/registrations", frozenset({201, 409}), json=body)]
    return asks + [Ask("POST", "/api/v1/registrations", HIDDEN, json=body | {"partner_id": w.partner_b_ref})]


def _decision(action: str) -> Probe:
    def asks(w: World) -> list[Ask]:
        body = {"reason": "probe"} if action == "reject" else None
        return [Ask("POST", f"/api/v1/registrations/{w.registration_b}/{action}", HIDDEN, json=body)]

    return asks


for _action in ("approve", "reject", "extension", "extension/grant"):
    probe("POST", f"/api/v1/registrations/{{registration_id}}/{_action}")(_decision(_action))


# User administration is for admins: a partner user is refused every route, for every user (partner B's included),
# and no change to a user happens.
WORLD_USER_IDS = range(1, 9)


def _on_every_user(method: str, action: str, body: dict[str, Any] | None = None) -> Probe:
    def asks(w: World) -> list[Ask]:
        return [Ask(method, f"/api/v1/users/{user}{action}", HIDDEN, json=body) for user in WORLD_USER_IDS]

    return asks


@probe("GET", "/api/v1/users")
def _users(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/users", HIDDEN), Ask("GET", "/api/v1/users?include_deleted=true", HIDDEN)]


@probe("POST", "/api/v1/users/invitations")
def _invite(w: World) -> list[Ask]:
    return [Ask("POST", "/api/v1/users/invitations", HIDDEN, json={"email": "bravo-new@example.com",
                                                                     "role": "partner_user", "partner_id": partner})
            for partner in (w.partner_a_ref, w.partner_b_ref)]  # fmt: skip


for _method, _action, _body in (("POST", "/disable", None), ("POST", "/enable", None),
                                ("POST", "/reset-password", None), ("DELETE", "", None),
                                ("PUT", "/role", {"role": "admin"})):  # fmt: skip
    probe(_method, f"/api/v1/users/{{user_id}}{_action}")(_on_every_user(_method, _action, _body))


# Each feature area keeps its probes beside the records it seeds; importing them registers their probes.
from api import (  # noqa: E402, F401
    area_assistant,
    area_commissions,
    area_conflicts,
    area_mapping,
    area_payments,
    area_program,
    area_psi,
    area_records,
    area_recruiting,
    area_routing,
    area_signals,
)
