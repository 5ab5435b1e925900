"""Running the program: MDF, lifecycle and tiers, enablement, partner health and experiments."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from partnerops.cli.context import console, open_engine, user_errors
from partnerops.cli.registrations_cmd import operator
from partnerops.domain.enums import LifecycleStage
from partnerops.domain.money import Money, UnknownCurrency
from partnerops.ingest.errors import ImportFailed
from partnerops.ingest.options import ImportOptions, ImportSummary
from partnerops.program import enablement, experiments, health, lifecycle, mdf, mdf_claims, mdf_requests, tiers
from partnerops.program.errors import ProgramError, ProgramSettingsError
from partnerops.program.experiment_metrics import ExperimentMetric
from partnerops.program.mdf_model import ClaimInput, ClaimStatus, RequestStatus
from partnerops.program.mdf_return import mdf_returns
from partnerops.program.program_settings import load_program_settings
from partnerops.program.tier_reviews import accept_tier_review, propose_tier_reviews, reject_tier_review
from partnerops.settings import get_settings

_PROBLEMS = (ProgramError, ProgramSettingsError, UnknownCurrency, ValueError, LookupError)

mdf_app = typer.Typer(no_args_is_help=True, help="Market development funds: allocations, requests, claims, return.")
program_app = typer.Typer(no_args_is_help=True, help="Lifecycle stages, the onboarding checklist and tier reviews.")
tiers_app = typer.Typer(no_args_is_help=True, help="Tier criteria: standing, gaps and period-end reviews.")
enablement_app = typer.Typer(no_args_is_help=True, help="Courses and certifications partners completed.")
health_app = typer.Typer(no_args_is_help=True, help="The partner health score, its history and what moved it.")
experiments_app = typer.Typer(no_args_is_help=True, help="Partner experiments: cohort vs control, judged.")
program_app.add_typer(tiers_app, name="tiers")

# (name, group) pairs the `partnerops` command mounts.
GROUPS: tuple[tuple[str, typer.Typer], ...] = (
    ("mdf", mdf_app), ("program", program_app), ("enablement", enablement_app), ("health", health_app),
    ("experiments", experiments_app),
)  # fmt: skip

PartnerId = Annotated[int, typer.Argument(help="The partner's id (see the partners page or API).")]
SettingsFile = Annotated[Path | None, typer.Option("--settings", help="Program settings YAML (tier criteria, "
                         "checklist, health weights); default: the shipped settings.")]  # fmt: skip
OnDay = Annotated[str | None, typer.Option("--on", help="As of this day (YYYY-MM-DD); default today.")]


def _day(text: str | None) -> date:
    try:
        return date.fromisoformat(text) if text else datetime.now(UTC).date()
    except ValueError as exc:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)") from exc


def _money(amount: str, currency: str) -> Money:
    try:
        return Money(Decimal(amount.replace(",", "")), currency.upper())
    except InvalidOperation as exc:
        raise typer.BadParameter(f"{amount!r} is not an amount") from exc


@mdf_app.command("allocate")
def allocate_command(partner_id: PartnerId, period: str, amount: str, currency: str) -> None:
    """Give a partner AMOUNT CURRENCY of MDF for PERIOD (2026, 2026-H2 or 2026-Q4); replaces an earlier figure."""
    with user_errors(*_PROBLEMS), open_engine().begin() as conn:
        mdf.allocate_funds(conn, operator(), partner_id, period, _money(amount, currency))
    console.print(f"partner {partner_id}: {amount} {currency.upper()} of MDF for {period}", highlight=False)


@mdf_app.command("balance")
def balance_command(partner_id: PartnerId, on: OnDay = None) -> None:
    """Allocated, requested, committed, claimed, reimbursed and remaining funds, per currency."""
    with user_errors(*_PROBLEMS), open_engine().connect() as conn:
        balances = mdf.partner_mdf_balance(conn, partner_id, _day(on))
    table = Table("currency", "allocated", "requested", "committed", "claimed", "reimbursed", "remaining")
    for b in balances.values():
        table.add_row(b.currency, *(str(m.amount) for m in (b.allocated, b.requested, b.committed, b.claimed,
                                                             b.reimbursed, b.remaining)))  # fmt: skip
    console.print(table if balances else f"partner {partner_id} has no MDF")


@mdf_app.command("requests")
def requests_command(status: Annotated[RequestStatus | None, typer.Option(help="Only this status.")] = None) -> None:
    """MDF requests, newest first."""
    with open_engine().connect() as conn:
        found = mdf_requests.list_requests(conn, operator(), status)
    table = Table("id", "partner", "title", "budget", "activity", "status")
    for r in found:
        table.add_row(str(r.id), str(r.partner_id), r.title, str(r.budget), f"{r.starts_on}..{r.ends_on}", r.status)
    console.print(table if found else "no MDF requests")


@mdf_app.command("approve")
def approve_command(request_id: int) -> None:
    """Approve a pending request: its budget is committed from the partner's remaining funds."""
    with user_errors(*_PROBLEMS), open_engine().begin() as conn:
        done = mdf_requests.approve_request(conn, operator(), request_id)
    console.print(f"MDF request {done.id}: approved, {done.budget} committed", highlight=False)


