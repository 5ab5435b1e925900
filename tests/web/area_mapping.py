"""Partner B's mapping records for the page isolation walk: B's account list, a fuzzy match awaiting review, a
counted match (so the accounts-by-partner page would name partner B) and B's sharing level set to full (so only
the portal's own scoping keeps them from partner A's user)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select

from partnerops.store.mapping_tables import account_matches, mapping_sharing, partner_accounts
from web.web_world import ALPHA, BRAVO

# Strings only partner B's mapping records carry: none may appear on a page partner A's user sees.
SECRETS: tuple[str, ...] = ("Bravo Listed Prospectco", "bravo-listed.example", "Bravo Listed Customerco")
# Form fields the mapping pages' POST routes need, sent with every probe (values must be harmless for B's objects).
FORM: dict[str, str] = {}


def seed(engine: Engine) -> dict[str, int]:
    """Add partner B's records; return the path parameter values that name them."""
    at = datetime(2026, 3, 1, tzinfo=UTC)
    with engine.begin() as conn:
        listed = conn.execute(insert(partner_accounts).values(
            source_system=f"partner-{BRAVO}", external_id="BL-1", partner_id=BRAVO, name="Bravo Listed Prospectco",
            domain="bravo-listed.example", status="customer").returning(partner_accounts.c.id)).scalar_one()
        match = conn.execute(insert(account_matches).values(
            partner_id=BRAVO, partner_account_id=listed, account_id=1, tier="fuzzy", score=0.91,
            status="pending").returning(account_matches.c.id)).scalar_one()
        customer = conn.execute(insert(partner_accounts).values(
            source_system=f"partner-{BRAVO}", external_id="BL-2", partner_id=BRAVO, name="Bravo Listed Customerco",
            status="customer").returning(partner_accounts.c.id)).scalar_one()
        conn.execute(insert(account_matches).values(partner_id=BRAVO, partner_account_id=customer, account_id=1,
                                                    tier="domain", score=1.0, status="matched"))
        conn.execute(insert(mapping_sharing), [
            {"partner_id": BRAVO, "level": "full", "updated_by": "seed", "updated_at": at},
            {"partner_id": ALPHA, "level": "full", "updated_by": "seed", "updated_at": at}])
    return {"match_id": int(match)}


def state(engine: Engine, ids: dict[str, int]) -> tuple[object, ...]:
    """What must not change in partner B's mapping records when partner A's user probes them."""
    with engine.connect() as conn:
        return tuple(conn.execute(select(account_matches.c.status, account_matches.c.decided_by).where(
            account_matches.c.id == ids["match_id"])).one())
