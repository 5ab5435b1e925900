"""`partnerops docs` and `partnerops assistant` from the command line, end to end."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from assistant.program_world import build_program
from partnerops.cli.main import app

runner = CliRunner()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


def test_documents_are_imported_listed_and_a_bad_file_is_quarantined(cli_engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "guide.md").write_text("# Guide\n\n## Payouts\n\nPayouts are made monthly.\n")
    (tmp_path / "deck.pptx").write_bytes(b"PK")
    output = run("docs", "import", str(tmp_path / "guide.md"), str(tmp_path / "deck.pptx"), code=1)
    again = run("docs", "import", str(tmp_path / "guide.md"))
    listed = run("docs", "list")
    assert "1 imported, 0 updated, 0 unchanged, 1 quarantined" in output
    assert "deck.pptx: unsupported file type .pptx" in output
    assert "0 imported, 0 updated, 1 unchanged, 0 quarantined" in again
    assert "guide.md" in listed and "Guide" in listed


def test_a_partner_user_asks_and_gets_its_own_answer_with_sources(cli_engine: Engine) -> None:
    build_program(cli_engine)
    output = run("assistant", "ask", "--as", "ana@alpha.test", "What is the status of deal O7?")
    hidden = run("assistant", "ask", "--as", "ana@alpha.test", "What is the status of deal O3?")
    # The deal named by its CRM id in the answer and its source, never by PartnerOps' own number.
    assert "Deal O7 Initech - Seats" in output and "source: opportunity: Deal O7 Initech - Seats" in output, output
    assert "/api/v1/opportunities/O7" in output and "#7" not in output
    assert "I found none of your registrations or deals" in hidden and "Umbrella" not in hidden


def test_an_unknown_user_is_a_clear_error(cli_engine: Engine) -> None:
    output = run("assistant", "ask", "--as", "nobody@nowhere.test", "hello", code=2)
    assert "no user with email 'nobody@nowhere.test'" in output


def test_recommend_shows_ranked_partners_with_reasons_and_the_log_shows_exchanges(cli_engine: Engine) -> None:
    program = build_program(cli_engine)
    recommended = run("assistant", "recommend", str(program.open_deal))
    run("assistant", "ask", "--as", "ana@alpha.test", "What is the capital of France?")
    log = run("assistant", "log", "--unanswered")
    assert "1. Bravo Systems (si, score" in recommended and "won 2 similar deals" in recommended
    assert "capital of France" in log and "ana@alpha.test" in log
    assert "is won, not open" in run("assistant", "recommend", "1", code=2)
