"""Fractional credit charts as inline SVG: credit by partner, and the models side by side."""

from __future__ import annotations

from partnerops.attribution.credit import CreditSummary
from partnerops.reports.attribution_tables import MODEL_TITLES
from partnerops.reports.svg import amount_axis, slanted_labels, svg_figure

_MODEL_COLOURS = ("#4d7ea8", "#9ecae1", "#b8860b", "#8a9bb0", "#b0703c", "#2f855a", "#805ad5")


def credit_chart(summary: CreditSummary) -> str:
    """Credit per group under the first model, largest first."""
    model = summary.models[0]
    with svg_figure(height=max(2.4, 0.3 * len(summary.rows) + 1)) as (_, axes, out):
        # Floats only to draw bar lengths; every printed figure stays Decimal.
        axes.barh(
            [r.group for r in summary.rows],
            [float(r.credits[model].amount) for r in summary.rows],
            color=_MODEL_COLOURS[0],
        )
        axes.invert_yaxis()
        axes.set_xlabel(f"{MODEL_TITLES[model.value]} credit ({summary.currency})")
        amount_axis(axes.xaxis)
    return out[0]


def models_chart(summary: CreditSummary) -> str:
    """Each group's credit under every model, grouped bars."""
    width = 0.8 / len(summary.models)
    with svg_figure() as (_, axes, out):
        positions = range(len(summary.rows))
        for index, model in enumerate(summary.models):
            xs = [p - 0.4 + width * (index + 0.5) for p in positions]
            heights = [float(r.credits[model].amount) for r in summary.rows]
            colour = _MODEL_COLOURS[index % len(_MODEL_COLOURS)]
            axes.bar(xs, heights, width=width, color=colour, label=MODEL_TITLES[model.value])
        axes.set_xticks(list(positions), [r.group for r in summary.rows])
        slanted_labels(axes)
        axes.set_ylabel(f"credit ({summary.currency})")
        amount_axis(axes.yaxis)
        axes.legend(frameon=False, fontsize=7)
    return out[0]
