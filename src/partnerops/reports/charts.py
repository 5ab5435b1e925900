"""The impact report's charts as inline SVG, drawn server-side with matplotlib (glyphs as paths, no fonts)."""

from __future__ import annotations

from decimal import Decimal

from partnerops.analytics.impact_model import Comparison, ImpactReport
from partnerops.analytics.stats import Interval
from partnerops.reports.formatting import TIER_LABELS
from partnerops.reports.svg import TIER_COLOURS, amount_axis, slanted_labels, svg_figure


def win_rate_chart(report: ImpactReport) -> str:
    """Win rate of partner-attached and direct deals, overall and per period, with 95% interval bars."""
    rows = [report.overall, *report.by_period]
    with svg_figure() as (_, axes, out):
        positions = range(len(rows))
        for offset, name, colour, pick in (
            (-0.2, "partner-attached", TIER_COLOURS["sourced"], _attached),
            (0.2, "direct", TIER_COLOURS["direct"], _direct),
        ):
            rates = [pick(row) for row in rows]
            xs = [p + offset for p in positions]
            axes.bar(xs, [r.value or 0 for r in rates], width=0.4, color=colour, label=name)
            axes.errorbar(xs, [r.value or 0 for r in rates], yerr=_error_bars(rates), fmt="none", ecolor="black")
        axes.set_xticks(list(positions), ["overall" if r.scope == "all" else r.scope for r in rows])
        axes.set_ylim(0, 1)
        slanted_labels(axes)
        axes.set_ylabel("win rate")
        axes.legend(frameon=False)
    return out[0]


def _attached(row: Comparison) -> Interval:
    return row.win_rate_attached


def _direct(row: Comparison) -> Interval:
    return row.win_rate_direct


def _error_bars(rates: list[Interval]) -> list[list[float]]:
    # Clamped at zero: at a rate of 0 or 1 the interval's end equals the rate up to rounding noise.
    below = [max(0.0, r.value - r.low) if r.value is not None and r.low is not None else 0.0 for r in rates]
    above = [max(0.0, r.high - r.value) if r.value is not None and r.high is not None else 0.0 for r in rates]
    return [below, above]


def mix_chart(report: ImpactReport) -> str:
    """Won amount per period, stacked by attribution tier."""
    periods = [c.scope for c in report.by_period]
    with svg_figure() as (_, axes, out):
        bottoms = [0.0] * len(periods)
        for tier, colour in TIER_COLOURS.items():
            # Floats only to draw bar heights; every figure printed in the report stays Decimal.
            heights = [float(_mix_amount(report, period, tier)) for period in periods]
            axes.bar(periods, heights, bottom=bottoms, color=colour, label=TIER_LABELS[tier])
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        axes.set_ylabel(f"won amount ({report.currency})")
        amount_axis(axes.yaxis)
        slanted_labels(axes)
        axes.legend(frameon=False, ncols=4)
    return out[0]


def _mix_amount(report: ImpactReport, period: str, tier: str) -> Decimal:
    return next((m.amount.amount for m in report.mix if m.period == period and m.tier == tier), Decimal(0))


def pipeline_chart(report: ImpactReport) -> str:
    """Open pipeline amount per tier."""
    with svg_figure(height=2.6) as (_, axes, out):
        for tier, colour in TIER_COLOURS.items():
            total = sum(float(p.amount.amount) for p in report.pipeline if p.tier == tier)
            axes.barh(TIER_LABELS[tier], total, color=colour)
        axes.invert_yaxis()
        axes.set_xlabel(f"open pipeline ({report.currency})")
        amount_axis(axes.xaxis)
    return out[0]


