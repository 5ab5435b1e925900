"""Partner B's commissions records for the page isolation walk."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, func, select

from partnerops.commissions.adjustments import adjust
from partnerops.commissions.disputes import open_dispute
from partnerops.commissions.payouts import create_batch
from partnerops.domain.money import Money
from partnerops.domain.roles import Principal, Role
from partnerops.store.commission_tables import commission_disputes, commission_entries, commission_payout_batches
from web.web_world import ALPHA, BRAVO

# Strings only partner B's commissions records carry: none may appear on a page partner A's user sees.
SECRETS: tuple[str, ...] = ("bravo-commission-bonus", "bravo-dispute-claim", "bravo-dispute-evidence")
# Form fields the commissions pages' POST routes need, sent with every probe (values must be harmless for B's objects).
FORM: dict[str, str] = {"claim": "probe", "evidence": "probe", "resolution": "probe", "decision": "reject"}


def seed(engine: Engine) -> dict[str, int]:
    """Add partner B's records; return the path parameter values that name them (e.g. {"statement_id": 7})."""
    today = date.today()
    adjust(engine, ALPHA, Money.from_minor(10_000, "USD"), "alpha launch bonus", "finance", today)
    line = adjust(engine, BRAVO, Money.from_minor(25_000, "USD"), "bravo-commission-bonus", "finance", today)
    bravo = Principal(user_id=0, email="bruno@bravo.test", role=Role.PARTNER_USER, partner_id=BRAVO)
    dispute = open_dispute(engine, bravo, line, "bravo-dispute-claim", "bravo-dispute-evidence")
    batch = create_batch(engine, today, today, "finance")
    return {"entry_id": line, "dispute_id": dispute.id, "batch_id": batch.id}


def state(engine: Engine, ids: dict[str, int]) -> tuple[object, ...]:
    """What must not change in partner B's commissions records when partner A's user probes them."""
    with engine.connect() as conn:
        dispute = conn.execute(
            select(commission_disputes.c.status).where(commission_disputes.c.id == ids["dispute_id"])
        ).scalar_one()
        disputes = conn.execute(select(func.count()).select_from(commission_disputes)).scalar_one()
        batch = conn.execute(
            select(commission_payout_batches.c.status).where(commission_payout_batches.c.id == ids["batch_id"])
        ).scalar_one()
        entries = conn.execute(select(func.count()).select_from(commission_entries)).scalar_one()
    return dispute, disputes, batch, entries