@mdf_app.command("reject")
def reject_command(request_id: int, reason: Annotated[str, typer.Option(help="Why; the partner reads it.")]) -> None:
    with user_errors(*_PROBLEMS), open_engine().begin() as conn:
        done = mdf_requests.reject_request(conn, operator(), request_id, reason)
    console.print(f"MDF request {done.id}: rejected", highlight=False)


@mdf_app.command("claims")
def claims_command(status: Annotated[ClaimStatus | None, typer.Option(help="Only this status.")] = None) -> None:
    """MDF claims with their proof of performance, newest first."""
    with open_engine().connect() as conn:
        found = mdf_claims.list_claims(conn, operator(), status)
    table = Table("id", "request", "partner", "amount", "proof", "status")
    for c in found:
        table.add_row(str(c.id), str(c.request_id), str(c.partner_id), str(c.amount),
                      f"{c.proof_reference} ({c.proof_description})", c.status)  # fmt: skip
    console.print(table if found else "no MDF claims")


@mdf_app.command("claim")
def claim_command(
    request_id: int, amount: str,
    proof: Annotated[str, typer.Option(help="Where the proof of performance is: a file reference or URL.")],
    description: Annotated[str, typer.Option(help="What the proof shows (attendees, leads, assets).")],
) -> None:  # fmt: skip
    """File a claim on an approved request, in the request's currency."""
    with user_errors(*_PROBLEMS), open_engine().begin() as conn:
        currency = mdf_requests.get_request(conn, operator(), request_id).budget.currency
        done = mdf_claims.submit_claim(conn, operator(), request_id, ClaimInput(_money(amount, currency), proof,
                                                                                  description))  # fmt: skip
    console.print(f"MDF claim {done.id}: {done.amount} claimed", highlight=False)


@mdf_app.command("decide-claim")
def decide_claim_command(
    claim_id: int, approve: Annotated[bool, typer.Option("--approve/--reject", help="The decision.")],
    reason: Annotated[str, typer.Option(help="Why, when rejecting.")] = "",
) -> None:  # fmt: skip
    with user_errors(*_PROBLEMS), open_engine().begin() as conn:
        done = (mdf_claims.approve_claim(conn, operator(), claim_id) if approve
                else mdf_claims.reject_claim(conn, operator(), claim_id, reason))  # fmt: skip
    console.print(f"MDF claim {done.id}: {done.status}", highlight=False)


@mdf_app.command("reimburse")
def reimburse_command(claim_id: int, reference: Annotated[str, typer.Option(help="The payment's reference.")]) -> None:
    """Record that an approved claim was paid."""
    with user_errors(*_PROBLEMS), open_engine().begin() as conn:
        done = mdf_claims.reimburse_claim(conn, operator(), claim_id, reference)
    console.print(f"MDF claim {done.id}: reimbursed ({done.payment_reference})", highlight=False)


@mdf_app.command("return")
def return_command(partner: Annotated[int | None, typer.Option(help="Only this partner.")] = None,
                   settings: SettingsFile = None) -> None:  # fmt: skip
    """Pipeline and won revenue attributed to each funded activity, per MDF dollar (reporting currency)."""
    currency = get_settings().reporting_currency
    with user_errors(*_PROBLEMS):
        found = mdf_returns(open_engine(), currency, partner, settings=load_program_settings(settings))
    table = Table("request", "partner", "activity", "window", "spend", "deals", "pipeline", "won", "pipeline/$",
                  "won/$")  # fmt: skip
    for r in found:
        table.add_row(str(r.request_id), str(r.partner_id), r.title, f"{r.window[0]}..{r.window[1]}",
                      f"{r.spend} ({r.spend_basis})", str(r.deals), str(r.pipeline), str(r.won),
                      str(r.pipeline_per_dollar or "-"), str(r.won_per_dollar or "-"))  # fmt: skip
    console.print(table if found else "no approved MDF requests")


