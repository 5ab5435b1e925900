"""A planted world where routing is known: two accounts (EMEA, NA) with open deals, four partners with their
routing profiles and tiers, one of them already at capacity with a deal it works."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Connection, Engine, insert

from partnerops.domain.roles import Principal, Role
from partnerops.routing.leads import Lead, resolve_lead
from partnerops.routing.profiles import Profile, set_profile
from partnerops.store.tables import accounts, opportunities, partners, touches

MANAGER = Principal(0, "manager@example.com", Role.PARTNER_MANAGER)
SALES = Principal(0, "sales@example.com", Role.SALES)
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)

# Planted ids far above what a sequence hands out (PostgreSQL's sequences do not see them).
GOLD, SILVER, FULL, FAR = 801, 802, 803, 804
PARTNERS = [(GOLD, "P-GOLD", "Gold Integrators", "gold"), (SILVER, "P-SILVER", "Silver Services", "silver"),
            (FULL, "P-FULL", "Full House", "platinum"), (FAR, "P-FAR", "Far Away Co", "registered")]
PROFILES = {GOLD: Profile(("implementation", "security"), ("emea",), 2),
            SILVER: Profile(("implementation",), ("emea", "na"), None),
            FULL: Profile(("implementation", "security"), ("emea",), 1)}


def user_of(partner_id: int) -> Principal:
    return Principal(0, f"user-{partner_id}@example.com", Role.PARTNER_USER, partner_id)


def plant(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(insert(partners), [{"id": i, "source_system": "csv", "external_id": ref, "name": name,
                                      "type": "si", "tier": tier} for i, ref, name, tier in PARTNERS])
        c.execute(insert(accounts), [
            {"id": 801, "source_system": "csv", "external_id": "A-EMEA", "name": "Euro Buyer", "segment": "enterprise",
             "region": "EMEA"},
            {"id": 802, "source_system": "csv", "external_id": "A-NA", "name": "North Buyer", "segment": "smb",
             "region": "NA"}])  # fmt: skip
        c.execute(insert(opportunities), [_deal(801, "O-EMEA", 801, "open"), _deal(802, "O-NA", 802, "open"),
                                          _deal(803, "O-BUSY", 801, "open"), _deal(804, "O-WON", 802, "won")])
        c.execute(insert(touches), [{"source_system": "csv", "external_id": "T-BUSY", "partner_id": FULL,
                                     "opportunity_id": 803, "type": "poc", "touched_on": date(2026, 3, 1),
                                     "status": "confirmed"}])  # fmt: skip
        for partner_id, profile in PROFILES.items():
            set_profile(c, MANAGER, partner_id, profile, NOW)


def _deal(deal_id: int, ref: str, account_id: int, outcome: str) -> dict[str, object]:
    return {"id": deal_id, "source_system": "csv", "external_id": ref, "account_id": account_id, "name": f"Deal {ref}",
            "amount_minor": 1_000_000, "currency": "USD", "stage": outcome, "outcome": outcome,
            "created_on": date(2026, 1, 1), "closed_on": None if outcome == "open" else date(2026, 4, 1)}


def lead(conn: Connection, ref: str = "O-EMEA") -> Lead:
    return resolve_lead(conn, ref)