def deal_size_chart(report: ImpactReport) -> str:
    """Mean and median won deal size per tier."""
    segments = report.segments_by("tier")
    with svg_figure(height=2.8) as (_, axes, out):
        positions = range(len(segments))
        means = [float(s.mean_deal_size.amount) if s.mean_deal_size else 0.0 for s in segments]
        medians = [float(s.median_deal_size.amount) if s.median_deal_size else 0.0 for s in segments]
        axes.bar([p - 0.2 for p in positions], means, width=0.4, color="#4d7ea8", label="mean")
        axes.bar([p + 0.2 for p in positions], medians, width=0.4, color="#9ecae1", label="median")
        axes.set_xticks(list(positions), [s.label for s in segments])
        axes.set_ylabel(f"won deal size ({report.currency})")
        amount_axis(axes.yaxis)
        axes.legend(frameon=False)
    return out[0]


def uplift_chart(report: ImpactReport) -> str:
    """Uplift raw and adjusted two ways, each with its 95% interval, against the no-effect line at 1."""
    adjusted = report.adjusted
    estimates = [adjusted.raw, adjusted.regression, adjusted.mantel_haenszel]
    with svg_figure(height=2.4) as (_, axes, out):
        names = ["raw", "adjusted: regression", "adjusted: matched strata"]
        positions = list(range(len(estimates)))
        values = [e.value or 0 for e in estimates]
        axes.errorbar(values, positions, xerr=_error_bars(estimates), fmt="o", color="#b8860b", ecolor="black")
        axes.axvline(1.0, color=TIER_COLOURS["direct"], linestyle="--", linewidth=1)
        axes.set_yticks(positions, names)
        axes.invert_yaxis()
        axes.set_xlabel("uplift: partner-attached ÷ direct win rate")
    return out[0]


_COUNT_COLOURS = ("#5b6770", "#9ecae1", "#4d7ea8", "#1f3b57")


def attachment_chart(report: ImpactReport) -> str:
    """Win rate per deal-size band, one bar per number of attached partners, with 95% intervals."""
    with svg_figure() as (_, axes, out):
        positions = range(len(report.attachment))
        for index, colour in enumerate(_COUNT_COLOURS):
            rates = [band.cells[index].win_rate for band in report.attachment]
            xs = [p + (index - 1.5) * 0.2 for p in positions]
            label = f"{report.attachment[0].cells[index].partners} partners" if report.attachment else ""
            axes.bar(xs, [r.value or 0 for r in rates], width=0.2, color=colour, label=label)
            axes.errorbar(xs, [r.value or 0 for r in rates], yerr=_error_bars(rates), fmt="none", ecolor="black")
        axes.set_xticks(list(positions), [f"{band.band} {report.currency}" for band in report.attachment])
        axes.set_ylim(0, 1)
        axes.set_ylabel("win rate")
        axes.legend(frameon=False, ncols=4)
    return out[0]


def attach_rate_chart(report: ImpactReport) -> str:
    """Share of created opportunities that are partner-attached, per quarter, with 95% intervals."""
    quarters = report.activation.quarters
    with svg_figure() as (_, axes, out):
        rates = [q.attach_rate for q in quarters]
        labels = [q.quarter for q in quarters]
        axes.errorbar(labels, [r.value or 0 for r in rates], yerr=_error_bars(rates), fmt="o-", color="#4d7ea8")
        axes.set_ylim(0, 1)
        axes.set_ylabel("attach rate")
        slanted_labels(axes)
    return out[0]


def cohort_chart(report: ImpactReport) -> str:
    """Partners joined and activated per join quarter."""
    cohorts = report.activation.cohorts
    with svg_figure() as (_, axes, out):
        positions = range(len(cohorts))
        axes.bar([p - 0.2 for p in positions], [c.joined for c in cohorts], width=0.4, color="#9ecae1", label="joined")
        activated = [c.activated for c in cohorts]
        axes.bar([p + 0.2 for p in positions], activated, width=0.4, color="#b8860b", label="activated")
        axes.set_xticks(list(positions), [c.quarter for c in cohorts])
        axes.set_ylabel("partners")
        slanted_labels(axes)
        axes.legend(frameon=False)
    return out[0]
