"""The dashboard's figures: the impact report and its charts, computed once per attribution run and day.

The report reads every deal and draws SVGs with matplotlib, which takes seconds on a real program; the
dashboard is read far more often than attribution runs, so the result is kept until a run (re-run on
every registration decision) or the date changes it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from markupsafe import Markup
from sqlalchemy import Engine, select

from partnerops.analytics.impact import ImpactOptions, ImpactReport, impact_report
from partnerops.analytics.live import live_opportunity
from partnerops.domain.money import Money
from partnerops.reports import charts
from partnerops.store.tables import attribution_runs, opportunities

CacheKey = tuple[int, datetime, date]


@dataclass(frozen=True)
class Dashboard:
    report: ImpactReport
    charts: dict[str, Markup]

    def pipeline_deals(self, tier: str) -> int:
        return sum(row.deals for row in self.report.pipeline if row.tier == tier)

    def pipeline_amount(self, tier: str) -> Money:
        """The tier's open pipeline over the deals whose amount is known."""
        rows = [row.amount for row in self.report.pipeline if row.tier == tier]
        return Money(sum((m.amount for m in rows), Decimal(0)), self.report.currency)

    def pipeline_unknown_amounts(self, tier: str) -> int:
        """The tier's open deals counted in `pipeline_deals` but left out of `pipeline_amount`."""
        return sum(row.unknown_amounts for row in self.report.pipeline if row.tier == tier)

    def won_deals(self, tier: str) -> int:
        return sum(row.won for row in self.report.mix if row.period == "all" and row.tier == tier)


@dataclass(frozen=True)
class RateGap:
    """Why the dashboard's figures cannot be computed: a currency with no rate into the reporting currency on a
    deal's date, and the deals in that currency it stops (the first few, and how many)."""

    message: str
    deals: list[str]
    total: int


def rate_gap(engine: Engine, problem: Exception, currency: str) -> RateGap:
    """The deals a missing or unreadable rate stops: the live deals in its currency that have an amount."""
    stuck = getattr(problem, "currency", None)
    o = opportunities.c
    query = select(o.external_id).where(o.currency == stuck, o.amount_minor.is_not(None), live_opportunity())
    with engine.connect() as connection:
        ids = [str(i) for i in connection.execute(query.order_by(o.external_id)).scalars()]
    return RateGap(f"{problem} (reporting currency {currency})", ids[:10], len(ids))


class DashboardCache:
    """One computed dashboard per (run, run time, day); the lock keeps matplotlib to one thread at a time."""

    def __init__(self, engine: Engine, currency: str) -> None:
        self._engine = engine
        self._currency = currency
        self._lock = threading.Lock()
        self._entry: tuple[CacheKey, Dashboard] | None = None

    @property
    def currency(self) -> str:
        return self._currency

    def current(self) -> Dashboard | None:
        """The dashboard of the latest attribution run; None before the first run."""
        key = self._key()
        if key is None:
            return None
        with self._lock:
            if self._entry is None or self._entry[0] != key:
                self._entry = (key, self._build(key))
            return self._entry[1]

    def _key(self) -> CacheKey | None:
        runs = attribution_runs.c
        query = select(runs.id, runs.ran_at).order_by(runs.ran_at.desc(), runs.id.desc()).limit(1)
        with self._engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else (int(row.id), row.ran_at, date.today())

    def _build(self, key: CacheKey) -> Dashboard:
        options = ImpactOptions(currency=self._currency, as_of=key[2])
        report = impact_report(self._engine, options)
        return Dashboard(
            report=report,
            charts={
                "win_rate": Markup(charts.win_rate_chart(report)),
                "mix": Markup(charts.mix_chart(report)),
                "pipeline": Markup(charts.pipeline_chart(report)),
            },
        )
