"""`partnerops recruiting list|rank|show|move` as a user runs them on the planted world: the ranking with its
reasons in JSON and CSV, and a candidate moved to recruited with the partner's onboarding checklist open."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from partnerops.cli.main import app
from partnerops.cli.recruiting_cmd import CandidateStatus as Choice
from partnerops.recruiting.statuses import CandidateStatus
from recruiting.recruiting_kit import import_candidates, plant

runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args), terminal_width=250)
    assert result.exit_code == 0, result.output
    return result.output


def test_rank_lists_candidates_best_first_with_their_reasons(cli_engine: Engine, tmp_path: Path) -> None:
    plant(cli_engine)
    import_candidates(cli_engine, tmp_path)
    ranked = json.loads(_run("recruiting", "rank", "--format", "json"))
    assert [(r["rank"], r["id"], r["score"]) for r in ranked] == [(1, "C-ALPHA", 0.75), (2, "C-BETA", 0.3125),
                                                                 (3, "C-GAMMA", 0.0)]  # fmt: skip
    assert ranked[0]["reasons"].startswith("overlap: 3 of our 4 target accounts are among its 5 customers")
    rows = list(csv.DictReader(io.StringIO(_run("recruiting", "list", "--format", "csv"))))
    assert [(r["id"], r["status"]) for r in rows] == [("C-ALPHA", "candidate"), ("C-BETA", "candidate"),
                                                      ("C-GAMMA", "candidate")]  # fmt: skip


def test_move_to_recruited_creates_the_partner_in_onboarding(cli_engine: Engine, tmp_path: Path) -> None:
    plant(cli_engine)
    import_candidates(cli_engine, tmp_path)
    assert "candidate C-BETA: candidate -> contacted" in _run("recruiting", "move", "C-BETA", "contacted")
    out = " ".join(_run("recruiting", "move", "C-BETA", "recruited", "--from", "contacted").split())
    assert "partner C-BETA created, in onboarding" in out
    shown = json.loads(_run("recruiting", "show", "C-BETA", "--format", "json"))
    assert (shown["status"], shown["partner"]) == ("recruited", "C-BETA")
    assert "[ ] " in _run("program", "checklist", "C-BETA")
    assert [r["id"] for r in json.loads(_run("recruiting", "rank", "--format", "json"))] == ["C-ALPHA", "C-GAMMA"]


def test_a_refused_move_says_why_and_exits_with_an_error(cli_engine: Engine, tmp_path: Path) -> None:
    plant(cli_engine)
    import_candidates(cli_engine, tmp_path)
    result = runner.invoke(app, ["recruiting", "move", "C-ALPHA", "recruited"], terminal_width=250)
    assert result.exit_code == 2
    assert "candidate C-ALPHA is candidate; it can move to contacted, declined, not recruited" in " ".join(
        result.output.split())
    unknown = runner.invoke(app, ["recruiting", "show", "C-NOPE"], terminal_width=250)
    assert (unknown.exit_code, "no candidate partner with id 'C-NOPE'" in unknown.output) == (2, True)


def test_the_commands_status_choices_are_the_lifecycles_statuses() -> None:
    assert [c.value for c in Choice] == [s.value for s in CandidateStatus]


def test_flag_makes_an_account_a_candidate(cli_engine: Engine) -> None:
    plant(cli_engine)
    assert "candidate A4 (Company Four, reseller): candidate" in _run("recruiting", "flag", "A4", "--type", "reseller")
    listed = json.loads(_run("recruiting", "list", "--format", "json"))
    assert [(r["id"], r["segment"], r["region"]) for r in listed] == [("A4", "enterprise", "emea")]
