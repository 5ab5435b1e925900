"""Planted marketplace revenue: a few hundred generated transactions (three marketplaces, every offer type,
refunds, EUR and USD, some outside the window, some deleted by their source) imported as a generic file; the
report's lines equal a plain recount of what was planted, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from sqlalchemy import Engine

from ecosystem.ecosystem_world import EUR_RATE, plant
from partnerops.ecosystem.report import EcosystemOptions, ecosystem_report
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.service import import_file

AS_OF, STARTS = date(2026, 12, 31), date(2025, 12, 31)
HEADER = "id,marketplace,account_id,offer_type,entry,transacted_on,amount,fee,currency,disbursed_on,is_deleted"


def _planted(rng: random.Random) -> list[dict[str, object]]:
    rows = []
    for n in range(300):
        amount = Decimal(rng.randrange(100, 500_000)) / 100
        rows.append({
            "id": f"T{n}", "marketplace": rng.choice(("aws", "azure", "gcp")), "account_id": f"A{rng.randrange(60)}",
            "offer_type": rng.choice(("public", "private", "channel_private")),
            "entry": "refund" if rng.random() < 0.1 else "charge",
            "transacted_on": STARTS + timedelta(days=rng.randrange(-60, 400)), "amount": amount,
            "fee": (amount * Decimal("0.03")).quantize(Decimal("0.01")), "currency": rng.choice(("USD", "EUR")),
            "disbursed_on": AS_OF - timedelta(days=rng.randrange(-30, 300)) if rng.random() < 0.6 else None,
            "is_deleted": rng.random() < 0.05,
        })  # fmt: skip
    return rows


def _recount(rows: list[dict[str, object]]) -> dict[tuple[str, str], tuple[int, Decimal, Decimal, Decimal]]:
    found: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 4)
    for r in rows:
        on = r["transacted_on"]
        assert isinstance(on, date)
        if r["is_deleted"] or not STARTS < on <= AS_OF:
            continue
        sign = -1 if r["entry"] == "refund" else 1
        rate = EUR_RATE if r["currency"] == "EUR" else Decimal(1)
        # Each amount converted to cents on its own, half to even, as the report's conversion does.
        billed, fee = (_cents(Decimal(str(r[name])) * rate) * sign for name in ("amount", "fee"))
        paid = r["disbursed_on"]
        totals = found[(str(r["marketplace"]), str(r["offer_type"]))]
        totals[0] += 1
        totals[1] += billed
        totals[2] += fee
        totals[3] += billed - fee if isinstance(paid, date) and paid <= AS_OF else 0
    return {k: (int(v[0]), v[1], v[2], v[3]) for k, v in found.items()}


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def test_planted_marketplace_revenue_is_recovered(engine: Engine, tmp_path: Path) -> None:
    plant(engine)
    rows = _planted(random.Random(18))
    path = tmp_path / "transactions.csv"
    lines = [HEADER] + [",".join("" if v is None else str(v).lower() if isinstance(v, bool) else str(v)
                                 for v in r.values()) for r in rows]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = import_file(engine, path, "marketplace_transactions", "generic", ImportOptions())
    assert summary.quarantined == 0
    report = ecosystem_report(engine, EcosystemOptions(as_of=AS_OF, draws=0))
    shown = {(m.marketplace, m.offer_type): (m.transactions, m.billed.amount, m.fees.amount, m.disbursed.amount)
             for m in report.marketplaces}
    assert shown == _recount(rows)
