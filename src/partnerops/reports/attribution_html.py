"""Fractional credit as one self-contained HTML page: inline CSS and SVG charts, nothing fetched."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from partnerops.attribution.credit import CreditSummary
from partnerops.reports.attribution_charts import credit_chart, models_chart
from partnerops.reports.attribution_tables import MODEL_TITLES
from partnerops.reports.templating import environment

__all__ = ["render_credit_html", "write_credit_html"]


def render_credit_html(summary: CreditSummary) -> str:
    charts = {"credit": Markup(credit_chart(summary))}
    if len(summary.models) > 1:
        charts["models"] = Markup(models_chart(summary))
    return environment.get_template("attribution.html.j2").render(summary=summary, titles=MODEL_TITLES, charts=charts)


def write_credit_html(summary: CreditSummary, path: Path | str) -> Path:
    target = Path(path)
    target.write_text(render_credit_html(summary), encoding="utf-8")
    return target
