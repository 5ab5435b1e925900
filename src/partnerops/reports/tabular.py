"""The impact report as JSON (the whole figure tree) and as CSV (one tidy row per figure)."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator
from typing import Any

from partnerops.analytics.impact_model import Comparison, ImpactReport
from partnerops.analytics.stats import Interval
from partnerops.domain.money import Money
from partnerops.reports.formatting import json_document

__all__ = ["CSV_COLUMNS", "impact_csv", "impact_json"]

CSV_COLUMNS = ("section", "scope", "dimension", "key", "label", "metric", "value", "low", "high", "unit", "note")


def impact_json(report: ImpactReport) -> str:
    """The report as JSON: money as exact decimal strings with a currency, intervals as value/low/high."""
    tree = dataclasses.asdict(report)
    tree["partners"] = [{**row, "status": p.status} for row, p in zip(tree["partners"], report.partners, strict=True)]
    tree["cautions"] = list(report.cautions)
    tree["pipeline_unknown_amounts"] = report.pipeline_unknown_amounts
    return json_document(tree)


def impact_csv(report: ImpactReport) -> str:
    """The report as a long table: one row per figure, intervals in low/high, money as exact decimals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_tidy_rows(report))
    return buffer.getvalue()


Tidy = tuple[Any, ...]


def _tidy_rows(report: ImpactReport) -> Iterator[Tidy]:
    for comparison in (report.overall, *report.by_period):
        yield from _comparison_rows(comparison)
    for s in report.segments:
        base: Tidy = ("segment", "all", s.dimension, s.key, s.label)
        yield (*base, "closed", s.closed, "", "", "deals", "")
        yield (*base, "won", s.won, "", "", "deals", "")
        yield (*base, "lost", s.lost, "", "", "deals", "")
        yield _interval_row(base, "win_rate", s.win_rate, "proportion")
        yield _interval_row(base, "uplift", s.uplift, "ratio")
        yield _money_row(base, "won_amount", s.won_amount)
        yield _unknown_row(base, s.unknown_amounts, "won deals left out of won_amount and deal sizes")
        if s.comparison is not None:
            yield from _within_rows(base, s.comparison)
        yield _money_row(base, "mean_deal_size", s.mean_deal_size)
        yield _money_row(base, "median_deal_size", s.median_deal_size)
        yield (*base, "median_cycle_days", _blank(s.median_cycle_days), "", "", "days", "")
    for m in report.mix:
        base = ("mix", m.period, "tier", m.tier, m.tier)
        yield (*base, "won", m.won, "", "", "deals", "")
        yield _money_row(base, "won_amount", m.amount)
        yield _unknown_row(base, m.unknown_amounts, "won deals left out of won_amount")
    for p in report.pipeline:
        base = ("pipeline", "open", "tier_stage", f"{p.tier}/{p.stage}", p.stage)
        yield (*base, "deals", p.deals, "", "", "deals", "")
        yield _money_row(base, "amount", p.amount)
        yield _unknown_row(base, p.unknown_amounts, "open deals counted in deals, left out of amount")
    for partner in report.partners:
        base = ("partner", "all", "partner", str(partner.partner_id), partner.name)
        yield (*base, "won_deals", partner.won_deals, "", "", "deals", partner.status)
        yield (*base, "days_to_first_deal", _blank(partner.days_to_first_deal), "", "", "days", "")
    yield from _adjusted_rows(report)
    yield from _attachment_rows(report)
    yield from _activation_rows(report)


def _adjusted_rows(report: ImpactReport) -> Iterator[Tidy]:
    a = report.adjusted
    for key, interval, method in (
        ("raw", a.raw, report.methods.uplift),
        ("regression", a.regression, f"{a.regression_method}; interval: {a.regression_interval}"),
        ("mantel_haenszel", a.mantel_haenszel, f"{a.mantel_haenszel_method}; interval: {a.mantel_haenszel_interval}"),
    ):
        row = _interval_row(("adjusted_uplift", "all", "method", key, key), "uplift", interval, "ratio")
        yield (*row[:-1], interval.undefined or method)
    i = a.incremental
    base = ("incremental_revenue", "all", "attachment", "attached", "partner-attached")
    yield _money_row(base, "attached_won", i.attached_won)
    yield _money_row(base, "expected_at_direct_rate", i.expected_at_direct)
    if i.estimate is None or i.low is None or i.high is None:
        yield (*base, "incremental_won", "", "", "", report.currency, i.undefined or "")
    else:
        bounds = (str(i.estimate.amount), str(i.low.amount), str(i.high.amount))
        yield (*base, "incremental_won", *bounds, i.estimate.currency, a.incremental_method)


