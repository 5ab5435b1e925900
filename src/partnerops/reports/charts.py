"""The impact report's charts as inline SVG, drawn server-side with matplotlib (glyphs as paths, no fonts)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import EngFormatter  # noqa: E402

from partnerops.analytics.impact_model import Comparison, ImpactReport  # noqa: E402
from partnerops.analytics.stats import Interval  # noqa: E402
from partnerops.reports.formatting import TIER_LABELS  # noqa: E402

TIER_COLOURS = {"sourced": "#b8860b", "co_sell": "#8a9bb0", "influence": "#b0703c", "direct": "#5b6770"}
_STYLE: dict[Any, Any] = {"svg.fonttype": "path", "svg.hashsalt": "partnerops", "font.size": 9}


@contextmanager
def _figure(width: float = 6.4, height: float = 3.2) -> Iterator[tuple[Figure, Axes, list[str]]]:
    """A figure whose SVG text lands in the yielded list once the block ends."""
    out: list[str] = []
    with plt.rc_context(_STYLE):
        figure, axes = plt.subplots(figsize=(width, height))
        try:
            yield figure, axes, out
            axes.spines[["top", "right"]].set_visible(False)
            figure.tight_layout()
            buffer = io.StringIO()
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
            out.append(_svg_element(buffer.getvalue()))
        finally:
            plt.close(figure)


def _amount_axis(axis: Any) -> None:
    """Amount ticks as 250k / 1.5M rather than a 1e7 offset."""
    axis.set_major_formatter(EngFormatter(places=1, sep=""))


def _slanted_labels(axes: Axes) -> None:
    axes.tick_params(axis="x", labelrotation=35)
    for label in axes.get_xticklabels():
        label.set_horizontalalignment("right")


def _svg_element(document: str) -> str:
    """Just the <svg> element: no XML declaration, no DOCTYPE pointing at a remote DTD."""
    return document[document.index("<svg") :]


def win_rate_chart(report: ImpactReport) -> str:
    """Win rate of partner-attached and direct deals, overall and per period, with 95% interval bars."""
    rows = [report.overall, *report.by_period]
    with _figure() as (_, axes, out):
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
        _slanted_labels(axes)
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
    with _figure() as (_, axes, out):
        bottoms = [0.0] * len(periods)
        for tier, colour in TIER_COLOURS.items():
            # Floats only to draw bar heights; every figure printed in the report stays Decimal.
            heights = [float(_mix_amount(report, period, tier)) for period in periods]
            axes.bar(periods, heights, bottom=bottoms, color=colour, label=TIER_LABELS[tier])
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        axes.set_ylabel(f"won amount ({report.currency})")
        _amount_axis(axes.yaxis)
        _slanted_labels(axes)
        axes.legend(frameon=False, ncols=4)
    return out[0]


def _mix_amount(report: ImpactReport, period: str, tier: str) -> Decimal:
    return next((m.amount.amount for m in report.mix if m.period == period and m.tier == tier), Decimal(0))


def pipeline_chart(report: ImpactReport) -> str:
    """Open pipeline amount per tier."""
    with _figure(height=2.6) as (_, axes, out):
        for tier, colour in TIER_COLOURS.items():
            total = sum(float(p.amount.amount) for p in report.pipeline if p.tier == tier)
            axes.barh(TIER_LABELS[tier], total, color=colour)
        axes.invert_yaxis()
        axes.set_xlabel(f"open pipeline ({report.currency})")
        _amount_axis(axes.xaxis)
    return out[0]


def deal_size_chart(report: ImpactReport) -> str:
    """Mean and median won deal size per tier."""
    segments = report.segments_by("tier")
    with _figure(height=2.8) as (_, axes, out):
        positions = range(len(segments))
        means = [float(s.mean_deal_size.amount) if s.mean_deal_size else 0.0 for s in segments]
        medians = [float(s.median_deal_size.amount) if s.median_deal_size else 0.0 for s in segments]
        axes.bar([p - 0.2 for p in positions], means, width=0.4, color="#4d7ea8", label="mean")
        axes.bar([p + 0.2 for p in positions], medians, width=0.4, color="#9ecae1", label="median")
        axes.set_xticks(list(positions), [s.label for s in segments])
        axes.set_ylabel(f"won deal size ({report.currency})")
        _amount_axis(axes.yaxis)
        axes.legend(frameon=False)
    return out[0]
