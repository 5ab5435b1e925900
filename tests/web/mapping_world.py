"""Generated account mapping records for the mapping list tests: partners with lists of customers and prospects,
our accounts with won, open and lost deals, matches of every status, and partners, accounts and deals the CRM
deleted. Segments and regions differ in case ("EMEA", "emea"), as imported lists write them."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, insert

from partnerops.store.mapping_tables import account_matches, mapping_sharing, partner_accounts
from partnerops.store.tables import accounts, import_batches, opportunities, partners

SEGMENTS = ("enterprise", "Enterprise", "smb", "mid_market", None)
REGIONS = ("EMEA", "emea", "AMER", "APAC", None)
THEIR_STATUSES = ("customer", "customer", "prospect", "open_opportunity")
MATCH_STATUSES = ("matched", "matched", "confirmed", "pending", "rejected")
DELETED = datetime(2026, 5, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Generated:
    partner_ids: list[int]
    deleted_partner: int
    listed: dict[int, int]


def seed_mapping(engine: Engine, rng: random.Random, partner_count: int, listed: int | None = None,
                 first_id: int = 1000, our_count: int = 40, deleted_first: bool = True) -> Generated:
    """`partner_count` partners from id `first_id` (the first deleted in the CRM unless not `deleted_first`, the
    last without a list), each with `listed` accounts on its list (None: 0 to 30 at random), matched to `our_count`
    accounts of ours (ids from `first_id` too)."""
    ours = list(range(first_id, first_id + our_count))
    ids = list(range(first_id, first_id + partner_count))
    sizes = {p: (listed if listed is not None else rng.randint(0, 30)) for p in ids[:-1]}
    with engine.begin() as conn:
        conn.execute(insert(accounts), [_account(rng, i) for i in ours])
        conn.execute(insert(opportunities), [deal for i in ours for deal in _deals(rng, i)])
        conn.execute(insert(partners), [_partner(p, deleted_first and p == ids[0]) for p in ids])
        rows = [_listed(rng, p, n) for p, size in sizes.items() for n in range(size)]
        if rows:
            keys = insert(partner_accounts).returning(partner_accounts.c.id, partner_accounts.c.partner_id)
            listed_ids = conn.execute(keys, rows).all()
            matches = [m for their_id, partner_id in listed_ids for m in _matches(rng, partner_id, their_id, ours)]
            if matches:
                conn.execute(insert(account_matches), matches)
        levels = [{"partner_id": p, "level": rng.choice(("counts", "overlaps", "full")), "updated_by": "seed",
                   "updated_at": DELETED} for p in ids if rng.random() < 0.6]  # fmt: skip
        if levels:
            conn.execute(insert(mapping_sharing), levels)
        imported = [_import(p, i) for i, p in enumerate(sizes) if i % 2 == 0]
        if imported:
            conn.execute(insert(import_batches), imported)
    return Generated(ids, ids[0], sizes)


def _account(rng: random.Random, i: int) -> dict[str, object]:
    return {"id": i, "source_system": "gen", "external_id": f"GA-{i}", "name": f"Generated Account {i}",
            "segment": rng.choice(SEGMENTS), "region": rng.choice(REGIONS),
            "deleted_at": DELETED if rng.random() < 0.1 else None}


def _deals(rng: random.Random, account: int) -> list[dict[str, object]]:
    deals = []
    for n in range(rng.choice((0, 0, 1, 1, 2, 3))):
        outcome = rng.choice(("won", "open", "lost"))
        deals.append({"source_system": "gen", "external_id": f"GO-{account}-{n}", "account_id": account,
                      "name": f"Deal {account}-{n}", "amount_minor": 1000_00, "currency": "EUR", "stage": outcome,
                      "outcome": outcome, "created_on": date(2026, 1, 1),
                      "closed_on": None if outcome == "open" else date(2026, 3, 1),
                      "deleted_at": DELETED if rng.random() < 0.15 else None})
    return deals


def _partner(partner_id: int, deleted: bool) -> dict[str, object]:
    return {"id": partner_id, "source_system": "gen", "external_id": f"GP-{partner_id}",
            "name": f"Generated Partner {partner_id}", "type": "technology",
            "deleted_at": DELETED if deleted else None}


def _listed(rng: random.Random, partner_id: int, n: int) -> dict[str, object]:
    return {"source_system": f"partner-{partner_id}", "external_id": f"L-{n}", "partner_id": partner_id,
            "name": f"Listed {partner_id}-{n:03d}", "domain": f"listed{partner_id}-{n}.example",
            "status": rng.choice(THEIR_STATUSES), "segment": rng.choice(SEGMENTS), "region": rng.choice(REGIONS)}


def _matches(rng: random.Random, partner_id: int, their_id: int, ours: list[int]) -> list[dict[str, object]]:
    chosen = rng.sample(ours, rng.choice((0, 1, 1, 1, 2, 3)))
    return [{"partner_id": partner_id, "partner_account_id": their_id, "account_id": our_id,
             "tier": rng.choice(("domain", "name", "fuzzy")), "score": rng.random(),
             "status": rng.choice(MATCH_STATUSES)} for our_id in chosen]


def _import(partner_id: int, n: int) -> dict[str, object]:
    at = datetime(2026, 6, 1, tzinfo=UTC) + timedelta(days=n)
    return {"path": f"/lists/{partner_id}.csv", "sha256": "0" * 64, "kind": "partner_accounts",
            "format": "partner_list", "options": {"source_system": f"partner-{partner_id}"}, "started_at": at,
            "finished_at": at, "status": "finished"}
