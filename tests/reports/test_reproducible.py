"""`partnerops report impact` run twice on an unchanged database prints the same report, digit for digit: the
intervals of the adjusted uplift depend on no order a database, a thread pool or a clock happens to give."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from analytics.planted_program import TODAY, plant, store
from partnerops.attribution.service import run_attribution
from partnerops.cli.main import app


def test_report_impact_twice_prints_identical_intervals(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    store(engine, *plant(seed=7, count=1_500))
    run_attribution(engine)
    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("PARTNEROPS_REPORTING_CURRENCY", "USD")
    runner = CliRunner()
    for output_format in ("json", "table"):
        args = ["report", "impact", "--as-of", TODAY.isoformat(), "--format", output_format]
        first, second, third = (runner.invoke(app, args, terminal_width=200) for _ in range(3))
        assert first.exit_code == 0, first.output
        assert "mantel_haenszel" in first.output or "Mantel" in first.output
        assert second.output == first.output
        assert third.output == first.output
