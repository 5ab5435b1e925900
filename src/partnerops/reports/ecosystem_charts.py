"""The ecosystem report's charts as inline SVG: retention by group with intervals, ARR movements per month, and
the return on partner investment per partner."""

from __future__ import annotations

from decimal import Decimal

from partnerops.ecosystem.model import EcosystemReport, Estimate, GroupFigures
from partnerops.reports.svg import amount_axis, slanted_labels, svg_figure

# Floats here only place marks on a chart; every printed figure stays Decimal.
_NRR, _GRR = "#4d7ea8", "#9aa5b1"
_MOVES = {"new": "#2f7d4f", "expansion": "#7fbf8e", "contraction": "#e8a317", "churn": "#b44d12"}


def retention_chart(groups: tuple[GroupFigures, ...]) -> str:
    """NRR and GRR per group (source, then tier) with their 95% intervals; the line marks 100%."""
    labels = [g.label if g.dimension == "source" else f"{g.label} (tier)" for g in groups]
    with svg_figure() as (_, axes, out):
        for offset, name, colour in ((-0.2, "nrr", _NRR), (0.2, "grr", _GRR)):
            estimates = [getattr(g, name) for g in groups]
            xs = [index + offset for index in range(len(groups))]
            values = [_float(e.value) for e in estimates]
            axes.bar(xs, values, width=0.4, color=colour, label=name.upper())
            axes.errorbar(xs, values, yerr=_errors(estimates), fmt="none", ecolor="black", capsize=2)
        axes.axhline(1.0, color="#52606d", linewidth=0.8, linestyle="--")
        axes.set_xticks(range(len(groups)), labels)
        axes.set_ylabel("retention (1 = 100%)")
        slanted_labels(axes)
        axes.legend(frameon=False, ncols=2)
    return out[0]


def movements_chart(report: EcosystemReport) -> str:
    """Per month: new and expansion ARR up, contraction and churn down."""
    months = [m.ends_on.isoformat()[:7] for m in report.movements]
    with svg_figure() as (_, axes, out):
        up, down = [0.0] * len(months), [0.0] * len(months)
        for name, colour in _MOVES.items():
            sign = 1 if name in ("new", "expansion") else -1
            values = [sign * float(getattr(m, name).amount) for m in report.movements]
            base = up if sign > 0 else down
            axes.bar(months, values, bottom=list(base), color=colour, label=name)
            for index, value in enumerate(values):
                base[index] += value
        axes.axhline(0, color="#52606d", linewidth=0.8)
        axes.set_ylabel(f"ARR moved ({report.currency})")
        amount_axis(axes.yaxis)
        slanted_labels(axes)
        axes.legend(frameon=False, ncols=4)
    return out[0]


def ropi_chart(groups: tuple[GroupFigures, ...]) -> str:
    """Attributed revenue × margin per unit of program cost, per partner; the line marks break-even."""
    shown = [g for g in groups if g.ropi is not None]
    with svg_figure(height=max(2.0, 0.35 * len(shown) + 1)) as (_, axes, out):
        axes.barh([g.label for g in shown], [float(g.ropi or 0) for g in shown], color=_NRR)
        axes.axvline(1.0, color="#52606d", linewidth=0.8, linestyle="--")
        axes.set_xlabel("ROPI (margin per unit of program cost)")
        axes.invert_yaxis()
    return out[0]


def _float(value: Decimal | None) -> float:
    return 0.0 if value is None else float(value)


def _errors(estimates: list[Estimate]) -> list[list[float]]:
    below = [max(0.0, _float(e.value) - _float(e.low)) if e.low is not None else 0.0 for e in estimates]
    above = [max(0.0, _float(e.high) - _float(e.value)) if e.high is not None else 0.0 for e in estimates]
    return [below, above]
