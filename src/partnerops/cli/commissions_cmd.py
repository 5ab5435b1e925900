"""`partnerops commissions`: plans, accruals, adjustments, refund/churn events and the ledger; statements,
payouts and disputes are mounted from their own modules."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from partnerops.cli import commissions_disputes_cmd, commissions_payouts_cmd, commissions_statement_cmd
from partnerops.cli.commissions_options import AsOf, PartnerRef, expected_errors, parse_money
from partnerops.cli.context import actor, console, find_named, open_engine, user_errors
from partnerops.cli.output import Column, Listing, OutputFormat, emit, format_option

if TYPE_CHECKING:
    from partnerops.commissions.plan import CommissionPlan

app = typer.Typer(no_args_is_help=True)
plan_app = typer.Typer(help="Commission plans: check a plan file, load it as a new version, show what is in force.",
                       no_args_is_help=True)
events_app = typer.Typer(help="Refund and churn events that reverse or claw back commissions.", no_args_is_help=True)
app.add_typer(plan_app, name="plan")
app.add_typer(events_app, name="events")
app.add_typer(commissions_payouts_cmd.app, name="payouts")
app.add_typer(commissions_disputes_cmd.app, name="disputes")

PlanFile = Annotated[Path, typer.Argument(help="A commission plan (YAML); see the sample in the README.")]


@app.callback()
def _group() -> None:
    """Commissions: plans, accruals, the ledger, statements, payouts and disputes."""


@plan_app.command("check")
def plan_check(file: PlanFile) -> None:
    """Validate FILE without loading it: every problem is named by its field."""
    from partnerops.commissions.plan import PlanError, parse_plan

    with user_errors(PlanError, OSError):
        plan = parse_plan(file.read_text(encoding="utf-8"), str(file))
    console.print(f"{file}: plan {plan.version} is valid (effective from {plan.effective_from}, {plan.method.value}, "
                  f"{len(plan.bands)} bands, digest {plan.digest})", highlight=False)


@plan_app.command("load")
def plan_load(file: PlanFile) -> None:
    """Store FILE as a plan version; it applies to deals closed on or after its effective_from."""
    from partnerops.commissions.plan import PlanError, parse_plan
    from partnerops.commissions.plan_repo import load_plan

    with user_errors(PlanError, OSError):
        plan = parse_plan(file.read_text(encoding="utf-8"), str(file))
        with open_engine().begin() as conn:
            loaded = load_plan(conn, plan, str(file), actor())
    state = "loaded" if loaded.new else "already loaded, unchanged"
    console.print(f"plan {plan.version} (effective from {plan.effective_from}): {state}", highlight=False)


@plan_app.command("show")
def plan_show(on: AsOf = None) -> None:
    """List the stored plan versions and show the one in force on a day (default: today)."""
    from partnerops.commissions.plan import plan_in_force
    from partnerops.commissions.plan_repo import stored_plans

    with open_engine().connect() as conn:
        plans = stored_plans(conn)
    current = plan_in_force(plans, on or date.today())
    table = Table("version", "effective from", "method", "bands", "currency", "clawback days", "in force")
    for plan in plans:
        bands = ", ".join(f"{b.rate:%} from {b.from_revenue:,}" for b in plan.bands)
        table.add_row(plan.version, str(plan.effective_from), plan.method.value, bands, plan.currency,
                      str(plan.clawback_days), "yes" if plan is current else "")
    console.print(table if plans else "no commission plan loaded: `partnerops commissions plan load PLAN.yaml`")
    if current is not None:
        _print_plan(current)


def _print_plan(plan: CommissionPlan) -> None:
    paid = [tier for tier, on in (("sourced", plan.tiers.sourced), ("co-sell", plan.tiers.co_sell)) if on]
    active = ", ".join(t.value for t in plan.tiers.active_touch_types)
    lines = [f"in force: {plan.version} — {plan.description or 'no description'}",
             f"paid tiers: {', '.join(paid) or 'none'} (co-sell needs a confirmed {active} touch); influence: tracked",
             f"caps: per deal {plan.caps.per_deal or '-'}, per partner per year {plan.caps.per_partner_year or '-'}",
             *(f"product line {p.name}: x{p.rate_multiplier}, {p.term_months} months, matches {', '.join(p.match)}"
               for p in plan.product_lines)]  # fmt: skip
    console.print("\n".join(lines), highlight=False, markup=False)


@events_app.command("import")
def events_import(
    file: Annotated[Path, typer.Argument(help="CSV/JSON with id, opportunity_id, type (refund|churn), occurred_on, "
                                         "currency, and optional amount (blank: the whole deal) and note.")],
    source_system: Annotated[str | None, typer.Option(metavar="SYSTEM", help="Where the event ids come from "
                                                      "(default csv).")] = None,
    ref: Annotated[str | None, typer.Option(metavar="SYSTEM", help="Source system of the opportunity ids (default: "
                                            "as the file's).")] = None,
) -> None:
    """Import refund/churn events; bad rows go to the quarantine, a second import of the file changes nothing."""
    from partnerops.commissions.events import import_events
    from partnerops.ingest.errors import ImportFailed
    from partnerops.ingest.options import ImportOptions

    options = ImportOptions(source_system=source_system, refs={"opportunity": ref} if ref else {}, actor=actor())
    with user_errors(ImportFailed):
        summary = import_events(open_engine(), file, options)
    console.print(f"{summary.rows_read} rows: {summary.inserted} new, {summary.updated} updated, {summary.unchanged} "
                  f"unchanged, {summary.quarantined} quarantined", highlight=False)
    for problem in summary.problems:
        console.print(f"  {problem}", highlight=False, markup=False)


@app.command("accrue")
def accrue_command(as_of: AsOf = None) -> None:
    """Accrue commissions on won deals closed up to --as-of and apply refunds/churn; re-running changes nothing."""
    from partnerops.commissions.accrual import accrue

    with user_errors(*expected_errors()):
        report = accrue(open_engine(), as_of or date.today(), actor())
    console.print(f"as of {report.as_of}: {report.accrued} credits accrued, {report.tracked} tracked (not paid), "
                  f"{report.unchanged} unchanged, {report.reversals} reversals/clawbacks, {report.withdrawn} "
                  "withdrawn (the latest attribution no longer pays them)", highlight=False)


@app.command("adjust")
def adjust_command(
    partner: PartnerRef,
    amount: Annotated[str, typer.Argument(help="Positive: the partner is owed more; negative: less.")],
    currency: Annotated[str, typer.Argument(metavar="CODE", help="ISO 4217 code, e.g. USD.")],
    reason: Annotated[str, typer.Option(help="Why; shown on the statement and kept in the audit log.")],
    on: AsOf = None,
) -> None:
    """Post a manual adjustment to what a partner is owed."""
    from partnerops.commissions.adjustments import adjust

    engine = open_engine()
    with engine.connect() as conn:
        named = find_named(conn, "partner", partner)
    with user_errors(*expected_errors()):
        entry = adjust(engine, named.id, parse_money(amount, currency), reason, actor(), on or date.today())
    console.print(f"adjustment posted for {named.label}: statement line {entry}", highlight=False)


# `--help` lists commands in the order they are registered: the statement and export sit between adjust and ledger.
app.command("statement")(commissions_statement_cmd.statement_command)
app.command("export")(commissions_statement_cmd.export_command)


LEDGER_COLUMNS = (Column("account", keep=10), Column("currency", keep=9), Column("balance", numeric=True, keep=9))


@app.command("ledger")
def ledger_command(
    partner: Annotated[str | None, typer.Argument(help="Only this partner.")] = None,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """Account balances per currency; the accounts of the whole ledger always sum to zero."""
    from partnerops.commissions.journal_repo import account_balances

    with user_errors(*expected_errors()), open_engine().connect() as conn:
        partner_id = find_named(conn, "partner", partner).id if partner else None
        balances = account_balances(conn, partner_id)
    rows = [(account.value, currency, money.amount) for (account, currency), money in sorted(balances.items())]
    emit(Listing(LEDGER_COLUMNS, rows, empty="the ledger is empty", notes=["balances are debit-positive"]), output)
