"""`partnerops mdf | program | enablement | health | experiments` from the command line, end to end."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from partnerops.cli.main import app
from partnerops.domain.money import Money
from partnerops.program.mdf_model import RequestInput
from partnerops.program.mdf_requests import submit_request
from program.program_kit import ACME, ACME_USER, deal, seed_deals, seed_partners

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_mdf_from_allocation_to_reimbursement(cli_engine: Engine) -> None:
    seed_partners(cli_engine)
    assert "partner P-ACME: 20000 USD of MDF for 2026" in run("mdf", "allocate", "Acme Cloud", "2026", "20000", "usd")
    with cli_engine.begin() as c:
        form = RequestInput("2026", "Roadshow", "Five cities", Money(Decimal("5000"), "USD"), date(2026, 3, 1),
                            date(2026, 3, 31))  # fmt: skip
        request = submit_request(c, ACME_USER, form)
    pending = run("mdf", "requests", "--status", "pending", "--format", "json")
    assert '"partner": "P-ACME"' in pending and '"title": "Roadshow"' in pending
    run("mdf", "approve", str(request.id))
    assert "claimed" in run("mdf", "claim", str(request.id), "4000", "--proof", "https://proof/r.pdf",
                            "--description", "120 attendees")  # fmt: skip
    run("mdf", "decide-claim", "1", "--approve")
    assert "reimbursed (PAY-7)" in run("mdf", "reimburse", "1", "--reference", "PAY-7")
    balance = run("mdf", "balance", "P-ACME").replace("│", " ").split()
    figures = balance[balance.index("USD"):][:7]
    assert figures == ["USD", "20,000.00", "0.00", "5,000.00", "4,000.00", "4,000.00", "15,000.00"]
    refused = runner.invoke(app, ["mdf", "approve", str(request.id)])
    assert refused.exit_code == 2 and "it is approved" in refused.output


def test_tier_review_checklist_and_stage(cli_engine: Engine) -> None:
    seed_partners(cli_engine, acme_tier="gold", bolt_tier="registered")
    seed_deals(cli_engine, [deal(1, date(2026, 3, 1), "won", 1_000)], {1: (ACME,)})
    review = run("program", "tiers", "review", "--period", "2026-Q4")
    assert "Acme Cloud" in review and "demotion" in review and "certifications 0/2 MISSED" in review
    assert "accepted" in run("program", "tiers", "decide", "1", "--accept")
    assert "next silver" in run("program", "tiers", "gap", "P-ACME", "--on", "2026-12-31")
    shown = run("program", "checklist", "P-ACME", "--done", "kickoff_call")
    assert "[x] kickoff_call" in shown and "[ ] agreement_signed" in shown
    bad = runner.invoke(app, ["program", "checklist", "P-ACME", "--done", "party"])
    assert bad.exit_code == 2 and "'party' is not on the checklist" in bad.output
    assert "enable -> co_market" in run("program", "stage", "P-ACME", "co_market")


def test_imports_health_and_experiments(cli_engine: Engine, tmp_path: Path) -> None:
    seed_partners(cli_engine)
    seed_deals(cli_engine, [deal(1, date(2026, 3, 1), "won", 1_000)], {1: (ACME,)})
    completions = tmp_path / "completions.csv"
    completions.write_text("id,partner_id,course,kind,person,completed_on\nC1,P-ACME,Admin,course,Ann,2026-02-01\n"
                           "C2,P-ACME,Admin,exam,Bo,2026-02-01\n", encoding="utf-8")  # fmt: skip
    out = run("enablement", "import", str(completions))
    assert "1 inserted" in out and "1 quarantined" in out and "row 3: kind: unknown kind 'exam'" in out
    assert "course: Admin — Ann" in run("enablement", "show", "P-ACME")
    psat = tmp_path / "psat.csv"
    psat.write_text("id,partner_id,responded_on,score\nS1,P-ACME,2026-03-20,9\n", encoding="utf-8")
    assert "1 inserted" in run("health", "import-psat", str(psat))
    run("health", "score", "--on", "2026-03-31")
    shown = run("health", "show", "P-ACME", "--on", "2026-03-31")
    assert "psat: raw 9.0, normalised 0.90, 22.50 points" in shown
    run("experiments", "record", "kit", "--hypothesis", "h", "--metric", "win_rate", "--criteria", "uplift >= 1.2",
        "--start", "2026-01-01", "--end", "2026-06-30", "--cohort", "P-ACME", "--control", "Bolt Systems")  # fmt: skip
    judged = run("experiments", "evaluate", "kit")
    assert "the control has no closed deal in the window" in judged and "INCONCLUSIVE" in judged
