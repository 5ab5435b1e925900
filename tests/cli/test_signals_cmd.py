"""`partnerops signals scan|list|propose|review` end to end on a SQLite file: one proposed touch per
conversation, reviewed once for all its mentions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from partnerops.cli import signals_cmd
from signals.signals_kit import fixture_copy, seed_crm

runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return fixture_copy(tmp_path)


@pytest.fixture
def scanned(cli_engine: Engine, monkeypatch: pytest.MonkeyPatch, folder: Path) -> Engine:
    monkeypatch.setenv("PARTNEROPS_OUR_DOMAINS", "ourco.com")
    seed_crm(cli_engine)
    result = runner.invoke(signals_cmd.app, ["scan", str(folder), "--our-speakers", "Dana Rep"])
    assert result.exit_code == 0, result.output
    assert "2 files and 0 parts of files quarantined" in result.stdout
    return cli_engine


def test_a_rescan_adds_nothing(scanned: Engine, folder: Path) -> None:
    again = runner.invoke(signals_cmd.app, ["scan", str(folder)])
    assert " 0 new signals" in again.stdout


def test_list_shows_the_evidence_and_unlinked_signals(scanned: Engine) -> None:
    listed = runner.invoke(signals_cmd.app, ["list", "--partner", "Acme Cloud"])
    assert "We run everything on Acme Cloud" in listed.stdout
    assert "unlinked" in runner.invoke(signals_cmd.app, ["list", "--unlinked"]).stdout


def test_propose_makes_one_touch_per_conversation_and_review_decides_all_its_signals(scanned: Engine) -> None:
    proposed = runner.invoke(signals_cmd.app, ["propose"])
    # Five signals on the deal, in three conversations (the Gong call, the intro email, the mbox intro).
    assert proposed.stdout.strip() == "3 touches proposed"
    assert runner.invoke(signals_cmd.app, ["propose"]).stdout.strip() == "0 touches proposed"
    reviewed = runner.invoke(signals_cmd.app, ["review", "1", "--confirm", "--reason", "on the call"])
    assert reviewed.stdout.strip() == "signal 1: touch 1 confirmed with its 2 signal(s)"
    listed = json.loads(runner.invoke(signals_cmd.app, ["list", "--partner", "Acme Cloud", "--format", "json"]).stdout)
    assert [s["touch"] for s in listed].count("1 confirmed") == 2
    # Partners and deals by their external ids, as every other command names them.
    assert {s["partner"] for s in listed} == {"P-1"}, listed
    assert {s["opportunity"] for s in listed} == {"0065g00000GLOBEXOPP", "unlinked"}, listed
    second = runner.invoke(signals_cmd.app, ["review", "2", "--reject"])
    assert second.exit_code == 2 and "already confirmed" in second.stderr