def _attachment_rows(report: ImpactReport) -> Iterator[Tidy]:
    for band in report.attachment:
        for cell in band.cells:
            base = ("attachment", band.band, "partners", cell.partners, f"{cell.partners} partners")
            yield (*base, "closed", cell.closed, "", "", "deals", "")
            yield (*base, "won", cell.won, "", "", "deals", "")
            yield _interval_row(base, "win_rate", cell.win_rate, "proportion")
        suggested = ("attachment", band.band, "partners", "suggested", "suggested count")
        yield (*suggested, "suggested_partners", _blank(band.suggested), "", "", "partners", band.note)


def _activation_rows(report: ImpactReport) -> Iterator[Tidy]:
    first = report.activation.time_to_first_deal
    base = ("activation", "all", "partner", "time_to_first_deal", "time to first deal")
    for metric, value in (("lower_quartile", first.low), ("median", first.median), ("upper_quartile", first.high)):
        yield (*base, metric, _blank(value), "", "", "days", f"over {first.count} partners with a won deal")
    for q in report.activation.quarters:
        base = ("activation", q.quarter, "quarter_created", q.quarter, q.quarter)
        yield (*base, "created", q.created, "", "", "opportunities", "")
        yield _interval_row(base, "attach_rate", q.attach_rate, "proportion")
        yield (*base, "partner_opportunities", q.partner_opportunities, "", "", "opportunities", "")
        yield (*base, "partners_in_program", q.partners_in_program, "", "", "partners", "")
        yield (*base, "opportunities_per_partner", _blank(q.per_partner), "", "", "opportunities", "")
    for c in report.activation.cohorts:
        base = ("cohort", c.quarter, "join_quarter", c.quarter, c.quarter)
        yield (*base, "joined", c.joined, "", "", "partners", "")
        yield (*base, "activated", c.activated, "", "", "partners", "at least one won attached deal")
        yield _interval_row(base, "share_activated", c.share_activated, "proportion")
        yield (*base, "median_days_to_first_deal", _blank(c.median_days_to_first_deal), "", "", "days", "")


def _comparison_rows(c: Comparison) -> Iterator[Tidy]:
    for key, won, closed, rate in (
        ("attached", c.attached_won, c.attached_closed, c.win_rate_attached),
        ("direct", c.direct_won, c.direct_closed, c.win_rate_direct),
    ):
        base = ("win_rate", c.scope, "attachment", key, key)
        yield (*base, "closed", closed, "", "", "deals", "")
        yield (*base, "won", won, "", "", "deals", "")
        yield _interval_row(base, "win_rate", rate, "proportion")
    yield _interval_row(
        ("uplift", c.scope, "attachment", "attached/direct", "attached over direct"), "uplift", c.uplift, "ratio"
    )


def _unknown_row(base: Tidy, unknown: int, note: str) -> Tidy:
    return (*base, "unknown_amounts", unknown, "", "", "deals", note)


def _within_rows(base: Tidy, c: Comparison) -> Iterator[Tidy]:
    """Both sides of a group's partner-attached against direct comparison."""
    for side, won, closed, rate in (
        ("attached", c.attached_won, c.attached_closed, c.win_rate_attached),
        ("direct", c.direct_won, c.direct_closed, c.win_rate_direct),
    ):
        yield (*base, f"{side}_closed", closed, "", "", "deals", "")
        yield (*base, f"{side}_won", won, "", "", "deals", "")
        yield _interval_row(base, f"{side}_win_rate", rate, "proportion")


def _interval_row(base: Tidy, metric: str, interval: Interval, unit: str) -> Tidy:
    bounds = (_blank(interval.value), _blank(interval.low), _blank(interval.high))
    return (*base, metric, *bounds, unit, interval.undefined or "")


def _money_row(base: Tidy, metric: str, amount: Money | None) -> Tidy:
    if amount is None:
        return (*base, metric, "", "", "", "", "no won deals")
    return (*base, metric, str(amount.amount), "", "", amount.currency, "")


def _blank(value: object) -> object:
    return "" if value is None else value
