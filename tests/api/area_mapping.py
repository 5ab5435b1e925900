"""Partner B's records of this area for the API isolation walk, and the probes of its routes (see isolation_probes)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert

from api.api_world import World
from api.isolation_probes import HIDDEN, LISTED, Ask, probe
from partnerops.store.mapping_tables import account_matches, mapping_sharing, partner_accounts

# Strings only partner B's mapping records carry: none may reach a user of partner A.
MARKERS: tuple[str, ...] = ("Bravo Listed Customer", "bravo-listed.example")


def seed(engine: Engine, world: World) -> None:
    """B's account list (one customer matched to B's account Banana Corp), shared in full with B's users;
    A's list shares counts only."""
    at = datetime(2026, 3, 1, tzinfo=UTC)
    with engine.begin() as conn:
        b_account = conn.execute(insert(partner_accounts).values(
            source_system=f"partner-{world.partner_b}", external_id="BL-1", partner_id=world.partner_b,
            name="Bravo Listed Customer", domain="bravo-listed.example", status="customer",
        ).returning(partner_accounts.c.id)).scalar_one()
        conn.execute(insert(partner_accounts).values(
            source_system=f"partner-{world.partner_a}", external_id="AL-1", partner_id=world.partner_a,
            name="Alpha Listed Customer", status="customer"))
        match = conn.execute(insert(account_matches).values(
            partner_id=world.partner_b, partner_account_id=b_account, account_id=world.account_b, tier="fuzzy",
            score=0.91, status="pending").returning(account_matches.c.id)).scalar_one()
        conn.execute(insert(mapping_sharing), [
            {"partner_id": world.partner_b, "level": "full", "updated_by": "seed", "updated_at": at},
            {"partner_id": world.partner_a, "level": "counts", "updated_by": "seed", "updated_at": at}])
    world.extras["mapping_match_b"] = int(match)


@probe("GET", "/api/v1/mapping/partners/{partner_id}/overlap")
def _overlap(w: World) -> list[Ask]:
    return [Ask("GET", f"/api/v1/mapping/partners/{w.partner_a_ref}/overlap", LISTED),
            Ask("GET", f"/api/v1/mapping/partners/{w.partner_b_ref}/overlap", HIDDEN),
            Ask("GET", f"/api/v1/mapping/partners/{w.partner_b_ref}/overlap?category=shared_customers", HIDDEN)]


@probe("GET", "/api/v1/mapping/partners/{partner_id}/matches")
def _matches(w: World) -> list[Ask]:
    return [Ask("GET", f"/api/v1/mapping/partners/{w.partner_b_ref}/matches", HIDDEN),
            Ask("GET", f"/api/v1/mapping/partners/{w.partner_a_ref}/matches", HIDDEN)]


@probe("POST", "/api/v1/mapping/matches/{match_id}/decision")
def _decision(w: World) -> list[Ask]:
    match = w.extras["mapping_match_b"]
    return [Ask("POST", f"/api/v1/mapping/matches/{match}/decision", HIDDEN, json={"decision": "confirm"})]


@probe("PUT", "/api/v1/mapping/partners/{partner_id}/sharing")
def _sharing(w: World) -> list[Ask]:
    return [Ask("PUT", f"/api/v1/mapping/partners/{w.partner_a_ref}/sharing", HIDDEN, json={"level": "full"}),
            Ask("PUT", f"/api/v1/mapping/partners/{w.partner_b_ref}/sharing", HIDDEN, json={"level": "hidden"})]