@program_app.command("stage")
def stage_command(partner_id: PartnerId, stage: LifecycleStage) -> None:
    """Move a partner to a lifecycle stage (recruit, onboard, enable, co_market, co_sell, review)."""
    with user_errors(*_PROBLEMS), open_engine().begin() as conn:
        before = lifecycle.set_stage(conn, operator(), partner_id, stage)
    console.print(f"partner {partner_id}: {before or '-'} -> {stage.value}", highlight=False)


@program_app.command("checklist")
def checklist_command(
    partner_id: PartnerId,
    done: Annotated[list[str] | None, typer.Option("--done", help="Tick this item. Repeatable.")] = None,
    undo: Annotated[list[str] | None, typer.Option("--undo", help="Untick this item. Repeatable.")] = None,
    settings: SettingsFile = None,
) -> None:
    """Show the onboarding checklist of a partner, ticking or unticking items first."""
    program = load_program_settings(settings)
    with user_errors(*_PROBLEMS), open_engine().begin() as conn:
        for item, state in [*((i, True) for i in done or []), *((i, False) for i in undo or [])]:
            lifecycle.mark_item(conn, operator(), partner_id, item, state, program)
        items = lifecycle.checklist(conn, operator(), partner_id, program)
    for i in items:
        console.print(f"[{'x' if i.done else ' '}] {i.item}" + (f"  ({i.done_on}, {i.done_by})" if i.done else ""),
                      highlight=False, markup=False)  # fmt: skip


@tiers_app.command("gap")
def gap_command(partner_id: PartnerId, on: OnDay = None, settings: SettingsFile = None) -> None:
    """The partner's tier, the next one, and what it still needs."""
    with user_errors(*_PROBLEMS), open_engine().connect() as conn:
        gap = tiers.next_tier_gap(conn, partner_id, _day(on), load_program_settings(settings))
    console.print(f"partner {partner_id}: holds {gap.current_tier or '-'}, earns {gap.earned_tier}, next "
                  f"{gap.next_tier or '- (top tier)'}", highlight=False)  # fmt: skip
    for check in gap.checks:
        mark = "met" if check.met else f"missing {check.missing}"
        console.print(f"  {check.criterion}: {check.actual} of {check.required} ({mark})", highlight=False)


@tiers_app.command("review")
def review_command(
    period: Annotated[str, typer.Option(help="The period that ends, e.g. 2026-Q4: criteria are measured on its "
                                        "last day over the trailing window.")],
    settings: SettingsFile = None,
) -> None:  # fmt: skip
    """Propose promotions and demotions for the period, with every criterion met or missed."""
    with user_errors(*_PROBLEMS), open_engine().begin() as conn:
        found = propose_tier_reviews(conn, operator(), period, load_program_settings(settings))
    table = Table("id", "partner", "from", "to", "direction", "criteria", "status")
    for r in found:
        checks = ", ".join(f"{c['criterion']} {c['actual']}/{c['required']}{'' if c['met'] else ' MISSED'}"
                           for c in r.criteria.get("current", r.criteria["proposed"]))  # fmt: skip
        table.add_row(str(r.id), r.partner_name, r.current_tier or "-", r.proposed_tier, r.direction, checks, r.status)
    console.print(table if found else f"no tier changes proposed for {period}")


@tiers_app.command("decide")
def decide_review_command(
    review_id: int, accept: Annotated[bool, typer.Option("--accept/--reject", help="The decision.")],
    reason: Annotated[str, typer.Option(help="Why, when rejecting.")] = "",
) -> None:  # fmt: skip
    """Accept a proposal (the partner's tier changes) or reject it; both are audited."""
    with user_errors(*_PROBLEMS), open_engine().begin() as conn:
        done = (accept_tier_review(conn, operator(), review_id) if accept
                else reject_tier_review(conn, operator(), review_id, reason))  # fmt: skip
    console.print(f"tier review {done.id}: {done.status}", highlight=False)


def _print_import(summary: ImportSummary) -> None:
    console.print(f"{summary.file}: {summary.rows_read} rows read, {summary.inserted} inserted, {summary.updated} "
                  f"updated, {summary.unchanged} unchanged, {summary.quarantined} quarantined", highlight=False)
    for problem in summary.problems:
        console.print(f"  {problem}", highlight=False, markup=False)


@enablement_app.command("import")
def import_completions_command(file: Path) -> None:
    """Import completions: id, partner_id, course, kind (course|certification), person, completed_on[, expires_on]."""
    with user_errors(ImportFailed):
        _print_import(enablement.import_completions(open_engine(), file, ImportOptions(actor=get_settings().actor)))


