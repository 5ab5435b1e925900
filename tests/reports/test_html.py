"""The HTML page: the figures, eight inline SVG charts, and nothing fetched from the network."""

from __future__ import annotations

import re
from pathlib import Path

from partnerops.analytics.impact import ImpactReport
from partnerops.reports.html import write_impact_html


def test_page_holds_the_figures_and_the_run(report: ImpactReport, tmp_path: Path) -> None:
    page = write_impact_html(report, tmp_path / "impact.html").read_text(encoding="utf-8")
    assert "80.0% (95% CI" in page  # partner-attached: 4 won of 5
    assert "25.0% (95% CI" in page  # direct: 1 won of 4
    assert "3.20× (95% CI" in page  # uplift
    assert "1,337.58 USD" in page  # 1234.56 EUR at 1.08345
    assert "not yet proven" in page and ">proven<" in page
    assert f"policy <b>{report.run.policy_version}</b> (digest {report.run.policy_digest})" in page
    assert "Bolt &lt;SI&gt;" in page  # names are escaped


def test_page_draws_eight_svg_charts_inline_and_fetches_nothing(report: ImpactReport, tmp_path: Path) -> None:
    page = write_impact_html(report, tmp_path / "impact.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 8
    assert "<script" not in page
    assert not re.search(r"<link\b", page)
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", page)
    assert not re.search(r"url\(\s*['\"]?https?://|@import", page)
    assert "<!DOCTYPE svg" not in page


def test_page_shows_adjusted_uplift_attachment_and_activation(report: ImpactReport, tmp_path: Path) -> None:
    page = write_impact_html(report, tmp_path / "impact.html").read_text(encoding="utf-8")
    assert "Uplift, raw and adjusted for deal size, segment, region and period" in page
    assert "delta method" in page and "Greenland–Robins" in page
    assert "Attachment model: win rate by partners per deal" in page and "&lt;25k" in page
    assert "Partner cohorts by join quarter" in page and "2024-Q4" in page  # Acme joined 2024-11-01
    assert "Incremental won revenue" in page
