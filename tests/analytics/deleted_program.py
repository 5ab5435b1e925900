"""A generated partner program in which the CRM deleted some deals, accounts, partners and touches, and a way to
remove those records (and what hangs on them) outright: every figure must read the same before and after."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Engine, delete, insert, or_, select, update

from partnerops.analytics.live import live_opportunity, live_touch
from partnerops.store.history_tables import line_items
from partnerops.store.tables import accounts, attribution_results, currency_rates, opportunities, partners, touches

DELETED_AT = datetime(2026, 1, 10, tzinfo=UTC)
FIRST_DAY = date(2024, 1, 1)
SEGMENTS = ("Enterprise", "Mid-Market", "SMB", None)
REGIONS = ("EMEA", "NA", "APAC", None)
OWNERS = ("Ana Ruiz", "Ben Okafor", "Chen Li", None)
TEAMS = ("East", "West", None)
DEAL_TYPES = ("new_business", "expansion", "renewal", None)
PRODUCTS = ("Platform", "Analytics", "Connectors")
TOUCH_TYPES = ("deal_registration", "referral", "executive_intro", "discovery", "poc", "joint_call", "intel")
Row = dict[str, Any]


def seed_program(engine: Engine, seed: int, deals: int = 120) -> None:
    """Accounts, partners, deals (some open ones without an amount, some in EUR), line items and touches, with
    about one in eight deals, two accounts, one partner and one in ten touches marked deleted."""
    rng = np.random.default_rng(seed)
    rows = _program(rng, deals)
    with engine.begin() as connection:
        for table, values in rows.items():
            if values:
                connection.execute(insert(table), values)
        connection.execute(insert(currency_rates).values(currency="EUR", quote_currency="USD",
                                                         valid_on=date(2020, 1, 1), rate="1.1"))  # fmt: skip
    _plant_sourcing_behind_a_deleted_open_deal(engine)


def _program(rng: np.random.Generator, count: int) -> dict[Any, list[Row]]:
    account_rows = [_account(i, rng, deleted=i in (2, 5)) for i in range(1, 13)]
    partner_rows = [_partner(i, deleted=i == 3) for i in range(1, 7)]
    deal_rows = [_deal(i, rng) for i in range(1, count + 1)]
    held = [(d["id"], product) for d in deal_rows for product in PRODUCTS if rng.random() < 0.45]
    items = [
        {**_source("L", number), "opportunity_id": deal_id, "product": product}
        for number, (deal_id, product) in enumerate(held, start=1)
    ]
    touch_rows = [_touch(i, rng, deal_rows) for i in range(1, count * 4 + 1)]
    return {accounts: account_rows, partners: partner_rows, opportunities: deal_rows, line_items: items,
            touches: touch_rows}  # fmt: skip


def _source(prefix: str, number: int) -> Row:
    return {"id": number, "source_system": "test", "external_id": f"{prefix}{number}"}


def _account(number: int, rng: np.random.Generator, deleted: bool) -> Row:
    return {**_source("A", number), "name": f"Account {number}", "segment": SEGMENTS[int(rng.integers(4))],
            "region": REGIONS[int(rng.integers(4))], "deleted_at": DELETED_AT if deleted else None}  # fmt: skip


def _partner(number: int, deleted: bool) -> Row:
    kinds = ("technology", "si", "reseller")
    return {**_source("P", number), "name": f"Partner {number}", "type": kinds[number % 3],
            "joined_on": FIRST_DAY + timedelta(days=40 * number), "deleted_at": DELETED_AT if deleted else None}


def _deal(number: int, rng: np.random.Generator) -> Row:
    created = FIRST_DAY + timedelta(days=int(rng.integers(0, 600)))
    outcome = ("open", "won", "lost")[int(rng.choice(3, p=[0.3, 0.35, 0.35]))]
    closed = None if outcome == "open" else created + timedelta(days=int(rng.integers(5, 200)))
    unknown = outcome == "open" and rng.random() < 0.3
    return {
        **_source("O", number), "account_id": int(rng.integers(1, 13)), "name": f"Deal {number}",
        "amount_minor": None if unknown else int(rng.integers(1_000, 400_000)) * 100,
        "currency": "EUR" if rng.random() < 0.2 else "USD",
        "stage": {"won": "Closed Won", "lost": "Closed Lost"}.get(outcome, ("Discovery", "Proposal")[number % 2]),
        "outcome": outcome, "created_on": created, "closed_on": closed,
        "expected_close_on": created + timedelta(days=120) if outcome == "open" else None,
        "owner": OWNERS[int(rng.integers(4))], "owner_team": TEAMS[int(rng.integers(3))],
        "deal_type": DEAL_TYPES[int(rng.integers(4))], "deleted_at": DELETED_AT if rng.random() < 0.12 else None,
    }  # fmt: skip


def _touch(number: int, rng: np.random.Generator, deal_rows: list[Row]) -> Row:
    deal = deal_rows[int(rng.integers(len(deal_rows)))]
    day = deal["created_on"] + timedelta(days=int(rng.integers(-60, 150)))
    status = ("confirmed", "confirmed", "confirmed", "claimed", "rejected")[int(rng.integers(5))]
    return {**_source("T", number), "partner_id": int(rng.integers(1, 7)), "opportunity_id": deal["id"],
            "type": TOUCH_TYPES[int(rng.integers(len(TOUCH_TYPES)))], "touched_on": day, "status": status,
            "deleted_at": DELETED_AT if rng.random() < 0.1 else None}  # fmt: skip


def _plant_sourcing_behind_a_deleted_open_deal(engine: Engine) -> None:
    """Account 99: a deleted open deal, then a referral and the deal it brought. With the open deal counted the
    referral could not source the new deal; deleted, it does."""
    with engine.begin() as connection:
        connection.execute(insert(accounts).values(**_source("A", 99), name="Planted Co", segment="SMB"))
        ghost = {**_source("O", 9001), "account_id": 99, "name": "Ghost", "amount_minor": None, "currency": "USD",
                 "stage": "Discovery", "outcome": "open", "created_on": date(2025, 1, 1), "deleted_at": DELETED_AT}
        real = {**_source("O", 9002), "account_id": 99, "name": "Real", "amount_minor": 5_000_000, "currency": "USD",
                "stage": "Closed Won", "outcome": "won", "created_on": date(2025, 3, 1), "closed_on": date(2025, 6, 1)}
        for deal in (ghost, real):  # one insert each: the two rows set different columns
            connection.execute(insert(opportunities).values(**deal))
        connection.execute(insert(touches).values(**_source("T", 9001), partner_id=1, opportunity_id=9002,
                                                  type="referral", touched_on=date(2025, 2, 20), status="confirmed"))


PLANTED_DEAL = 9002


def remove_deleted(engine: Engine) -> None:
    """Remove every record marked deleted, and what only exists through one: the program as if never there."""
    o, t = opportunities.c, touches.c
    with engine.begin() as connection:
        gone_touches = select(t.id).where(~live_touch())
        connection.execute(delete(touches).where(t.id.in_(gone_touches.scalar_subquery())))
        gone_deals = select(o.id).where(~live_opportunity()).scalar_subquery()
        connection.execute(delete(line_items).where(line_items.c.opportunity_id.in_(gone_deals)))
        r = attribution_results.c
        connection.execute(delete(attribution_results).where(
            or_(r.opportunity_id.in_(gone_deals), r.partner_id.in_(select(partners.c.id).where(
                partners.c.deleted_at.is_not(None))))))  # fmt: skip
        connection.execute(delete(opportunities).where(o.id.in_(select(o.id).where(~live_opportunity()))))
        connection.execute(delete(accounts).where(accounts.c.deleted_at.is_not(None)))
        connection.execute(delete(partners).where(partners.c.deleted_at.is_not(None)))


def mark_deleted(engine: Engine, table: Any, record_id: int) -> None:
    with engine.begin() as connection:
        connection.execute(update(table).where(table.c.id == record_id).values(deleted_at=DELETED_AT))
