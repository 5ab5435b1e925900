"""`partnerops attribution`: compute tiers with a policy, explain one deal, list the runs, split won amounts
among partners (fractional credit) and credit path-level files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from partnerops.cli import choices
from partnerops.cli.context import console, open_engine, user_errors
from partnerops.cli.credit_options import (
    CONVENTION_HELP,
    MODEL_HELP,
    CreditFormat,
    ModelChoice,
    PathModel,
    convention_line,
    credit_errors,
    credit_options,
    emit_credit,
    models_from,
    sampling_line,
)
from partnerops.cli.output import Column, Listing, OutputFormat, emit, format_option

if TYPE_CHECKING:
    from partnerops.attribution.explain import Explanation

app = typer.Typer(no_args_is_help=True)


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
    # The attribution engine (and pydantic, SQLAlchemy) load here, not at start: `partnerops --help` stays fast.
    from partnerops.attribution.policy_file import load_policy
    from partnerops.attribution.results import PolicyVersionConflict
    from partnerops.attribution.service import run_attribution
    from partnerops.domain.policy import PolicyError
    from partnerops.store.attribution_runs import NoAttributionRun, find_run

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
    from partnerops.attribution.explain import UnknownOpportunity, explain_opportunity
    from partnerops.store.attribution_runs import NoAttributionRun

    engine = open_engine()
    with user_errors(UnknownOpportunity, NoAttributionRun):
        found = explain_opportunity(engine, opportunity, source_system=source_system, policy_version=policy_version)
    if as_json:
        console.print_json(json.dumps(_as_json(found)))
        return
    closed = f"closed {found.closed_on}" if found.closed_on else "open"
    console.print(
        f"[bold]{found.opportunity}[/] ({found.external_id}, {found.account}): {found.amount or 'amount unknown'}, "
        f"{found.outcome}, "
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
        "amount": None if found.amount is None else str(found.amount.amount),
        "currency": None if found.amount is None else found.amount.currency,
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


RUN_COLUMNS = (Column("id", numeric=True, keep=10), Column("policy version", keep=9), Column("policy digest", keep=5),
               Column("ran at", keep=8), Column("opportunities", numeric=True, keep=7),
               Column("attributions", numeric=True, keep=6))  # fmt: skip


@app.command("runs")
def runs(output: Annotated[OutputFormat, format_option()] = OutputFormat.table) -> None:
    """List the stored attribution runs, one per policy version."""
    from partnerops.attribution.results import list_runs

    engine = open_engine()
    with engine.connect() as connection:
        found = list_runs(connection)
    rows = [(r["id"], r["policy_version"], r["policy_digest"], r["ran_at"], r["opportunities"], r["attributions"])
            for r in found]  # fmt: skip
    emit(Listing(RUN_COLUMNS, rows, empty="no attribution runs yet: `partnerops attribution run`"), output)


@app.command("credit")
def credit(
    model: ModelChoice = typer.Option(ModelChoice("linear"), "--model", help=f"{MODEL_HELP} Or `all` to compare them."),
    by: choices.CreditGrouping = typer.Option(
        choices.CreditGrouping.PARTNER, "--by", help="Sum credits per partner, type or period."
    ),
    currency: str | None = typer.Option(None, help="Reporting currency (default PARTNEROPS_REPORTING_CURRENCY)."),
    output_format: CreditFormat = typer.Option(CreditFormat.TABLE, "--format", help="table, json or csv."),
    half_life: float = typer.Option(30.0, help="time_decay: days for a touch's weight to halve."),
    first: float = typer.Option(0.4, help="position: share of the first touch."),
    last: float = typer.Option(0.4, help="position: share of the last touch."),
    order: int = typer.Option(1, help="markov/shapley: Markov chain order."),
    convention: choices.Convention = typer.Option(choices.Convention.JOURNEY, "--convention", help=CONVENTION_HELP),
    policy_version: str | None = typer.Option(None, help="Use this policy version's run (default latest)."),
) -> None:
    """Split every won deal's amount among its partners under a credit model; under the journey convention (the
    default) each deal's credits sum exactly to its amount. Data-driven models (markov, shapley) learn from all
    closed deals, won and lost."""
    from partnerops.analytics.credit.models import Convention, CreditSettings
    from partnerops.attribution.credit import credit_summary

    settings = CreditSettings(
        half_life=half_life, first_share=first, last_share=last, order=order, convention=Convention(convention.value)
    )
    options = credit_options(models_from(model), by, currency, settings, policy_version)
    with user_errors(*credit_errors()):
        summary = credit_summary(open_engine(), options)
    emit_credit(summary, output_format)
    stated = convention_line(options.models, convention)
    if stated and output_format is CreditFormat.TABLE:
        console.print(stated, highlight=False)


@app.command("compare")
def compare(
    by: choices.CreditGrouping = typer.Option(
        choices.CreditGrouping.PARTNER, "--by", help="Sum credits per partner, type or period."
    ),
    currency: str | None = typer.Option(None, help="Reporting currency (default PARTNEROPS_REPORTING_CURRENCY)."),
    output_format: CreditFormat = typer.Option(CreditFormat.TABLE, "--format", help="table, json or csv."),
    policy_version: str | None = typer.Option(None, help="Use this policy version's run (default latest)."),
) -> None:
    """Every credit model side by side (the same as `credit --model all`)."""
    from partnerops.analytics.credit.models import CreditModel, CreditSettings
    from partnerops.attribution.credit import credit_summary

    options = credit_options(tuple(CreditModel), by, currency, CreditSettings(), policy_version)
    with user_errors(*credit_errors()):
        summary = credit_summary(open_engine(), options)
    emit_credit(summary, output_format)


@app.command("paths")
def paths(
    file: Path = typer.Argument(
        ...,
        help="Path-level CSV: path (channels joined by ' > '), total_conversions, total_conversion_value, total_null.",
    ),
    model: PathModel = typer.Option(..., "--model", help=MODEL_HELP),
    out: Path = typer.Option(..., "--out", help="Where to write channel,total_conversions,total_conversion_value."),
    sep: str = typer.Option(">", help="Separator between channels in `path`."),
    order: int = typer.Option(1, help="markov/shapley: Markov chain order."),
    half_life: float = typer.Option(7.0, help="time_decay: steps for a touch's weight to halve."),
    samples: int = typer.Option(2000, help="shapley: permutations drawn above 12 channels."),
    seed: int | None = typer.Option(
        None, help="shapley: random seed for the permutations (default: derived from the file, so reruns agree)."
    ),
    convention: choices.Convention = typer.Option(choices.Convention.JOURNEY, "--convention", help=CONVENTION_HELP),
) -> None:
    """Credit a path-level file the way the ChannelAttribution library reads it (Markov solved exactly; its
    totals are ChannelAttribution's with `--convention global`)."""
    from partnerops.analytics.credit.models import Convention, CreditModel, CreditSettings
    from partnerops.attribution.paths import PathFileError, credit_paths, read_paths, write_credits

    chosen = CreditModel(model.value)
    settings = CreditSettings(
        half_life=half_life, order=order, samples=samples, seed=seed, convention=Convention(convention.value)
    )
    with user_errors(PathFileError, OSError, ValueError):
        journeys = read_paths(file, sep)
        result = credit_paths(journeys, chosen, settings)
        write_credits(result, out)
    console.print(f"wrote {len(result)} channels to {out}", highlight=False)
    sampled = sampling_line(chosen, journeys, settings)
    if sampled:
        console.print(sampled, highlight=False)
    stated = convention_line((chosen,), convention, unit="path")
    if stated:
        console.print(stated, highlight=False)