@enablement_app.command("show")
def show_completions_command(partner_id: PartnerId, on: OnDay = None) -> None:
    with user_errors(*_PROBLEMS), open_engine().connect() as conn:
        found = enablement.partner_completions(conn, operator(), partner_id)
    for c in found:
        state = "" if c.current(_day(on)) else " (expired)"
        console.print(f"{c.completed_on} {c.kind}: {c.course} — {c.person}{state}", highlight=False, markup=False)
    if not found:
        console.print(f"partner {partner_id} has no completions")


@health_app.command("import-psat")
def import_psat_command(file: Path) -> None:
    """Import PSAT answers: id, partner_id, responded_on, score (0..10)[, respondent, comment]."""
    with user_errors(ImportFailed):
        _print_import(enablement.import_psat(open_engine(), file, ImportOptions(actor=get_settings().actor)))


@health_app.command("score")
def score_command(on: OnDay = None, settings: SettingsFile = None) -> None:
    """Score every partner as of a day and store it; shows each score with its change and biggest mover."""
    with user_errors(*_PROBLEMS), open_engine().begin() as conn:
        scores = health.score_partners(conn, load_program_settings(settings), _day(on))
    table = Table("partner", "score", "change", "moved most by")
    for s in scores:
        top = s.movers()[:1]
        table.add_row(str(s.partner_id), f"{s.score:.1f}", "-" if s.change is None else f"{s.change:+.1f}",
                      ", ".join(f"{m.name} {m.change:+.1f}" for m in top) or "-")  # fmt: skip
    console.print(table)


@health_app.command("show")
def show_health_command(partner_id: PartnerId, on: OnDay = None) -> None:
    """The partner's latest score, each input's part in it, and what moved since the previous score."""
    with user_errors(*_PROBLEMS), open_engine().connect() as conn:
        found = health.latest_score(conn, partner_id, _day(on))
    if found is None:
        console.print(f"partner {partner_id} has no health score yet: run `partnerops health score`")
        return
    console.print(f"partner {partner_id}: {found.score:.1f} on {found.scored_on}" + (
        f" ({found.change:+.1f} since {found.previous_on})" if found.change is not None else ""), highlight=False)
    for i in found.inputs:
        moved = "" if i.change is None else f", {i.change:+.2f} points"
        console.print(f"  {i.name}: raw {i.raw if i.raw is not None else '-'}, normalised {i.normalised:.2f}, "
                      f"{i.points:.2f} points{moved}", highlight=False)  # fmt: skip


def _ids(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError as exc:
        raise typer.BadParameter(f"{text!r} is not a comma-separated list of partner ids") from exc


@experiments_app.command("record")
def record_command(
    name: str,
    hypothesis: Annotated[str, typer.Option(help="What you expect and why.")],
    metric: Annotated[ExperimentMetric, typer.Option(help="What is compared over the window.")],
    criteria: Annotated[str, typer.Option(help="e.g. 'uplift >= 1.2', 'ratio <= 0.8', 'difference > 0'.")],
    start: Annotated[str, typer.Option(help="Window start (YYYY-MM-DD).")],
    end: Annotated[str, typer.Option(help="Window end (YYYY-MM-DD).")],
    cohort: Annotated[str, typer.Option(help="Partner ids that got the treatment, e.g. 1,4,7.")],
    control: Annotated[str, typer.Option(help="Partner ids to compare with.")],
) -> None:
    """Record an experiment before its window starts."""
    form = experiments.ExperimentInput(name, hypothesis, metric, criteria, _day(start), _day(end), _ids(cohort),
                                       _ids(control))  # fmt: skip
    with user_errors(*_PROBLEMS), open_engine().begin() as conn:
        experiments.record_experiment(conn, operator(), form)
    console.print(f"experiment {name!r} recorded", highlight=False)


@experiments_app.command("evaluate")
def evaluate_command(name: str) -> None:
    """Compute the metric for cohort and control, compare them with a 95% interval, and judge the criteria."""
    with user_errors(*_PROBLEMS), open_engine().begin() as conn:
        result = experiments.evaluate_experiment(conn, name, get_settings().reporting_currency)
    c = result.comparison
    console.print(f"{name}: {result.metric.value}: cohort {_fmt(result.cohort_value.value)}, control "
                  f"{_fmt(result.control_value.value)}; comparison {_fmt(c.value)} (95% {_fmt(c.low)}..{_fmt(c.high)})"
                  + (f" — {c.undefined}" if c.undefined else ""), highlight=False)  # fmt: skip
    console.print(f"criteria {result.criteria}: {result.verdict.value.upper()}  [{result.method}]", highlight=False,
                  markup=False)  # fmt: skip


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3g}"
