"""`partnerops partners`, `accounts` and `deals`: pages with their total, search and filters, one record shown by
its external id, the same rows as JSON and CSV, and a narrow terminal that never wraps a number."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Connection, Engine, insert
from typer.testing import CliRunner

from partnerops.cli.main import app
from partnerops.store.tables import accounts, opportunities, partners, touches

runner = CliRunner()
AMOUNT = re.compile(r"\d{1,3}(,\d{3})+\.\d\d")


@pytest.fixture
def world(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """12 partners (one deleted), two accounts, and deals with wide amounts, on the database the command uses."""
    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        for n in range(12):
            conn.execute(insert(partners).values(
                source_system="crm", external_id=f"PRT-{n:02}", name=f"Partner {n:02} Consulting Group International",
                type="reseller" if n % 2 else "technology", tier="Gold" if n < 4 else "silver", stage="co_sell",
                domain=f"partner{n}.example.com", owner="Ingrid Tanaka-Whitfield", joined_on=date(2025, 1, 1),
                deleted_at=datetime(2026, 1, 1, tzinfo=UTC) if n == 11 else None))  # fmt: skip
        _deals(conn)
    return engine


def _deals(conn: Connection) -> None:
    for n, name in ((1, "Acme Corporation"), (2, "Globex Holdings")):
        conn.execute(insert(accounts).values(id=n, source_system="crm", external_id=f"ACC-{n}", name=name,
                                             segment="enterprise", region="EMEA"))  # fmt: skip
    for n in range(3):
        conn.execute(insert(opportunities).values(
            id=n + 1, source_system="crm", external_id=f"OPP-{n}", account_id=1 + n % 2,
            name=f"Platform renewal and expansion {n}", amount_minor=123_456_789_00 + n, currency="USD",
            stage="Closed Won" if n else "Negotiation", outcome="won" if n else "open", created_on=date(2026, 2, 1),
            closed_on=date(2026, 5, 1) if n else None, owner="Jordan Featherstonehaugh"))  # fmt: skip
    conn.execute(insert(touches).values(source_system="crm", external_id="T1", partner_id=1, opportunity_id=2,
                                        type="referral", touched_on=date(2026, 2, 3), status="confirmed"))  # fmt: skip


def _run(*args: str, columns: int = 80) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.output


def test_a_page_says_which_records_of_how_many_and_where_the_next_starts(world: Engine) -> None:
    first = _run("partners", "list", "--limit", "5")
    assert "1–5 of 11 (next page: --offset 5)" in first
    assert "PRT-00" in first and "PRT-05" not in first
    last = _run("partners", "list", "--limit", "5", "--offset", "10")
    assert "11–11 of 11" in last and "next page" not in last
    assert "PRT-11" not in _run("partners", "list", "--limit", "50")  # deleted in its CRM


def test_search_type_and_tier_narrow_the_list(world: Engine) -> None:
    found = json.loads(_run("partners", "list", "--type", "reseller", "--tier", "gold", "--format", "json"))
    assert [p["id"] for p in found] == ["PRT-01", "PRT-03"]
    assert [p["id"] for p in json.loads(_run("partners", "list", "--search", "prt-07", "--format", "json"))] == [
        "PRT-07"]


def test_a_partner_is_shown_by_its_id_or_name_and_never_by_a_row_number(world: Engine) -> None:
    shown = json.loads(_run("partners", "show", "Partner 00 Consulting Group International", "--format", "json"))
    assert (shown["id"], shown["touches"], shown["deals"], shown["won_deals"]) == ("PRT-00", 1, 1, 1)
    unknown = runner.invoke(app, ["partners", "show", "1"])
    assert unknown.exit_code == 1
    assert "there is no partner '1'" in unknown.output and "partnerops partners" in unknown.output


def test_deals_of_one_account_and_a_deal_with_its_partners_touches(world: Engine) -> None:
    listed = json.loads(_run("deals", "list", "--account", "Acme Corporation", "--format", "json"))
    assert [(d["id"], d["account"], d["amount"]) for d in listed] == [("OPP-0", "ACC-1", "123456789.00"),
                                                                      ("OPP-2", "ACC-1", "123456789.02")]
    shown = _run("deals", "show", "OPP-1")
    assert "ACC-2" in shown and "PRT-00" in shown and "referral" in shown and "2026-02-03" in shown
    assert json.loads(_run("accounts", "show", "ACC-1", "--format", "json"))["deals"] == 2


def test_csv_has_a_header_and_one_row_per_record(world: Engine) -> None:
    rows = list(csv.DictReader(io.StringIO(_run("accounts", "list", "--format", "csv"))))
    assert [(r["id"], r["name"], r["segment"]) for r in rows] == [("ACC-1", "Acme Corporation", "enterprise"),
                                                                 ("ACC-2", "Globex Holdings", "enterprise")]


@pytest.mark.parametrize("command", [("partners",), ("accounts",), ("deals",), ("deals", "show", "OPP-1"),
                                     ("partners", "show", "PRT-00")])
def test_at_80_columns_no_line_is_wider_and_no_number_is_split(world: Engine, command: tuple[str, ...]) -> None:
    shown = _run(*command)
    assert max(len(line) for line in shown.splitlines()) <= 80, shown
    if command[0] == "deals":
        assert len(AMOUNT.findall(shown)) == (3 if len(command) == 1 else 1), shown
        assert "123,456,789.0" in shown


def test_a_narrow_terminal_leaves_out_columns_and_says_which(world: Engine) -> None:
    shown = _run("deals", "list", columns=80)
    assert "not shown at this width:" in shown and "owner" in shown.split("not shown at this width:")[1]
    blocks = _run("deals", "list", columns=30)  # too narrow for id, amount and currency side by side
    assert "┃" not in blocks and "123,456,789.00" in blocks and "OPP-2" in blocks
