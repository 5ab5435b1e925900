"""`partnerops mapping import` with --map/--mapping and a bad optional value, and `partnerops mapping accounts`:
which partners share each of our accounts, as a table, CSV or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from mapping.mapping_kit import ACME_LIST, seed_world, write_csv
from partnerops.cli.main import app

runner = CliRunner()
BOLT_HEADER = "Account ID,Company,Website,Relationship"
BOLT_LIST = ["B1,Globex,globex.com,prospect", "B2,Initech GmbH,initech.de,customer", "B3,Hooli,not a domain,customer"]


def _both_lists(tmp_path: Path) -> None:
    acme = runner.invoke(app, ["mapping", "import", str(write_csv(tmp_path / "a.csv", ACME_LIST)), "--partner", "P1"])
    assert acme.exit_code == 0, acme.output
    mapping = tmp_path / "bolt.yaml"
    mapping.write_text("columns:\n  id: Account ID\n  name: Company\n  domain: Website\n", encoding="utf-8")
    bolt = runner.invoke(app, ["mapping", "import", str(write_csv(tmp_path / "b.csv", BOLT_LIST, BOLT_HEADER)),
                               "--partner", "P2", "--mapping", str(mapping), "--map", "status=Relationship"])
    assert bolt.exit_code == 0, bolt.output


def test_mapping_import_reads_renamed_columns_and_keeps_a_row_with_an_unreadable_domain(
        cli_engine: Engine, tmp_path: Path) -> None:
    seed_world(cli_engine)
    _both_lists(tmp_path)
    listed = runner.invoke(app, ["mapping", "overlap", "--partner", "P2", "--format", "json"])
    rows = {r["their_name"]: r for r in json.loads(listed.output)}
    assert rows["Hooli"]["their_domain"] is None and rows["Hooli"]["category"] == "co_sell_targets"
    warned = runner.invoke(app, ["quarantine", "list"])
    assert "not a domain" in warned.output


def test_accounts_lists_every_partner_that_has_each_of_our_accounts(cli_engine: Engine, tmp_path: Path) -> None:
    seed_world(cli_engine)
    _both_lists(tmp_path)
    result = runner.invoke(app, ["mapping", "accounts", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["our_name"]: r for r in json.loads(result.output)}
    assert rows["Globex Corporation"] | {"our_account_id": 0} == {
        "our_account_id": 0, "our_name": "Globex Corporation", "our_status": "customer", "segment": "enterprise",
        "region": "EMEA", "partner_count": 2, "customer_of": ["Acme Cloud"], "prospect_of": ["Bolt SI"]}
    assert rows["Initech GmbH"]["customer_of"] == ["Acme Cloud", "Bolt SI"]
    assert list(rows)[:2] == ["Globex Corporation", "Initech GmbH"]  # most partners first


def test_accounts_filters_by_partner_and_count_and_exports_csv(cli_engine: Engine, tmp_path: Path) -> None:
    seed_world(cli_engine)
    _both_lists(tmp_path)
    shared = runner.invoke(app, ["mapping", "accounts", "--min-partners", "2", "--format", "csv"])
    lines = shared.output.strip().splitlines()
    assert lines[0] == "our_account_id,our_name,our_status,segment,region,partner_count,customer_of,prospect_of"
    assert [line.split(",")[1] for line in lines[1:]] == ["Globex Corporation", "Initech GmbH"]
    assert "Acme Cloud; Bolt SI" in shared.output
    bolts = runner.invoke(app, ["mapping", "accounts", "--partner", "P2", "--format", "json"])
    assert sorted(r["our_name"] for r in json.loads(bolts.output)) == ["Globex Corporation", "Hooli", "Initech GmbH"]
