"""`partnerops commissions payouts execute BATCH --provider ...` against the loopback fake."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from partnerops.cli.main import app
from payments.fake_providers import STRIPE_KEY, STRIPE_WEBHOOK_SECRET, FakeProviders
from payments.payments_kit import KEY_TEXT, approved_batch

runner = CliRunner()


@pytest.fixture
def configured(cli_engine: Engine, fake: FakeProviders, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("PARTNEROPS_SECRET_KEY", KEY_TEXT)
    monkeypatch.setenv("PARTNEROPS_STRIPE_API_KEY", STRIPE_KEY)
    monkeypatch.setenv("PARTNEROPS_STRIPE_WEBHOOK_SECRET", STRIPE_WEBHOOK_SECRET)
    monkeypatch.setenv("PARTNEROPS_STRIPE_API_BASE", fake.url)
    return approved_batch(cli_engine).id


def test_execute_pays_each_line_once_and_a_second_run_sends_nothing(configured: int, fake: FakeProviders) -> None:
    first = runner.invoke(app, ["commissions", "payouts", "execute", str(configured), "--provider", "stripe"])
    assert first.exit_code == 0, first.output
    assert "sent: 2" in first.output
    again = runner.invoke(app, ["commissions", "payouts", "execute", str(configured), "--provider", "stripe"])
    assert again.exit_code == 0 and "already sent: 2" in again.output
    assert sum(fake.created.values()) == 2
    lines = runner.invoke(app, ["commissions", "payouts", "lines", str(configured)])
    assert lines.exit_code == 0, lines.output
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in lines.output.splitlines() if " sent " in line]
    assert [row[:5] for row in rows] == [["PA", "2,000.00 USD", "stripe", "sent", "1"],
                                         ["PB", "1,000.00 USD", "stripe", "sent", "1"]]
    assert all(row[6].startswith("tr_fake") for row in rows)


def test_execute_names_what_is_wrong(configured: int, monkeypatch: pytest.MonkeyPatch) -> None:
    other = runner.invoke(app, ["commissions", "payouts", "execute", str(configured), "--provider", "wire"])
    assert other.exit_code == 2 and "unknown payment provider 'wire'" in other.output
    unset = runner.invoke(app, ["commissions", "payouts", "execute", str(configured), "--provider", "paypal"])
    assert unset.exit_code == 2 and "PARTNEROPS_PAYPAL_CLIENT_ID" in unset.output
    missing = runner.invoke(app, ["commissions", "payouts", "execute", "42", "--provider", "stripe"])
    assert missing.exit_code == 2 and "no payout batch 42" in missing.output
    none = runner.invoke(app, ["commissions", "payouts", "lines", str(configured)])
    assert f"batch {configured} has not been executed through a provider" in none.output
