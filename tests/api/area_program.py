"""Partner B's records of this area for the API isolation walk, and the probes of its routes (see isolation_probes)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Engine

from api.api_world import World
from api.isolation_probes import HIDDEN, LISTED, Ask, probe
from partnerops.domain.money import Money
from partnerops.domain.roles import Principal, Role
from partnerops.program.mdf import allocate_funds
from partnerops.program.mdf_claims import submit_claim
from partnerops.program.mdf_model import ClaimInput, RequestInput
from partnerops.program.mdf_requests import approve_request, submit_request
from partnerops.program.program_settings import load_program_settings
from partnerops.program.tier_reviews import propose_tier_reviews

# Strings only partner B's program records carry: none may reach a user of partner A.
MARKERS: tuple[str, ...] = ("Bravo secret roadshow", "bravo-mdf-plan", "bravo-proof.pdf", "bravo-attendees")

_MANAGER = Principal(0, "seed@example.com", Role.PARTNER_MANAGER)


def seed(engine: Engine, world: World) -> None:
    """B's funds, an approved request with a claim, and tier review proposals."""
    bravo = Principal(0, "b@example.com", Role.PARTNER_USER, world.partner_b)
    now = datetime(2026, 3, 1, tzinfo=UTC)
    with engine.begin() as c:
        allocate_funds(c, _MANAGER, world.partner_b, "2026", Money(Decimal("9000"), "USD"), now)
        form = RequestInput("2026", "Bravo secret roadshow", "bravo-mdf-plan", Money(Decimal("3000"), "USD"),
                            date(2026, 4, 1), date(2026, 4, 30))  # fmt: skip
        request = approve_request(c, _MANAGER, submit_request(c, bravo, form, now=now).id, now)
        claim = submit_claim(c, bravo, request.id, ClaimInput(Money(Decimal("100"), "USD"), "bravo-proof.pdf",
                                                              "bravo-attendees"), now)  # fmt: skip
        reviews = propose_tier_reviews(c, _MANAGER, "2026-Q4", load_program_settings(), now)
    world.extras |= {"mdf_request_b": request.id, "mdf_claim_b": claim.id, "tier_review": reviews[0].id}


@probe("GET", "/api/v1/mdf/balance")
def _balance(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/mdf/balance", LISTED),
            Ask("GET", f"/api/v1/mdf/balance?partner_id={w.partner_b_ref}", HIDDEN)]  # fmt: skip


@probe("GET", "/api/v1/mdf/requests")
def _requests(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/mdf/requests", LISTED),
            Ask("GET", f"/api/v1/mdf/requests?partner_id={w.partner_b_ref}", HIDDEN)]  # fmt: skip


@probe("POST", "/api/v1/mdf/requests")
def _submit(w: World) -> list[Ask]:
    body = {"period": "2026", "title": "x", "plan": "y", "budget": "10", "currency": "USD", "starts_on": "2026-05-01",
            "ends_on": "2026-05-02"}  # fmt: skip
    # A has no funds: its own request is refused for that (409); B's funds are never used.
    return [Ask("POST", "/api/v1/mdf/requests", frozenset({409}), json=body),
            Ask("POST", "/api/v1/mdf/requests", HIDDEN, json=body | {"partner_id": w.partner_b_ref})]  # fmt: skip


@probe("GET", "/api/v1/mdf/requests/{request_id}")
def _request(w: World) -> list[Ask]:
    return [Ask("GET", f"/api/v1/mdf/requests/{w.extras['mdf_request_b']}", HIDDEN)]


@probe("POST", "/api/v1/mdf/requests/{request_id}/approve")
def _approve(w: World) -> list[Ask]:
    return [Ask("POST", f"/api/v1/mdf/requests/{w.extras['mdf_request_b']}/approve", HIDDEN)]


@probe("POST", "/api/v1/mdf/requests/{request_id}/reject")
def _reject(w: World) -> list[Ask]:
    return [Ask("POST", f"/api/v1/mdf/requests/{w.extras['mdf_request_b']}/reject", HIDDEN, json={"reason": "x"})]


@probe("GET", "/api/v1/mdf/claims")
def _claims(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/mdf/claims", LISTED), Ask("GET", "/api/v1/mdf/claims?status=claimed", LISTED)]


@probe("POST", "/api/v1/mdf/requests/{request_id}/claims")
def _claim(w: World) -> list[Ask]:
    body = {"amount": "10", "proof_reference": "x", "proof_description": "y"}
    return [Ask("POST", f"/api/v1/mdf/requests/{w.extras['mdf_request_b']}/claims", HIDDEN, json=body)]


@probe("POST", "/api/v1/mdf/claims/{claim_id}/{decision}")
def _decide_claim(w: World) -> list[Ask]:
    claim = w.extras["mdf_claim_b"]
    return [Ask("POST", f"/api/v1/mdf/claims/{claim}/{d}", HIDDEN, json={"reason": "x", "payment_reference": "y"})
            for d in ("approve", "reject", "reimburse")]  # fmt: skip


@probe("GET", "/api/v1/partners/{partner_id}/checklist")
def _checklist(w: World) -> list[Ask]:
    return [Ask("GET", f"/api/v1/partners/{w.partner_b_ref}/checklist", HIDDEN),
            Ask("GET", f"/api/v1/partners/{w.partner_a_ref}/checklist", LISTED)]  # fmt: skip


@probe("GET", "/api/v1/partners/{partner_id}/tier-gap")
def _tier_gap(w: World) -> list[Ask]:
    return [Ask("GET", f"/api/v1/partners/{w.partner_b_ref}/tier-gap", HIDDEN),
            Ask("GET", f"/api/v1/partners/{w.partner_a_ref}/tier-gap", LISTED)]  # fmt: skip


@probe("GET", "/api/v1/tier-reviews")
def _reviews(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/tier-reviews", HIDDEN)]


@probe("POST", "/api/v1/tier-reviews/{review_id}/{decision}")
def _decide_review(w: World) -> list[Ask]:
    return [Ask("POST", f"/api/v1/tier-reviews/{w.extras['tier_review']}/{d}", HIDDEN, json={"reason": "x"})
            for d in ("accept", "reject")]  # fmt: skip


@probe("GET", "/api/v1/partners/{partner_id}/health")
def _health(w: World) -> list[Ask]:
    return [Ask("GET", f"/api/v1/partners/{w.partner_b_ref}/health", HIDDEN)]
