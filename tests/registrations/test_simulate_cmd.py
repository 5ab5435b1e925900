"""`partnerops registrations simulate`: past registrations replayed as of their submission under other rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from partnerops.cli.registrations_cmd import app
from partnerops.registrations.rules_file import default_rules_text
from partnerops.registrations.service import reject_registration, submit_registration
from partnerops.store.database import make_engine, migrate
from registrations.registration_kit import ACME_USER, BOLT_USER, MANAGER, form, seed_world

runner = CliRunner()
JAN_1 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
MAR_15 = datetime(2026, 3, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """Acme claims Umbrella on Jan 1 (still pending); Bolt claims it 73 days later. Acme's claim on Hooli
    was rejected before Bolt's claim on Hooli."""
    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    engine = make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    migrate(engine)
    seed_world(engine)
    submit_registration(engine, ACME_USER, form("Umbrella", "umbrella.io"), now=JAN_1)
    hooli = submit_registration(engine, ACME_USER, form("Hooli"), now=JAN_1)
    reject_registration(engine, MANAGER, hooli.id, "no budget", now=JAN_1)
    submit_registration(engine, BOLT_USER, form("Umbrella Inc.", "www.umbrella.io"), now=MAR_15)
    submit_registration(engine, BOLT_USER, form("Hooli"), now=MAR_15)
    return engine


def rules_file(tmp_path: Path, version: str, expiry_days: int) -> Path:
    text = default_rules_text().replace('version: "2026.1"', f'version: "{version}"')
    path = tmp_path / f"{version}.yaml"
    path.write_text(text.replace("expiry_days: 90", f"expiry_days: {expiry_days}"))
    return path


def test_shorter_expiry_drops_the_conflict_with_a_lapsed_registration(history: Engine, tmp_path: Path) -> None:
    result = runner.invoke(app, ["simulate", "--rules", str(rules_file(tmp_path, "short", 60))])
    assert result.exit_code == 0, result.output
    (changed,) = [line for line in result.output.splitlines() if "Umbrella" in line]
    assert changed.replace("│", " ").split()[:2] == ["3", "Umbrella"] and "live_registration (#1)" in changed
    assert "4 registrations replayed, 1 changed; flagged 1 -> 0" in result.output


def test_same_rules_change_nothing_and_a_rejected_claim_never_conflicts(history: Engine, tmp_path: Path) -> None:
    result = runner.invoke(app, ["simulate", "--rules", str(rules_file(tmp_path, "same", 90))])
    assert "4 registrations replayed, 0 changed; flagged 1 -> 1" in result.output


def test_bad_rules_file_is_a_clear_error(history: Engine, tmp_path: Path) -> None:
    result = runner.invoke(app, ["simulate", "--rules", str(rules_file(tmp_path, "bad", 0))])
    assert result.exit_code == 2 and "expiry_days" in result.output


def test_list_show_and_decide_from_the_command_line(history: Engine) -> None:
    listed = runner.invoke(app, ["list", "--status", "pending"])
    assert "live_registration" in listed.output and "Umbrella" in listed.output
    shown = runner.invoke(app, ["show", "3"])
    assert "conflict: live_registration (#1)" in shown.output
    fresh = submit_registration(history, ACME_USER, form("Globex"), now=datetime.now(UTC))
    assert runner.invoke(app, ["reject", str(fresh.id), "--reason", "in our pipeline"]).exit_code == 0
    again = runner.invoke(app, ["approve", str(fresh.id)])
    assert again.exit_code == 2 and "cannot approve: it is rejected" in again.output
    assert runner.invoke(app, ["show", "99"]).exit_code == 2


def test_the_queue_names_partners_by_their_external_ids_in_every_format(history: Engine) -> None:
    table = runner.invoke(app, ["list", "--status", "pending"], env={"COLUMNS": "80"})
    listed = runner.invoke(app, ["list", "--format", "json"])
    shown = runner.invoke(app, ["show", "1"])

    assert table.exit_code == 0, table.output
    assert "P1" in table.output and "P2" in table.output and max(map(len, table.output.splitlines())) <= 80
    records = json.loads(listed.output)
    assert {(r["partner"], r["company"]) for r in records} >= {("P1", "Umbrella"), ("P2", "Umbrella Inc.")}
    assert "partner: Acme Cloud (P1)" in shown.output
