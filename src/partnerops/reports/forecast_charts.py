"""The forecast's charts as inline SVG: expected amounts with intervals, backtest against actual, calibration."""

from __future__ import annotations

from partnerops.analytics.forecast_model import Backtest, CalibrationRow, Forecast, ForecastFigure
from partnerops.reports.formatting import TIER_LABELS
from partnerops.reports.svg import TIER_COLOURS, amount_axis, slanted_labels, svg_figure

# Floats here only place marks on a chart; every printed figure stays Decimal.


def expected_chart(forecast: Forecast) -> str:
    """Expected won amount per quarter, one bar per tier, with 95% interval bars."""
    quarters = [q.label for q in forecast.quarters]
    tiers = [t for t in TIER_COLOURS if any(f.key == t for f in forecast.figures_by("tier"))]
    width = 0.8 / max(len(tiers), 1)
    with svg_figure() as (_, axes, out):
        for index, tier in enumerate(tiers):
            figures = [_figure_of(forecast, quarter, tier) for quarter in quarters]
            xs = [q + (index - (len(tiers) - 1) / 2) * width for q in range(len(quarters))]
            values = [float(f.expected.amount) if f else 0.0 for f in figures]
            axes.bar(xs, values, width=width, color=TIER_COLOURS[tier], label=TIER_LABELS[tier])
            axes.errorbar(xs, values, yerr=_errors(figures), fmt="none", ecolor="black", capsize=2)
        axes.set_xticks(range(len(quarters)), quarters)
        axes.set_ylabel(f"expected won ({forecast.currency})")
        amount_axis(axes.yaxis)
        axes.legend(frameon=False, ncols=4)
    return out[0]


def _figure_of(forecast: Forecast, quarter: str, tier: str) -> ForecastFigure | None:
    return next((f for f in forecast.figures_by("tier") if f.quarter == quarter and f.key == tier), None)


def _errors(figures: list[ForecastFigure | None]) -> list[list[float]]:
    below = [max(0.0, float(f.expected.amount - f.low.amount)) if f else 0.0 for f in figures]
    above = [max(0.0, float(f.high.amount - f.expected.amount)) if f else 0.0 for f in figures]
    return [below, above]


def backtest_chart(backtest: Backtest) -> str:
    """Per backtest quarter: expected won amount with its 95% interval, and the amount actually won."""
    labels = [q.quarter.label for q in backtest.quarters]
    with svg_figure(height=2.8) as (_, axes, out):
        expected = [float(q.expected.amount) for q in backtest.quarters]
        below = [max(0.0, float(q.expected.amount - q.low.amount)) for q in backtest.quarters]
        above = [max(0.0, float(q.high.amount - q.expected.amount)) for q in backtest.quarters]
        axes.errorbar(labels, expected, yerr=[below, above], fmt="o", color="#4d7ea8", capsize=4, label="forecast")
        axes.scatter(labels, [float(q.actual.amount) for q in backtest.quarters], marker="D", color="#b44d12",
                     label="actual", zorder=3)  # fmt: skip
        axes.set_ylabel(f"won ({backtest.currency})")
        amount_axis(axes.yaxis)
        slanted_labels(axes)
        axes.legend(frameon=False)
    return out[0]


def calibration_chart(rows: tuple[CalibrationRow, ...]) -> str:
    """Observed win share (95% Wilson interval) against mean predicted probability; the diagonal is perfect."""
    shown = [r for r in rows if r.observed.value is not None]
    with svg_figure(width=4.2, height=3.6) as (_, axes, out):
        axes.plot([0, 1], [0, 1], color="#9aa5b1", linestyle="--", linewidth=1, label="perfect calibration")
        observed = [r.observed.value or 0.0 for r in shown]
        below = [max(0.0, o - (r.observed.low or o)) for o, r in zip(observed, shown, strict=True)]
        above = [max(0.0, (r.observed.high or o) - o) for o, r in zip(observed, shown, strict=True)]
        axes.errorbar([r.mean_predicted for r in shown], observed, yerr=[below, above], fmt="o", color="#4d7ea8",
                      capsize=3, label="backtest deals")  # fmt: skip
        axes.set_xlim(0, 1)
        axes.set_ylim(0, 1)
        axes.set_xlabel("predicted win probability")
        axes.set_ylabel("observed win share")
        axes.legend(frameon=False, loc="upper left")
    return out[0]
