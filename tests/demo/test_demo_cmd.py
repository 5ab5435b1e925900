"""`partnerops demo` from the command line, on the database PARTNEROPS_DATABASE_URL names."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerops.cli.main import app

pytestmark = pytest.mark.slow


def test_demo_command_imports_reports_and_writes_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", f"sqlite:///{tmp_path / 'partnerops.db'}")
    files, html = tmp_path / "files", tmp_path / "report" / "impact.html"
    arguments = ["demo", "--dir", str(files), "--seed", "11", "--opportunities", "1500", "--html", str(html)]

    first = CliRunner().invoke(app, arguments)
    second = CliRunner().invoke(app, arguments)

    assert first.exit_code == 0, first.output
    assert (files / "opportunities-salesforce.csv").exists() and html.exists()
    assert "partnerops quarantine list" in first.output
    assert second.exit_code == 0, second.output
    assert "Nothing changed" in second.output and "Nothing changed" not in first.output


def test_demo_html_defaults_to_the_data_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", f"sqlite:///{tmp_path / 'partnerops.db'}")
    result = CliRunner().invoke(app, ["demo", "--dir", str(tmp_path / "files"), "--opportunities", "500"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "files" / "impact.html").exists()
