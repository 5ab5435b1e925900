"""The ecosystem report as JSON (the whole figure tree, explanations included) and CSV (one tidy row per figure)."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator
from typing import Any

from partnerops.ecosystem.model import EcosystemReport, Estimate, GroupFigures
from partnerops.reports.formatting import json_document

__all__ = ["ECOSYSTEM_CSV_COLUMNS", "ecosystem_csv", "ecosystem_json"]

ECOSYSTEM_CSV_COLUMNS = ("section", "dimension", "key", "label", "metric", "value", "low", "high", "unit")
Tidy = tuple[Any, ...]


def ecosystem_json(report: EcosystemReport) -> str:
    """{"ecosystem": ...}: money as exact decimal strings with a currency, ratios as decimal strings."""
    return json_document({"ecosystem": dataclasses.asdict(report)})


def ecosystem_csv(report: EcosystemReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ECOSYSTEM_CSV_COLUMNS)
    for group in report.groups:
        writer.writerows(_group_rows(group, report.currency))
    for m in report.movements:
        for name in ("new", "expansion", "contraction", "churn", "renewal"):
            writer.writerow(("movement", "month", m.ends_on.isoformat(), m.ends_on.isoformat(), name,
                             getattr(m, name).amount, "", "", report.currency))  # fmt: skip
    for r in report.marketplaces:
        for name in ("billed", "fees", "net", "disbursed"):
            writer.writerow(("marketplace", r.marketplace, r.offer_type, r.offer_type, name, getattr(r, name).amount,
                             "", "", report.currency))  # fmt: skip
    return buffer.getvalue()


def _group_rows(g: GroupFigures, currency: str) -> Iterator[Tidy]:
    base = ("group", g.dimension, g.key, g.label)
    yield (*base, "customers_at_start", g.accounts, "", "", "customers")
    yield (*base, "arr_start", g.arr_start.amount, "", "", currency)
    yield (*base, "arr_end", g.arr_end.amount, "", "", currency)
    yield _estimate(base, "nrr", g.nrr, "ratio")
    yield _estimate(base, "grr", g.grr, "ratio")
    yield _estimate(base, "lifetime_value", g.lifetime_value, currency)
    yield _estimate(base, "time_to_value", g.time_to_value_days, "days")
    yield (*base, "awaiting_value", g.awaiting_value, "", "", "customers")
    yield (*base, "revenue", g.revenue.amount, "", "", currency)
    if g.cost is not None:
        for name in ("commissions", "mdf", "other"):
            yield (*base, f"cost_{name}", getattr(g.cost, name).amount, "", "", currency)
        yield (*base, "ropi", _blank(g.ropi), "", "", "ratio")
        yield (*base, "payback", _blank(g.payback_months), "", "", "months")


def _estimate(base: Tidy, metric: str, estimate: Estimate, unit: str) -> Tidy:
    return (*base, metric, _blank(estimate.value), _blank(estimate.low), _blank(estimate.high), unit)


def _blank(value: object) -> object:
    return "" if value is None else value
