"""Partner Alpha's year of commissions for the earnings page: a dollar deal, a euro deal that reaches the yearly
cap of 15,000 USD, and a co-sell deal shared with Bravo after the cap; a draft payout batch."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from commissions.commission_kit import ACTOR, BRAVO, Deals, add_rate, attribute, load, make_plan
from commissions.commission_kit import seed_partners as seed_commission_partners
from partnerops.auth.users import add_user
from partnerops.commissions.accrual import accrue
from partnerops.commissions.payouts import create_batch
from partnerops.domain.roles import Role
from web.web_world import ALPHA_USER, BRAVO_USER, MANAGER, PASSWORD

ALPHA = 1
PAY_ON = date(2026, 12, 15)
CAP_PLAN = 'caps:\n  per_partner_year: 15000\npayout_day: 15\n'


def seed_earnings(engine: Engine) -> None:
    seed_commission_partners(engine)
    with engine.begin() as c:
        add_user(c, MANAGER, Role.PARTNER_MANAGER, password=PASSWORD)
        add_user(c, ALPHA_USER, Role.PARTNER_USER, partner_external_id="PA", password=PASSWORD)
        add_user(c, BRAVO_USER, Role.PARTNER_USER, partner_external_id="PB", password=PASSWORD)
    load(engine, make_plan(extra=CAP_PLAN))
    add_rate(engine, "EUR", "1.10", date(2026, 4, 1))
    deals = Deals(engine)
    deals.won("40000", date(2026, 2, 10), {ALPHA: "sourced"}, name="Initech platform")
    deals.won("30000", date(2026, 4, 20), {ALPHA: "sourced"}, currency="EUR", name="Hooli rollout")
    deals.won("10000", date(2026, 6, 1), {ALPHA: "co_sell_active", BRAVO: "co_sell_active"}, name="Vandelay pilot")
    attribute(engine)
    accrue(engine, date(2026, 6, 30), ACTOR)
    create_batch(engine, date(2026, 6, 30), PAY_ON, ACTOR)
