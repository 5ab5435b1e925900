"""A won deal the CRM deletes after its commission accrued: the next attribution run gives it no result, and the
next accrual withdraws the commission by itself, as for any deal no longer attributed; its partner earns nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select, update

from commissions.commission_kit import ACTOR, ALPHA, Deals, attribute, load, make_plan, seed_partners
from partnerops.commissions.accrual import accrue
from partnerops.commissions.summary import partner_commissions
from partnerops.domain.money import Money
from partnerops.store.commission_tables import commission_credits, commission_entries
from partnerops.store.tables import accounts, attribution_results, opportunities, partners

DELETED = datetime(2026, 3, 5, tzinfo=UTC)


@pytest.fixture
def accrued(engine: Engine) -> tuple[Engine, int]:
    """Alpha sourced a 10,000 deal closed 1 February 2026: 2,000 accrued."""
    seed_partners(engine)
    load(engine, make_plan())
    deal = Deals(engine).won("10000.00", date(2026, 2, 1), {ALPHA: "sourced"})
    attribute(engine)
    accrue(engine, date(2026, 2, 28), ACTOR)
    return engine, deal


def _kinds(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(commission_entries.c.kind).order_by(commission_entries.c.id)).scalars())


@pytest.mark.parametrize("deleted", ["deal", "account", "partner"])
def test_commission_on_a_deal_whose_record_was_deleted_is_withdrawn_by_the_next_accrual(
    accrued: tuple[Engine, int], deleted: str
) -> None:
    engine, deal = accrued
    # Each deal of the kit has an account of its own, with the deal's id.
    target, record = {"deal": (opportunities, deal), "account": (accounts, deal), "partner": (partners, ALPHA)}[deleted]
    with engine.begin() as conn:
        conn.execute(update(target).where(target.c.id == record).values(deleted_at=DELETED))
    attribute(engine)
    with engine.connect() as conn:
        assert conn.execute(select(attribution_results.c.id)).first() is None  # the deal has no result any more
    report = accrue(engine, date(2026, 3, 31), ACTOR)
    assert report.withdrawn == 1 and _kinds(engine) == ["accrual", "reversal"]
    with engine.connect() as conn:
        credit = conn.execute(select(commission_credits.c.status, commission_credits.c.reason)).one()
        assert credit.status == "tracked" and "deleted in the CRM" in credit.reason
        assert partner_commissions(conn, ALPHA, date(2026, 12, 31)).earned == {"USD": Money(Decimal("0.00"), "USD")}
    assert accrue(engine, date(2026, 4, 30), ACTOR).withdrawn == 0  # a re-run changes nothing

