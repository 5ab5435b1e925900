"""The `trackers` commands end to end on a SQLite file."""

from __future__ import annotations

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
