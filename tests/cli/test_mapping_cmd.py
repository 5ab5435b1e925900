"""`partnerops mapping`: import a partner's list, review a fuzzy match, read and export the overlap."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from mapping.mapping_kit import ACME_LIST, seed_world, write_csv
from partnerops.cli.main import app

runner = CliRunner()


def test_import_matches_and_a_second_import_changes_nothing(cli_engine: Engine, tmp_path: Path) -> None:
    seed_world(cli_engine)
    listed = write_csv(tmp_path / "acme.csv", [*ACME_LIST, "C9,,x.com,customer,,,"])
    first = runner.invoke(app, ["mapping", "import", str(listed), "--partner", "P1"])
    assert first.exit_code == 0, first.output
    assert "7 inserted" in first.output and "1 quarantined" in first.output and "name is blank" in first.output
    assert "3 by domain, 1 by name, 0 by alias, 1 by fuzzy, 0 by variant; 1 await review" in first.output
    again = runner.invoke(app, ["mapping", "import", str(listed), "--partner", "P1"])
    assert "0 inserted, 0 updated, 7 unchanged, 1 quarantined" in again.output


def test_unknown_partner_is_a_clear_error(cli_engine: Engine, tmp_path: Path) -> None:
    seed_world(cli_engine)
    result = runner.invoke(app, ["mapping", "import", str(write_csv(tmp_path / "a.csv", ACME_LIST)),
                                 "--partner", "NOPE"])
    assert result.exit_code == 2 and "no partner with id 'NOPE'" in result.output


def test_confirmed_fuzzy_match_turns_white_space_into_a_co_sell_target(cli_engine: Engine, tmp_path: Path) -> None:
    seed_world(cli_engine)
    runner.invoke(app, ["mapping", "import", str(write_csv(tmp_path / "a.csv", ACME_LIST)), "--partner", "P1"])
    review = runner.invoke(app, ["mapping", "review"])
    assert "Umbrela Corp" in review.output and "fuzzy" in review.output
    before = json.loads(runner.invoke(app, ["mapping", "overlap", "--partner", "P1", "--category", "co_sell_targets",
                                            "--format", "json"]).output)
    assert [r["their_name"] for r in before] == ["Initech"]
    match_id = re.search(r"(\d+)\s+│\s+Acme Cloud\s+│\s+Umbrela Corp", review.output)
    assert match_id, review.output
    confirmed = runner.invoke(app, ["mapping", "confirm", match_id.group(1)])
    assert "confirmed" in confirmed.output
    runner.invoke(app, ["mapping", "match", "--partner", "P1"])
    after = json.loads(runner.invoke(app, ["mapping", "overlap", "--partner", "P1", "--category", "co_sell_targets",
                                           "--format", "json"]).output)
    assert sorted(r["their_name"] for r in after) == ["Initech", "Umbrela Corp"]


def test_overlap_exports_csv_filtered_by_region(cli_engine: Engine, tmp_path: Path) -> None:
    seed_world(cli_engine)
    runner.invoke(app, ["mapping", "import", str(write_csv(tmp_path / "a.csv", ACME_LIST)), "--partner", "P1"])
    result = runner.invoke(app, ["mapping", "overlap", "--partner", "P1", "--region", "amer", "--format", "csv"])
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("category,their_account_id,their_name")
    assert {line.split(",")[2] for line in lines[1:]} == {"Umbrela Corp", "Vandelay Industries", "Jane Doe Bakery",
                                                          "Stark Industries Inc."}


def test_sharing_level_is_set_and_reported(cli_engine: Engine) -> None:
    seed_world(cli_engine)
    result = runner.invoke(app, ["mapping", "sharing", "P1", "counts"])
    assert result.exit_code == 0 and "sharing hidden -> counts" in result.output
    bad = runner.invoke(app, ["mapping", "sharing", "P1", "everything"])
    assert bad.exit_code != 0
