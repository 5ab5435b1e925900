"""`partnerops conflicts list|resolve|owners`: see what a re-import and a correction made here both changed,
and decide which value stays."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import polars as pl
from sqlalchemy import Engine, select, update
from typer.testing import CliRunner

from partnerops.cli.main import app
from partnerops.store.tables import partners
from partnerops.store.upsert import upsert

runner = CliRunner()
AT = datetime(2026, 5, 1, tzinfo=UTC)


def _conflict_on_tier(engine: Engine) -> None:
    """Imported gold, corrected to platinum here, then a file says silver."""
    with engine.begin() as conn:
        for tier in ("gold", "silver"):
            rows = pl.DataFrame({"source_system": ["csv"], "external_id": ["P1"], "name": ["Cloudy"],
                                 "type": ["si"], "tier": [tier]})  # fmt: skip
            upsert(conn, partners, ("source_system", "external_id"), rows, "importer", AT)
            if tier == "gold":
                conn.execute(update(partners).values(tier="platinum"))


def test_list_shows_the_record_and_its_three_values(cli_engine: Engine) -> None:
    _conflict_on_tier(cli_engine)
    result = runner.invoke(app, ["conflicts", "list"])
    assert result.exit_code == 0, result.output
    assert "partners P1" in result.output and "gold" in result.output and "platinum" in result.output


def test_list_as_json_and_csv_carries_every_column(cli_engine: Engine) -> None:
    _conflict_on_tier(cli_engine)
    (as_json,) = json.loads(runner.invoke(app, ["conflicts", "list", "--format", "json"]).output)
    (as_csv,) = csv.DictReader(io.StringIO(runner.invoke(app, ["conflicts", "list", "--format", "csv"]).output))
    for row in (as_json, as_csv):
        assert (row["field"], row["base"], row["ours"], row["theirs"], row["status"]) == (
            "tier", "gold", "platinum", "silver", "open",
        )  # fmt: skip


def test_resolve_theirs_applies_the_files_value_then_the_open_list_is_empty(cli_engine: Engine) -> None:
    _conflict_on_tier(cli_engine)
    result = runner.invoke(app, ["conflicts", "resolve", "1", "--keep", "theirs", "--reason", "CRM is right"])
    assert result.exit_code == 0 and "'silver'" in result.output
    with cli_engine.connect() as conn:
        assert conn.execute(select(partners.c.tier)).scalar_one() == "silver"
    assert "no import conflicts match" in runner.invoke(app, ["conflicts", "list"]).output
    resolved = json.loads(runner.invoke(app, ["conflicts", "list", "--status", "resolved", "--format", "json"]).output)
    assert [(r["kept"], r["reason"]) for r in resolved] == [("theirs", "CRM is right")]


def test_resolving_twice_or_an_unknown_conflict_is_a_clear_error(cli_engine: Engine) -> None:
    _conflict_on_tier(cli_engine)
    assert runner.invoke(app, ["conflicts", "resolve", "1", "--keep", "ours"]).exit_code == 0
    again = runner.invoke(app, ["conflicts", "resolve", "1", "--keep", "theirs"])
    assert again.exit_code == 2 and "import conflict 1 is resolved" in again.output
    unknown = runner.invoke(app, ["conflicts", "resolve", "7", "--keep", "ours"])
    assert unknown.exit_code == 2 and "no import conflict 7" in unknown.output


def test_owners_lists_the_shared_fields_of_a_kind(cli_engine: Engine) -> None:
    result = runner.invoke(app, ["conflicts", "owners", "--kind", "touches"])
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if " status " in line]
    assert any("shared" in line for line in lines)
    assert runner.invoke(app, ["conflicts", "owners", "--kind", "widgets"]).exit_code == 2
