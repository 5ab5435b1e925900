"""The impact report as one self-contained HTML file: inline CSS and SVG charts, nothing fetched."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from partnerops.analytics.impact_model import ImpactReport
from partnerops.reports import charts
from partnerops.reports.formatting import (
    DIMENSION_TITLES,
    SMALL_SAMPLE_NOTE,
)
from partnerops.reports.templating import environment

__all__ = ["render_impact_html", "write_impact_html"]


def render_impact_html(report: ImpactReport) -> str:
    """The report page as text."""
    template = environment.get_template("impact.html.j2")
    return template.render(
        report=report,
        dimensions=DIMENSION_TITLES,
        small_sample_note=SMALL_SAMPLE_NOTE,
        charts={
            "win_rate": Markup(charts.win_rate_chart(report)),
            "mix": Markup(charts.mix_chart(report)),
            "pipeline": Markup(charts.pipeline_chart(report)),
            "deal_size": Markup(charts.deal_size_chart(report)),
            "uplift": Markup(charts.uplift_chart(report)),
            "attachment": Markup(charts.attachment_chart(report)),
            "attach_rate": Markup(charts.attach_rate_chart(report)),
            "cohorts": Markup(charts.cohort_chart(report)),
        },
    )


def write_impact_html(report: ImpactReport, path: Path | str) -> Path:
    """Write the report page to `path` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(render_impact_html(report), encoding="utf-8")
    return target
