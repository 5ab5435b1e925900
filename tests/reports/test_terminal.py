"""The terminal rendering shows the headline comparison, the run, the three-wins status and the method."""

from __future__ import annotations

from rich.console import Console

from partnerops.analytics.impact import ImpactReport
from partnerops.reports.terminal import print_impact


def test_terminal_report_reads_like_the_figures(report: ImpactReport) -> None:
    console = Console(record=True, width=220)
    print_impact(report, console)
    text = console.export_text()
    assert f"policy {report.run.policy_version} (digest {report.run.policy_digest})" in text
    assert "80.0%" in text and "Overall uplift: 3.20× (95% CI" in text
    assert "not yet proven" in text
    assert "only 5 closed deals" in text  # the overall small-sample caution
    assert "log-adjusted" in text


def test_terminal_report_shows_adjusted_uplift_attachment_and_activation(report: ImpactReport) -> None:
    console = Console(record=True, width=250)
    print_impact(report, console)
    text = console.export_text()
    assert "adjusted: regression, standardised" in text and "adjusted: matched strata (Mantel–Haenszel)" in text
    assert "Incremental won revenue:" in text and "delta method" in text
    assert "Attachment model" in text and "Suggested count: Per band, the best count" in text
    assert "Time to first deal over 1 partners with a win" in text
    assert "Partner cohorts by join quarter" in text
