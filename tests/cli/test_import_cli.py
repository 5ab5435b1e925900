"""`partnerops import` as a user runs it, on a SQLite file named by PARTNEROPS_DATABASE_URL."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerops.cli.main import app

runner = CliRunner()


def said(output: str) -> str:
    """The output with the terminal's line wrapping undone."""
    return " ".join(output.split())
ACCOUNTS = "id,name,country\nA1,Acme,DE\nA2,Beta,US\nA3,,US\n"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.db"
    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("PARTNEROPS_ACTOR", "ops@example.com")
    return path


def test_import_prints_counts_and_the_first_problems(database: Path, tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text(ACCOUNTS)
    result = runner.invoke(app, ["import", "accounts", str(path)])
    assert result.exit_code == 0, result.output
    assert ("read 3 rows: 2 inserted, 0 updated, 0 unchanged, 1 quarantined, 0 deleted, 0 warnings"
            in said(result.output))
    assert "row 4: name: name is blank" in said(result.output)
    again = runner.invoke(app, ["import", "accounts", str(path)])
    assert "0 inserted, 0 updated, 2 unchanged, 1 quarantined" in said(again.output)


def test_missing_column_is_one_line_and_exit_2(database: Path, tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text("id,title\nA1,Acme\n")
    result = runner.invoke(app, ["import", "accounts", str(path)])
    assert result.exit_code == 2
    assert "accounts.csv: missing required column(s) for accounts: 'name'" in said(result.output)
    assert "Traceback" not in said(result.output)


def test_map_flag_reads_renamed_headers(database: Path, tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text("Account,Company\nA1,Acme\n")
    result = runner.invoke(app, ["import", "accounts", str(path), "--map", "id=Account", "--map", "name=Company"])
    assert result.exit_code == 0 and "1 inserted" in said(result.output)


def test_mapping_file_supplies_columns_and_stages(database: Path, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id,name\nA1,Acme\n")
    runner.invoke(app, ["import", "accounts", str(tmp_path / "a.csv")])
    (tmp_path / "map.yaml").write_text("columns:\n  amount: Deal Value\nstages:\n  Signed: won\n")
    (tmp_path / "d.csv").write_text("id,account_id,name,Deal Value,stage,created_on\nO1,A1,x,10,Signed,2026-01-01\n")
    result = runner.invoke(app, ["import", "opportunities", str(tmp_path / "d.csv"), "--mapping",
                                 str(tmp_path / "map.yaml"), "--currency", "usd"])
    assert result.exit_code == 0, result.output
    assert "1 inserted" in said(result.output)


def test_empty_file_exits_2_and_header_only_file_exits_1(database: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("")
    (tmp_path / "header.csv").write_text("id,name\n")
    assert runner.invoke(app, ["import", "accounts", str(tmp_path / "empty.csv")]).exit_code == 2
    header_only = runner.invoke(app, ["import", "accounts", str(tmp_path / "header.csv")])
    assert header_only.exit_code == 1 and "no rows to import" in said(header_only.output)


def test_every_row_quarantined_exits_1_and_says_so(database: Path, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id,name\nA1,\nA2,\n")
    result = runner.invoke(app, ["import", "accounts", str(tmp_path / "a.csv")])
    assert result.exit_code == 1
    assert "a.csv: every one of its 2 rows was quarantined, nothing was imported" in said(result.output)


def test_help_explains_the_default_touch_status(database: Path) -> None:
    result = runner.invoke(app, ["import", "--help"], env={"COLUMNS": "200"})
    assert "sales already logged" in said(result.output)


def test_import_loads_enablement_completions_that_enablement_show_then_lists(database: Path, tmp_path: Path) -> None:
    (tmp_path / "partners.csv").write_text("id,name,type\nP1,Acme Cloud,reseller\n")
    (tmp_path / "completions.csv").write_text("id,partner_id,course,kind,person,completed_on,expires_on\n"
                                              "C1,P1,Admin basics,course,Ann,2026-01-10,\n"
                                              "C2,P1,Admin basics,webinar,Ben,2026-01-10,\n")  # fmt: skip
    assert runner.invoke(app, ["import", "partners", str(tmp_path / "partners.csv")]).exit_code == 0
    result = runner.invoke(app, ["import", "enablement", str(tmp_path / "completions.csv")])
    again = runner.invoke(app, ["import", "enablement", str(tmp_path / "completions.csv")])
    shown = runner.invoke(app, ["enablement", "show", "P1"])
    assert result.exit_code == 0, result.output
    assert ("(enablement, encoding utf-8, delimiter ','): read 2 rows: 1 inserted, 0 updated, 0 unchanged, "
            "1 quarantined") in said(result.output)
    assert "row 3: kind" in said(result.output) and "expected one of: course, certification" in said(result.output)
    assert "0 inserted, 0 updated, 1 unchanged, 1 quarantined" in said(again.output)
    assert "2026-01-10 course: Admin basics — Ann" in said(shown.output) and "Ben" not in shown.output


def test_import_quarantines_a_psat_score_off_the_scale(database: Path, tmp_path: Path) -> None:
    (tmp_path / "partners.csv").write_text("id,name,type\nP1,Acme Cloud,reseller\n")
    (tmp_path / "psat.csv").write_text("id,partner_id,responded_on,score,comment\n"
                                       "S1,P1,2026-03-01,9,quick answers\n"
                                       "S2,P1,2026-03-02,11,off the scale\n")  # fmt: skip
    runner.invoke(app, ["import", "partners", str(tmp_path / "partners.csv")])
    result = runner.invoke(app, ["import", "psat", str(tmp_path / "psat.csv")])
    assert result.exit_code == 0, result.output
    assert "read 2 rows: 1 inserted, 0 updated, 0 unchanged, 1 quarantined" in said(result.output)
    assert "row 3: score" in said(result.output) and "'11'" in said(result.output)


DEALS = ("id,account_id,name,amount,currency,stage,created_on\n"
         "O1,A1,First,100,USD,Open,2026-01-05\nO2,A2,Second,200,USD,Open,2026-01-06\n")


def stored(database: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as conn:
        return conn.execute(query).fetchall()


def test_dry_run_prints_each_change_and_writes_nothing(database: Path, tmp_path: Path) -> None:
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    runner.invoke(app, ["import", "accounts", str(tmp_path / "accounts.csv")])
    (tmp_path / "changed.csv").write_text("id,name,country\nA1,Acme GmbH,DE\nA2,Beta,FR\nA4,Delta,US\nA5,,US\n")
    before = stored(database, "select * from accounts order by id")
    result = runner.invoke(app, ["import", "accounts", str(tmp_path / "changed.csv"), "--dry-run"])
    assert result.exit_code == 0, result.output
    text = said(result.output)
    assert "dry run, nothing imported:" in text
    assert "read 4 rows: 1 inserted, 2 updated, 0 unchanged, 1 quarantined" in text
    assert "would update, changes per field: country 1, name 1" in text
    assert "A1 name: Acme → Acme GmbH" in text and "A2 country: US → FR" in text
    assert "row 5: name: name is blank" in text
    assert stored(database, "select * from accounts order by id") == before
    assert stored(database, "select count(*) from audit_log") == [(0,)]


def test_dry_run_report_as_json(database: Path, tmp_path: Path) -> None:
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    result = runner.invoke(app, ["import", "accounts", str(tmp_path / "accounts.csv"), "--dry-run",
                                 "--output", "json"])
    report = json.loads(result.output)
    assert (report["status"], report["inserted"], report["quarantined"]) == ("dry_run", 2, 1)
    assert report["preview"]["quarantined"][0] == {"row": 4, "field": "name", "reason": "name is blank",
                                                   "value": None}


def test_many_changed_dates_exit_3_with_a_sample_and_yes_goes_ahead(database: Path, tmp_path: Path) -> None:
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    (tmp_path / "deals.csv").write_text(DEALS)
    runner.invoke(app, ["import", "accounts", str(tmp_path / "accounts.csv")])
    runner.invoke(app, ["import", "opportunities", str(tmp_path / "deals.csv")])
    (tmp_path / "deals.csv").write_text(DEALS.replace("2026-01-05", "2026-05-01"))
    refused = runner.invoke(app, ["import", "opportunities", str(tmp_path / "deals.csv")])
    assert refused.exit_code == 3
    assert "O1 created_on: 2026-01-05 → 2026-05-01" in said(refused.output)
    assert "1 of the 2 stored records it touches (50.0%" in said(refused.output) and "--yes" in refused.output
    assert stored(database, "select created_on from opportunities where external_id = 'O1'") == [("2026-01-05",)]
    accepted = runner.invoke(app, ["import", "opportunities", str(tmp_path / "deals.csv"), "--yes"])
    assert accepted.exit_code == 0 and "1 updated" in said(accepted.output)


def test_unknown_kind_is_one_line_and_exit_2(database: Path, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(ACCOUNTS)
    result = runner.invoke(app, ["import", "acounts", str(tmp_path / "a.csv")])
    assert result.exit_code == 2 and "a.csv: unknown kind 'acounts'; choose one of partners, accounts" in said(
        result.output)


def imports_listed(*options: str) -> str:
    result = runner.invoke(app, ["imports", *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_imports_lists_past_imports_newest_first_with_counts_and_status(database: Path, tmp_path: Path) -> None:
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    runner.invoke(app, ["import", "accounts", str(tmp_path / "accounts.csv")])
    runner.invoke(app, ["import", "accounts", str(tmp_path / "accounts.csv"), "--dry-run"])
    runner.invoke(app, ["import", "opportunities", str(tmp_path / "accounts.csv")])  # no such columns: nothing kept
    rows = json.loads(imports_listed("--format", "json"))
    assert [(r["id"], r["file"], r["kind"], r["status"]) for r in rows] == [
        (2, "accounts.csv", "accounts", "dry_run"), (1, "accounts.csv", "accounts", "finished")]
    assert {k: rows[1][k] for k in ("rows_read", "inserted", "quarantined", "deleted", "warnings", "actor")} == {
        "rows_read": 3, "inserted": 2, "quarantined": 1, "deleted": 0, "warnings": 0, "actor": "ops@example.com"}
    table = said(imports_listed().replace("│", " "))
    assert "accounts.csv accounts generic" in table and "ops@example.com 3 2 0 0 1 0 0 finished" in table
    listed = list(csv.DictReader(io.StringIO(imports_listed("--status", "finished", "--format", "csv"))))
    assert [(r["id"], r["status"], r["inserted"]) for r in listed] == [("1", "finished", "2")]
    assert json.loads(imports_listed("--kind", "opportunities", "--format", "json")) == []
    assert len(json.loads(imports_listed("--limit", "1", "--format", "json"))) == 1


def test_imports_show_prints_one_import_with_its_options(database: Path, tmp_path: Path) -> None:
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    runner.invoke(app, ["import", "accounts", str(tmp_path / "accounts.csv"), "--source-system", "erp"])
    shown = runner.invoke(app, ["imports", "show", "1"])
    assert shown.exit_code == 0
    assert '"source_system": "erp"' in shown.output and "finished" in shown.output
    missing = runner.invoke(app, ["imports", "show", "9"])
    assert missing.exit_code == 2 and "import 9 does not exist" in said(missing.output)


def partnerops(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", "from partnerops.cli.main import app; app(prog_name='partnerops')", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_running_import(database: Path, process: subprocess.Popen[str]) -> None:
    """Until the import has committed its run as running, that is, it is landing rows."""
    while process.poll() is None:
        if database.exists() and stored_status(database) == "running":
            return
        time.sleep(0.01)
    pytest.fail(f"the import ended before it could be interrupted: {process.communicate()}")


def stored_status(database: Path) -> str | None:
    try:
        found = stored(database, "select status from import_batches order by id desc limit 1")
    except sqlite3.OperationalError:  # not migrated yet
        return None
    return str(found[0][0]) if found else None


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_import_says_so_exits_130_and_a_rerun_completes_it(
        database: Path, tmp_path: Path, stop: signal.Signals) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text("id,name,country\n" + "".join(f"A{i},Account {i},DE\n" for i in range(50_000)))
    process = partnerops("import", "accounts", str(path), env=dict(os.environ))
    wait_for_running_import(database, process)
    process.send_signal(stop)
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert said(err) == f"interrupted: nothing from {path} was imported; run the same command again to import it"
    assert stored(database, "select count(*) from accounts") == [(0,)]
    assert json.loads(imports_listed("--format", "json"))[0]["status"] == "interrupted"
    again = runner.invoke(app, ["import", "accounts", str(path)])
    assert again.exit_code == 0 and "50000 inserted" in said(again.output)


def test_collapse_duplicates_makes_identical_touch_rows_without_an_id_one_touch(database: Path, tmp_path: Path) -> None:
    files = {"partners": "id,name,type\nP1,Cloudy,technology\n", "accounts": "id,name\nA1,Acme\n",
             "opportunities": "id,account_id,name,amount,currency,stage,created_on\nO1,A1,x,5,USD,Open,2026-01-01\n"}
    for kind, content in files.items():
        (tmp_path / f"{kind}.csv").write_text(content)
        assert runner.invoke(app, ["import", kind, str(tmp_path / f"{kind}.csv")]).exit_code == 0
    touch = "P1,O1,joint_call,2026-02-03\n"
    (tmp_path / "twice.csv").write_text("partner_id,opportunity_id,type,touched_on\n" + touch + touch)
    (tmp_path / "once.csv").write_text("partner_id,opportunity_id,type,touched_on\n" + touch + touch)
    two = runner.invoke(app, ["import", "touches", str(tmp_path / "twice.csv")])
    one = runner.invoke(app, ["import", "touches", str(tmp_path / "once.csv"), "--collapse-duplicates"])
    assert "2 inserted" in said(two.output) and "1 inserted" in said(one.output), one.output
    with sqlite3.connect(database) as conn:
        assert conn.execute("select count(*) from touches").fetchone() == (3,)
