"""The `trackers` commands end to end on a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from partnerops.cli import trackers_cmd

runner = CliRunner()


@pytest.fixture
def database(cli_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("PARTNEROPS_OUR_DOMAINS", "ourco.com")
    return cli_engine


def test_trackers_add_edit_and_show_versions(database: Engine) -> None:
    added = runner.invoke(trackers_cmd.app, ["add", "Snowflake", "--alias", "Snowflake", "--kind", "integration"])
    edited = runner.invoke(trackers_cmd.app, ["edit", "Snowflake", "--exclude", "snowflake storm"])
    shown = runner.invoke(trackers_cmd.app, ["show", "Snowflake"])
    assert (added.stdout.strip(), edited.stdout.strip()) == ("Snowflake: version 1", "Snowflake: version 2")
    assert "v2 by cli" in shown.stdout and "snowflake storm" in shown.stdout


def test_show_of_an_unknown_tracker_is_a_clear_error(database: Engine) -> None:
    result = runner.invoke(trackers_cmd.app, ["show", "Nope"])
    assert result.exit_code == 2 and "no tracker named 'Nope'" in result.stderr


def test_a_scan_reports_quarantined_files_and_parts_and_a_retry_lands_the_fixed_file(
        database: Engine, tmp_path: Path) -> None:
    from partnerops.cli import quarantine_cmd, signals_cmd

    runner.invoke(trackers_cmd.app, ["add", "Lido", "--alias", "Lido"])
    (tmp_path / "broken.json").write_text('{"callTranscripts":["x"]}')
    (tmp_path / "call.json").write_text("{nope")
    (tmp_path / "notes.txt").write_text("Next steps with Lido: pricing on Friday\n")
    scanned = runner.invoke(signals_cmd.app, ["scan", str(tmp_path)])
    assert scanned.exit_code == 0, scanned.output
    assert "1 new signals" in scanned.stdout and "1 files and 1 parts of files quarantined" in scanned.stdout
    assert "callTranscripts[0]: a call transcript must be an object" in scanned.stdout
    (tmp_path / "call.json").write_text('{"utterances": [{"speaker": "Jo", "text": "Lido again"}]}')
    listed = runner.invoke(quarantine_cmd.app, ["list", "--kind", "conversation", "--format", "json"])
    entry = next(e for e in json.loads(listed.stdout) if e["file"].endswith("call.json"))
    retried = runner.invoke(quarantine_cmd.app, ["retry", str(entry["id"])])
    assert retried.exit_code == 0 and f"entry {entry['id']}: imported" in retried.stdout
    shown = runner.invoke(signals_cmd.app, ["list"])
    assert "Lido again" in shown.stdout
