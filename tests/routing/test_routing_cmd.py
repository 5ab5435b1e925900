"""`partnerops routing ...` as a user runs it on the planted world: profiles and leads set, candidates ranked with
their reasons, a lead offered to the best candidate and accepted, the loser refused with a clear message, offers
listed as JSON and CSV, and a what-if over other rules."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from partnerops.cli.main import app
from partnerops.cli.routing_cmd import OfferStatus as Choice
from partnerops.routing.statuses import OfferStatus
from routing.routing_kit import plant

runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args), terminal_width=250)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_candidates_rank_partners_with_their_reasons(cli_engine: Engine) -> None:
    plant(cli_engine)
    _run("routing", "lead", "O-EMEA", "--needs", "implementation,security")
    ranked = json.loads(runner.invoke(app, ["routing", "candidates", "O-EMEA", "--format", "json"]).output)
    assert [(r["rank"], r["partner"], r["score"], r["eligible"]) for r in ranked] == [
        (1, "P-GOLD", 0.95, "yes"), (2, "P-SILVER", 0.7, "yes"), (3, "P-FAR", 0.15, "yes"), (4, "P-FULL", 0.85, "no")]
    assert ranked[3]["reasons"].endswith("capacity: 1 of 1 open deals (at capacity: not offered leads)")
    again = json.loads(runner.invoke(app, ["routing", "candidates", "O-EMEA", "--needs", "", "--format",
                                           "json"]).output)  # fmt: skip
    assert again[0]["capability"] == 1.0


def test_offer_to_the_best_candidate_then_accept_and_a_late_second_is_refused(cli_engine: Engine) -> None:
    plant(cli_engine)
    _run("routing", "lead", "O-EMEA", "--needs", "implementation,security")
    assert "deal Deal O-EMEA (O-EMEA) -> Gold Integrators (P-GOLD): offered, answer by" in _run(
        "routing", "offer", "O-EMEA")
    _run("routing", "offer", "O-EMEA", "Silver Services")
    assert ": accepted" in _run("routing", "accept", "O-EMEA", "P-SILVER")
    lost = runner.invoke(app, ["routing", "accept", "O-EMEA", "P-GOLD"], terminal_width=250)
    assert lost.exit_code == 2
    assert "deal Deal O-EMEA (O-EMEA) was already accepted by Silver Services (P-SILVER)" in " ".join(
        lost.output.split())
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["routing", "offers", "--format", "csv"]).output)))
    assert sorted((r["lead"], r["partner"], r["status"]) for r in rows) == [
        ("O-EMEA", "P-GOLD", "withdrawn"), ("O-EMEA", "P-SILVER", "accepted")]
    accepted = json.loads(runner.invoke(app, ["routing", "offers", "--status", "accepted", "--format", "json"]).output)
    assert [(o["partner"], o["decided_by"]) for o in accepted] == [("P-SILVER", "cli")]


def test_profiles_set_and_listed_with_open_deals(cli_engine: Engine) -> None:
    plant(cli_engine)
    _run("routing", "profile", "P-FAR", "--capabilities", "Migration", "--regions", "apac", "--capacity", "3")
    listed = {p["partner"]: p for p in json.loads(runner.invoke(app, ["routing", "profiles", "--format",
                                                                        "json"]).output)}  # fmt: skip
    assert (listed["P-FAR"]["capabilities"], listed["P-FAR"]["regions"], listed["P-FAR"]["capacity"]) == (
        "migration", "apac", 3)
    assert (listed["P-FULL"]["open_deals"], listed["P-SILVER"]["capacity"]) == (1, 10)


def test_unknown_leads_and_partners_are_named_in_the_error(cli_engine: Engine) -> None:
    plant(cli_engine)
    unknown = runner.invoke(app, ["routing", "candidates", "NOPE"], terminal_width=250)
    assert (unknown.exit_code, "there is no lead 'NOPE'" in unknown.output) == (2, True)
    closed = runner.invoke(app, ["routing", "offer", "O-WON", "P-GOLD"], terminal_width=250)
    assert (closed.exit_code, "only open deals are routed" in closed.output) == (2, True)


def test_simulate_shows_where_open_leads_would_go(cli_engine: Engine, tmp_path: Path) -> None:
    plant(cli_engine)
    _run("routing", "lead", "O-EMEA", "--needs", "implementation,security")
    _run("routing", "lead", "O-NA", "--needs", "implementation")
    rules = tmp_path / "rules.yaml"
    rules.write_text("version: what-if\nweights: {capability: 0.4, region: 0, tier: 0.3, capacity: 0.3}\n"
                     "default_capacity: 10\nsla_hours: 24\ncapacities: {P-GOLD: 5}\n")  # fmt: skip
    routed = json.loads(runner.invoke(app, ["routing", "simulate", "--rules", str(rules), "--format", "json"]).output)
    assert [(r["lead"], r["under_default-1"][:6], r["under_what-if"][:6], r["changed"]) for r in routed] == [
        ("O-EMEA", "P-GOLD", "P-GOLD", ""), ("O-NA", "P-SILV", "P-GOLD", "yes")]
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: x\nweights: {capability: -1, region: 0, tier: 0, capacity: 0}\n"
                   "default_capacity: 10\nsla_hours: 24\n")  # fmt: skip
    refused = runner.invoke(app, ["routing", "simulate", "--rules", str(bad)], terminal_width=250)
    assert refused.exit_code == 2 and "bad.yaml" in refused.output and "capability" in refused.output


def test_the_commands_status_choices_are_the_offer_statuses() -> None:
    assert [c.value for c in Choice] == [s.value for s in OfferStatus]


def test_a_manager_rejects_an_application_and_the_listing_shows_the_reason(cli_engine: Engine) -> None:
    from partnerops.routing.applications import apply_for_lead
    from routing.routing_kit import SILVER, lead, user_of

    plant(cli_engine)
    _run("routing", "lead", "O-EMEA", "--open")
    with cli_engine.begin() as c:
        apply_for_lead(c, user_of(SILVER), lead(c), "we know them")
    missing = runner.invoke(app, ["routing", "reject-application", "O-EMEA", "P-SILVER"], terminal_width=250)
    assert missing.exit_code == 2 and "--reason" in missing.output
    assert "the application of Silver Services (P-SILVER) is rejected" in _run(
        "routing", "reject-application", "O-EMEA", "P-SILVER", "--reason", "no security practice")
    [row] = json.loads(runner.invoke(app, ["routing", "applications", "--format", "json"]).output)
    assert (row["partner"], row["status"], row["reason"]) == ("P-SILVER", "rejected", "no security practice")
    again = runner.invoke(app, ["routing", "reject-application", "O-EMEA", "P-SILVER", "--reason", "x"],
                          terminal_width=250)  # fmt: skip
    assert again.exit_code == 2
    said = " ".join(again.output.split())
    assert "the application of Silver Services (P-SILVER) for deal Deal O-EMEA (O-EMEA) is already rejected" in said
