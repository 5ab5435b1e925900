"""The impact report as one self-contained HTML file: inline CSS and SVG charts, nothing fetched."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from partnerops.analytics.impact_model import ImpactReport
from partnerops.reports import charts
from partnerops.reports.formatting import DIMENSION_TITLES, SMALL_SAMPLE_NOTE, days, money, percent, ratio, tier_label

__all__ = ["render_impact_html", "write_impact_html"]

_environment = Environment(
    loader=PackageLoader("partnerops.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters.update(percent=percent, ratio=ratio, money=money, days=days, tier=tier_label)


def render_impact_html(report: ImpactReport) -> str:
    """The report page as text."""
    template = _environment.get_template("impact.html.j2")
    return template.render(
        report=report,
        dimensions=DIMENSION_TITLES,
        small_sample_note=SMALL_SAMPLE_NOTE,
        charts={
            "win_rate": Markup(charts.win_rate_chart(report)),
            "mix": Markup(charts.mix_chart(report)),
            "pipeline": Markup(charts.pipeline_chart(report)),
            "deal_size": Markup(charts.deal_size_chart(report)),
        },
    )


def write_impact_html(report: ImpactReport, path: Path | str) -> Path:
    """Write the report page to `path` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(render_impact_html(report), encoding="utf-8")
    return target
