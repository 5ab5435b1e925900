"""`partnerops mail list|send|replay` against a closed port: mail stays queued, then dead, then replayable."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerops.cli.mail_cmd import app
from partnerops.mail.queue import enqueue
from partnerops.store.database import make_engine, migrate

runner = CliRunner()


@pytest.fixture
def queued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", f"sqlite:///{tmp_path / 'mail.db'}")
    monkeypatch.setenv("PARTNEROPS_SMTP_PORT", str(port))
    engine = make_engine(f"sqlite:///{tmp_path / 'mail.db'}")
    migrate(engine)
    with engine.begin() as conn:
        enqueue(conn, "ana@acme-cloud.example", "Deal registration 1: approved", "Approved.\n", datetime.now(UTC))


def test_a_down_server_leaves_mail_dead_and_replayable(queued: None) -> None:
    sent = runner.invoke(app, ["send", "--max-attempts", "1"])
    assert sent.exit_code == 1 and "0 sent, 0 to retry, 1 dead" in sent.output
    assert "ConnectionRefusedError" in runner.invoke(app, ["list", "--status", "dead"]).output
    assert runner.invoke(app, ["replay", "1"]).exit_code == 0
    assert "queued" in runner.invoke(app, ["list"]).output
    again = runner.invoke(app, ["replay", "1"])
    assert again.exit_code == 2 and "only dead messages can be replayed" in again.output
