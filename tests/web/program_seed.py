"""A live server of its own for the browser tests of the commissions, MDF and assistant pages: the page tests'
world plus a deal Alpha won today, accrued under a loaded commission plan and gathered in a draft payout batch,
Alpha's MDF allocation for the year, and a finance user. Each test module gets a fresh one, so the session's
shared `live_server` keeps the state the older page tests expect."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page
from sqlalchemy import Connection, Engine, insert

from partnerops.attribution.service import run_attribution
from partnerops.auth.users import add_user
from partnerops.commissions.accrual import accrue
from partnerops.commissions.payouts import create_batch
from partnerops.commissions.plan import parse_plan
from partnerops.commissions.plan_repo import load_plan
from partnerops.domain.money import Money
from partnerops.domain.roles import Principal, Role
from partnerops.program.mdf import allocate_funds
from partnerops.program.mdf_model import RequestInput
from partnerops.program.mdf_requests import approve_request, submit_request
from partnerops.store.tables import accounts, opportunities, touches
from web.conftest import build_app, login, serving
from web.web_world import ALPHA, ALPHA_USER, PASSWORD

FINANCE_USER = "fiona@partnerops.test"
WON_DEAL = "Stark Industries rollout"
WON_AMOUNT = Money(Decimal("80000"), "USD")
# Marginal bands on the year's only paid deal: 50,000 at 20% and 30,000 at 40%.
WON_COMMISSION = Money(Decimal("22000"), "USD")
MDF_ALLOCATED = Money(Decimal("10000"), "USD")
SEED_MANAGER = Principal(0, "seed@partnerops.test", Role.PARTNER_MANAGER)


@dataclass(frozen=True)
class ProgramSite:
    """The running server, its database and the browser contexts opened on it (closed with the site)."""

    url: str
    engine: Engine
    payout_batch: int
    browser: Browser
    contexts: list[BrowserContext] = field(default_factory=list)

    def page(self, email: str, width: int = 1280, height: int = 900) -> Page:
        """A page in a browser context of its own (its own cookies), signed in as `email`."""
        context = self.browser.new_context(
            base_url=self.url, viewport={"width": width, "height": height}, locale="en-US"
        )
        self.contexts.append(context)
        page = context.new_page()
        login(page, email)
        return page


@contextmanager
def program_site(browser: Browser, tmp: Path) -> Iterator[ProgramSite]:
    app, engine, _ = build_app(tmp)
    batch = seed_program(engine)
    with serving(app) as url:
        site = ProgramSite(url, engine, batch, browser)
        yield site
        for context in site.contexts:
            context.close()
    engine.dispose()


def seed_program(engine: Engine) -> int:
    """Seed the deal, the plan, the accrual, a draft payout batch and the MDF funds; return the batch's id."""
    today = date.today()
    with engine.begin() as conn:
        add_user(conn, FINANCE_USER, Role.FINANCE, password=PASSWORD)
        _won_deal(conn, today)
        load_plan(conn, parse_plan(_plan_text(today - timedelta(days=30)), "browser plan"), "browser plan",
                  FINANCE_USER)  # fmt: skip
        allocate_funds(conn, SEED_MANAGER, ALPHA, str(today.year), MDF_ALLOCATED)
    run_attribution(engine)
    accrue(engine, today, FINANCE_USER)
    return create_batch(engine, today, today + timedelta(days=15), FINANCE_USER).id


def seed_mdf_requests(engine: Engine) -> None:
    """Alpha's MDF request approved (the portal offers its claim form) and another waiting (the queue offers a
    decision on it)."""
    today = date.today()
    alpha = Principal(2, ALPHA_USER, Role.PARTNER_USER, ALPHA)
    with engine.begin() as conn:
        summit, _ = (
            submit_request(conn, alpha, RequestInput(str(today.year), title, f"{title} for retail CIOs",
                                                     Money(Decimal("2000"), "USD"), today, today))
            for title in ("Alpha partner summit", "Alpha roadshow")
        )  # fmt: skip
        approve_request(conn, SEED_MANAGER, summit.id)


def _won_deal(conn: Connection, today: date) -> None:
    """A deal Alpha co-sold actively (a confirmed joint call), won today: its commission lands in this quarter."""
    account = conn.execute(insert(accounts).values(
        source_system="csv", external_id="A-stark", name="Stark Industries", domain="stark.test",
    ).returning(accounts.c.id)).scalar_one()  # fmt: skip
    deal = conn.execute(insert(opportunities).values(
        source_system="csv", external_id="O-stark", account_id=account, name=WON_DEAL,
        amount_minor=WON_AMOUNT.minor, currency=WON_AMOUNT.currency, stage="won", outcome="won",
        created_on=today - timedelta(days=60), closed_on=today,
    ).returning(opportunities.c.id)).scalar_one()  # fmt: skip
    conn.execute(insert(touches), [
        {"source_system": "csv", "external_id": f"T-stark-{kind}", "partner_id": ALPHA, "opportunity_id": deal,
         "type": kind, "touched_on": today - timedelta(days=days_ago), "status": "confirmed", "actor": "seed"}
        for kind, days_ago in (("discovery", 50), ("joint_call", 30))
    ])  # fmt: skip


def _plan_text(effective_from: date) -> str:
    return f"""
version: "browser-1"
effective_from: {effective_from.isoformat()}
currency: USD
method: marginal
bands:
  - {{from: 0, rate: 0.20}}
  - {{from: 50000, rate: 0.40}}
clawback_days: 90
"""
