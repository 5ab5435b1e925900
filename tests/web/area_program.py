"""Partner B's program records for the page isolation walk."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Engine, select

from partnerops.domain.money import Money
from partnerops.domain.roles import Principal, Role
from partnerops.program.mdf import allocate_funds
from partnerops.program.mdf_claims import submit_claim
from partnerops.program.mdf_model import ClaimInput, RequestInput
from partnerops.program.mdf_requests import approve_request, submit_request
from partnerops.program.program_settings import load_program_settings
from partnerops.program.tier_reviews import propose_tier_reviews
from partnerops.store.program_tables import mdf_claims, mdf_requests, tier_reviews
from partnerops.store.tables import partners

# Strings only partner B's program records carry: none may appear on a page partner A's user sees.
SECRETS: tuple[str, ...] = ("Bravo hidden summit", "bravo-summit-plan", "bravo-summit-proof")
# Form fields the program pages' POST routes need, sent with every probe (values must be harmless for B's objects).
FORM: dict[str, str] = {"title": "Probe", "plan": "probe", "period": "2026", "budget": "10", "starts_on": "2030-01-01",
                        "ends_on": "2030-01-02", "amount": "1", "proof_reference": "probe",
                        "proof_description": "probe", "payment_reference": "probe"}  # fmt: skip

_MANAGER = Principal(0, "seed@partnerops.test", Role.PARTNER_MANAGER)
_BRAVO = 2


def seed(engine: Engine) -> dict[str, int]:
    """B's approved request with a claim, and a tier review of B (B is silver and earns less)."""
    bravo = Principal(3, "seed@partnerops.test", Role.PARTNER_USER, _BRAVO)
    now = datetime.now(UTC)
    with engine.begin() as c:
        allocate_funds(c, _MANAGER, _BRAVO, str(now.year), Money(Decimal("9000"), "USD"), now)
        form = RequestInput(str(now.year), "Bravo hidden summit", "bravo-summit-plan", Money(Decimal("3000"), "USD"),
                            date(now.year, 1, 1), date(now.year, 1, 31))  # fmt: skip
        request = approve_request(c, _MANAGER, submit_request(c, bravo, form, now=now).id, now)
        claim = submit_claim(c, bravo, request.id, ClaimInput(Money(Decimal("100"), "USD"), "bravo-summit-proof",
                                                              "attendees"), now)  # fmt: skip
        reviews = propose_tier_reviews(c, _MANAGER, str(now.year), load_program_settings(), now)
    bravo_review = next(r.id for r in reviews if r.partner_id == _BRAVO)
    return {"mdf_request_id": request.id, "mdf_claim_id": claim.id, "tier_review_id": bravo_review}


def state(engine: Engine, ids: dict[str, int]) -> tuple[object, ...]:
    """What must not change in partner B's program records when partner A's user probes them."""
    with engine.connect() as c:
        request = c.execute(select(mdf_requests.c.status).where(mdf_requests.c.id == ids["mdf_request_id"]))
        claim = c.execute(select(mdf_claims.c.status, mdf_claims.c.amount_minor)
                          .where(mdf_claims.c.id == ids["mdf_claim_id"]))  # fmt: skip
        review = c.execute(select(tier_reviews.c.status).where(tier_reviews.c.id == ids["tier_review_id"]))
        tier = c.execute(select(partners.c.tier).where(partners.c.id == _BRAVO))
        requests = c.execute(select(mdf_requests.c.id).where(mdf_requests.c.partner_id == _BRAVO))
        return request.scalar_one(), tuple(claim.one()), review.scalar_one(), tier.scalar_one(), tuple(requests)
