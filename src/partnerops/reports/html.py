"""The impact report as one self-contained HTML file: inline CSS and SVG charts, nothing fetched."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from partnerops.analytics.impact_dimensions import Dimension
from partnerops.analytics.impact_model import ImpactReport
from partnerops.reports import charts
from partnerops.reports.formatting import (
    DIMENSION_TITLES,
    SMALL_SAMPLE_NOTE,
    TERMINAL_DIMENSIONS,
)
from partnerops.reports.templating import environment

__all__ = ["render_impact_html", "write_impact_html"]


def render_impact_html(report: ImpactReport, dimensions: tuple[Dimension, ...] = TERMINAL_DIMENSIONS) -> str:
    """The report page as text, with the breakdowns of closed deals by `dimensions`."""
    template = environment.get_template("impact.html.j2")
    return template.render(
        report=report,
        dimensions={dimension: DIMENSION_TITLES[dimension] for dimension in dimensions},
        within_group=("segment", "region", "owner", "owner_team", "product", "deal_type"),
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


def write_impact_html(
    report: ImpactReport, path: Path | str, dimensions: tuple[Dimension, ...] = TERMINAL_DIMENSIONS
) -> Path:
    """Write the report page to `path` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(render_impact_html(report, dimensions), encoding="utf-8")
    return target
