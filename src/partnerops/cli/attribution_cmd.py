"""`partnerops attribution`: compute tiers with a policy, explain one deal, list the runs."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from partnerops.attribution.explain import Explanation, UnknownOpportunity, explain_opportunity
from partnerops.attribution.policy_file import load_policy
from partnerops.attribution.results import PolicyVersionConflict, list_runs
from partnerops.attribution.service import run_attribution
from partnerops.cli.context import console, open_engine, user_errors
from partnerops.domain.policy import PolicyError
from partnerops.store.attribution_runs import NoAttributionRun, find_run

app = typer.Typer(no_args_is_help=True, help="Attribution tiers: who sourced, co-sold or influenced each deal.")


@app.command("run")
def run(
    policy: Path | None = typer.Option(None, "--policy", help="A policy YAML file; the default policy when left out."),
    policy_version: str | None = typer.Option(
        None,
        "--policy-version",
        help="Re-run a policy version stored by an earlier run (reproduces its results).",
    ),
) -> None:
    """Compute every partner's tier on every opportunity and store it under the policy's version."""
    engine = open_engine()
    with user_errors(PolicyError, PolicyVersionConflict, NoAttributionRun, OSError):
        if policy_version:
            with engine.connect() as connection:
                chosen = find_run(connection, policy_version).policy()
        else:
            chosen = load_policy(policy)
        summary = run_attribution(engine, chosen)
    console.print(f"attribution run {summary.run_id}: policy {summary.policy_version} ({summary.policy_digest})")
    table = Table()
    table.add_column("tier")
    table.add_column("opportunities", justify="right")
    for tier, count in summary.opportunities_by_tier.items():
        table.add_row(tier.value.replace("_", "-"), f"{count:,}")
    console.print(table)
    console.print(f"{summary.attributions:,} partner attributions over {summary.opportunities:,} opportunities")


@app.command("explain")
def explain(
    opportunity: str = typer.Argument(..., help="The opportunity's id in its source system (e.g. a Salesforce Id)."),
    source_system: str | None = typer.Option(None, help="Which system the id belongs to, when several have it."),
    policy_version: str | None = typer.Option(None, help="Explain the result of this policy version (default latest)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of sentences."),
) -> None:
    """Say why a deal has its tier: each partner's tier with the touches that made it, and what did not count."""
    engine = open_engine()
    with user_errors(UnknownOpportunity, NoAttributionRun):
        found = explain_opportunity(engine, opportunity, source_system=source_system, policy_version=policy_version)
    if as_json:
        console.print_json(json.dumps(_as_json(found)))
        return
    closed = f"closed {found.closed_on}" if found.closed_on else "open"
    console.print(
        f"[bold]{found.opportunity}[/] ({found.external_id}, {found.account}): {found.amount}, {found.outcome}, "
        f"created {found.created_on}, {closed}"
    )
    console.print(
        f"tier: [bold]{found.tier.value.replace('_', '-')}[/] under policy {found.policy_version} "
        f"({found.policy_digest})"
    )
    for line in found.lines() or ["no partner touch counted: direct"]:
        console.print(f"  {line}", highlight=False)
    for ignored in found.ignored:
        console.print(
            f"  [dim]not counted: {ignored.partner} {ignored.touch.type.value} {ignored.touch.date}"
            f" — {ignored.reason}[/]"
        )


def _as_json(found: Explanation) -> dict[str, object]:
    return {
        "opportunity": found.opportunity,
        "external_id": found.external_id,
        "account": found.account,
        "amount": str(found.amount.amount),
        "currency": found.amount.currency,
        "tier": found.tier.value,
        "policy_version": found.policy_version,
        "policy_digest": found.policy_digest,
        "partners": [
            {
                "partner": name,
                "tier": a.tier.value,
                "evidence": [
                    {"touch_id": t.touch_id, "type": t.type.value, "date": t.date.isoformat()} for t in a.evidence
                ],
                "explanation": a.explain(name),
            }
            for name, a in found.partners
        ],
        "not_counted": [
            {
                "partner": i.partner,
                "type": i.touch.type.value,
                "date": i.touch.date.isoformat(),
                "reason": i.reason,
            }
            for i in found.ignored
        ],
    }


@app.command("runs")
def runs() -> None:
    """List the stored attribution runs, one per policy version."""
    engine = open_engine()
    with engine.connect() as connection:
        rows = list_runs(connection)
    table = Table(title="Attribution runs")
    for column in ("id", "policy_version", "policy_digest", "ran_at", "opportunities", "attributions"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            *(str(row[c]) for c in ("id", "policy_version", "policy_digest", "ran_at", "opportunities", "attributions"))
        )
    console.print(table)
