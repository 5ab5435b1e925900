"""The ecosystem report as one self-contained HTML file: inline CSS and SVG charts, nothing fetched."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from partnerops.ecosystem.model import EcosystemReport
from partnerops.reports import ecosystem_charts, ecosystem_text
from partnerops.reports.templating import environment

__all__ = ["render_ecosystem_html", "write_ecosystem_html"]


def render_ecosystem_html(report: EcosystemReport) -> str:
    """The ecosystem page as text, each figure's formula and inputs under its group."""
    retained = report.groups_by("source") + report.groups_by("tier")
    return environment.get_template("ecosystem.html.j2").render(
        report=report,
        text=ecosystem_text,
        dimensions=ecosystem_text.DIMENSION_TITLES,
        invested=[g for d in ecosystem_text.INVESTED for g in report.groups_by(d)],
        charts={
            "retention": Markup(ecosystem_charts.retention_chart(retained)),
            "movements": Markup(ecosystem_charts.movements_chart(report)),
            "ropi": Markup(ecosystem_charts.ropi_chart(report.groups_by("partner"))),
        },
    )


def write_ecosystem_html(report: EcosystemReport, path: Path | str) -> Path:
    """Write the ecosystem page to `path` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(render_ecosystem_html(report), encoding="utf-8")
    return target
