"""Property: any sequence of HubSpot changes (deals created and edited, companies renamed, deals archived or merged),
pulled by syncs that a killed server interrupts at random points, leaves PartnerOps holding what one full pull of
the final portal gives (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from partnerops.store.tables import accounts, opportunities
from partnerops.sync.connections import CrmConnection, add_connection
from partnerops.sync.service import SyncOptions, run_sync
from sync.crm_kit import FAST, KEY, seed_hubspot
from sync.fake_hubspot import FakeHubSpot
from sync.fake_server import FakeServer

DEALS = [str(600 + n) for n in range(6)]
COMPANIES = ["901", "902"]
change = st.one_of(
    st.tuples(st.just("deal"), st.sampled_from(DEALS), st.sampled_from(COMPANIES), st.integers(1, 9),
              st.sampled_from(["qualified", "closedwon"])),
    st.tuples(st.just("rename"), st.sampled_from(COMPANIES), st.sampled_from(["Acme", "Acme Inc", "Beta"])),
    st.tuples(st.just("archive"), st.sampled_from(DEALS)),
    st.tuples(st.just("merge"), st.sampled_from(DEALS), st.sampled_from(DEALS)),
    st.tuples(st.just("sync"), st.one_of(st.none(), st.integers(1, 25))),
)


def _apply(portal: FakeHubSpot, step: tuple[Any, ...], gone: set[str]) -> None:
    kind, *args = step
    deals = portal.objects.get("deals", {})
    if kind == "deal" and args[0] not in gone:
        deal, company, thousands, stage = args
        won = str(stage == "closedwon").lower()
        portal.put("deals", deal, dealname=f"Deal {deal}", amount=str(thousands * 1000), dealstage=stage,
                   closedate="2026-05-30T00:00:00Z", createdate="2026-03-02T10:15:00.000Z",
                   deal_currency_code="USD", hs_is_closed=won, hs_is_closed_won=won)
        if deal not in portal.links.get(("deals", "companies"), {}):
            portal.associate("deals", deal, "companies", company, 5, "Primary")
    elif kind == "rename":
        portal.put("companies", args[0], name=args[1])
    elif kind == "archive" and args[0] in deals and args[0] not in gone:
        portal.archive("deals", args[0])
        gone.add(args[0])
    elif kind == "merge" and args[0] != args[1] and {args[0], args[1]} <= set(deals) - gone:
        portal.merge("deals", args[0], args[1])
        gone.add(args[1])


def _pull(engine: Engine, server: FakeServer, portal: FakeHubSpot) -> str:
    if not _connected(engine):
        secrets = {"client_id": "c", "client_secret": "s", "refresh_token": portal.refresh_token,
                   "access_token": "token-0"}
        add_connection(engine, CrmConnection("hubspot", "hubspot", "refresh_token", server.url,
                                             f"{server.url}/oauth/v1/token", None, secrets), KEY)
    return run_sync(engine, "hubspot", KEY, SyncOptions(retry=FAST)).status


def _connected(engine: Engine) -> bool:
    from partnerops.store.sync_tables import sync_connections

    with engine.connect() as conn:
        return conn.execute(select(sync_connections.c.id)).first() is not None


def _held(engine: Engine) -> tuple[list[Any], list[Any]]:
    """The live accounts and deals with the fields a sync carries."""
    with engine.connect() as conn:
        held_accounts = conn.execute(select(accounts.c.external_id, accounts.c.name)
                                     .where(accounts.c.deleted_at.is_(None)).order_by(accounts.c.external_id)).all()
        o = opportunities.c
        deals = conn.execute(select(o.external_id, o.name, o.amount_minor, o.stage, o.outcome)
                             .where(o.deleted_at.is_(None)).order_by(o.external_id)).all()
    return [tuple(r) for r in held_accounts], [tuple(r) for r in deals]


@settings(max_examples=10)
@given(steps=st.lists(change, min_size=1, max_size=12))
def test_interrupted_incremental_hubspot_syncs_equal_a_full_pull(steps: list[tuple[Any, ...]],
                                                                 fresh_database: Callable[[], Engine]) -> None:
    portal, gone = FakeHubSpot(), set[str]()
    seed_hubspot(portal)
    server = FakeServer(portal)
    synced = fresh_database()
    try:
        for step in steps:
            if step[0] == "sync":
                server.kill_at(step[1])
                _pull(synced, server, portal)
                server.kill_at(None)
                if server.dead:
                    server.start()
            else:
                _apply(portal, step, gone)
        assert _pull(synced, server, portal) == "finished"
        full = fresh_database()
        assert _pull(full, server, portal) == "finished"
        assert _held(synced) == _held(full)
    finally:
        server.stop()
