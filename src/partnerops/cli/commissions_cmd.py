"""Commissions: plans, accruals, the ledger, statements, payouts and disputes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from partnerops.analytics.currency import MissingRate
from partnerops.cli.context import console, open_engine, user_errors
from partnerops.commissions import disputes, payouts
from partnerops.commissions.accrual import accrue
from partnerops.commissions.adjustments import adjust
from partnerops.commissions.errors import CommissionError
from partnerops.commissions.events import import_events
from partnerops.commissions.export import journal_csv
from partnerops.commissions.journal_repo import account_balances
from partnerops.commissions.partner_ref import find_partner
from partnerops.commissions.periods import InvalidPeriod, parse_period
from partnerops.commissions.plan import CommissionPlan, PlanError, parse_plan, plan_in_force
from partnerops.commissions.plan_repo import load_plan, stored_plans
from partnerops.commissions.statement_files import statement_csv, statement_html
from partnerops.commissions.statements import Statement, partner_statement
from partnerops.domain.money import Money, UnknownCurrency
from partnerops.domain.roles import Principal, Role
from partnerops.ingest.errors import ImportFailed
from partnerops.ingest.options import ImportOptions
from partnerops.settings import get_settings
from partnerops.store.attribution_runs import NoAttributionRun

app = typer.Typer(
    help="Commissions: plans, accruals, the ledger, statements, payouts and disputes.", no_args_is_help=True
)
plan_app = typer.Typer(help="Commission plans: check a plan file, load it as a new version, show what is in force.",
                       no_args_is_help=True)
events_app = typer.Typer(help="Refund and churn events that reverse or claw back commissions.", no_args_is_help=True)
payouts_app = typer.Typer(help="Payout batches: create a draft, approve it, mark it paid.", no_args_is_help=True)
disputes_app = typer.Typer(help="Disputes on statement lines: open, resolve, list.", no_args_is_help=True)
app.add_typer(plan_app, name="plan")
app.add_typer(events_app, name="events")
app.add_typer(payouts_app, name="payouts")
app.add_typer(disputes_app, name="disputes")

EXPECTED = (CommissionError, PlanError, InvalidPeriod, MissingRate, NoAttributionRun, UnknownCurrency, ValueError)
PlanFile = Annotated[Path, typer.Argument(help="A commission plan (YAML); see the sample in the README.")]
AsOf = Annotated[date | None, typer.Option(formats=["%Y-%m-%d"], help="The day to act as of (default: today).")]


class StatementFormat(StrEnum):
    table = "table"
    csv = "csv"
    html = "html"


def _operator() -> Principal:
    """The command line acts as an administrator, recorded in the audit log as PARTNEROPS_ACTOR."""
    return Principal(user_id=0, email=get_settings().actor, role=Role.ADMIN)


def _money(amount: str, currency: str) -> Money:
    try:
        return Money(Decimal(amount), currency.upper())
    except InvalidOperation as exc:
        raise ValueError(f"{amount!r} is not an amount (write e.g. 250.00 or -75.50)") from exc


@app.callback()
def _group() -> None:
    """Commissions: plans, accruals, the ledger, statements, payouts and disputes."""


@plan_app.command("check")
def plan_check(file: PlanFile) -> None:
    """Validate FILE without loading it: every problem is named by its field."""
    with user_errors(PlanError, OSError):
        plan = parse_plan(file.read_text(encoding="utf-8"), str(file))
    console.print(f"{file}: plan {plan.version} is valid (effective from {plan.effective_from}, {plan.method.value}, "
                  f"{len(plan.bands)} bands, digest {plan.digest})", highlight=False)


@plan_app.command("load")
def plan_load(file: PlanFile) -> None:
    """Store FILE as a plan version; it applies to deals closed on or after its effective_from."""
    with user_errors(PlanError, OSError):
        plan = parse_plan(file.read_text(encoding="utf-8"), str(file))
        with open_engine().begin() as conn:
            loaded = load_plan(conn, plan, str(file), get_settings().actor)
    state = "loaded" if loaded.new else "already loaded, unchanged"
    console.print(f"plan {plan.version} (effective from {plan.effective_from}): {state}", highlight=False)


@plan_app.command("show")
def plan_show(on: AsOf = None) -> None:
    """List the stored plan versions and show the one in force on a day (default: today)."""
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


@app.command("accrue")
def accrue_command(as_of: AsOf = None) -> None:
    """Accrue commissions on won deals closed up to --as-of and apply refunds/churn; re-running changes nothing."""
    with user_errors(*EXPECTED):
        report = accrue(open_engine(), as_of or date.today(), get_settings().actor)
    console.print(f"as of {report.as_of}: {report.accrued} credits accrued, {report.tracked} tracked (not paid), "
                  f"{report.unchanged} unchanged, {report.reversals} reversals/clawbacks", highlight=False)


@app.command("adjust")
def adjust_command(
    partner: Annotated[str, typer.Argument(help="Partner id, external id or exact name.")],
    amount: Annotated[str, typer.Argument(help="Positive: the partner is owed more; negative: less.")],
    currency: Annotated[str, typer.Argument(help="ISO 4217 code, e.g. USD.")],
    reason: Annotated[str, typer.Option(help="Why; shown on the statement and kept in the audit log.")],
    on: AsOf = None,
) -> None:
    """Post a manual adjustment to what a partner is owed."""
    engine = open_engine()
    with user_errors(*EXPECTED):
        with engine.connect() as conn:
            partner_id, name = find_partner(conn, partner)
        entry = adjust(engine, partner_id, _money(amount, currency), reason, get_settings().actor, on or date.today())
    console.print(f"adjustment posted for {name}: statement line {entry}", highlight=False)


@events_app.command("import")
def events_import(
    file: Annotated[Path, typer.Argument(help="CSV/JSON with id, opportunity_id, type (refund|churn), occurred_on, "
                                         "currency, and optional amount (blank: the whole deal) and note.")],
    source_system: Annotated[str | None, typer.Option(help="Where the event ids come from (default csv).")] = None,
    ref: Annotated[str | None, typer.Option(help="Source system of the opportunity ids (default: as the file's).")
                   ] = None,
) -> None:
    """Import refund/churn events; bad rows go to the quarantine, a second import of the file changes nothing."""
    options = ImportOptions(source_system=source_system, refs={"opportunity": ref} if ref else {},
                            actor=get_settings().actor)
    with user_errors(ImportFailed):
        summary = import_events(open_engine(), file, options)
    console.print(f"{summary.rows_read} rows: {summary.inserted} new, {summary.updated} updated, {summary.unchanged} "
                  f"unchanged, {summary.quarantined} quarantined", highlight=False)
    for problem in summary.problems:
        console.print(f"  {problem}", highlight=False, markup=False)


@app.command("statement")
def statement_command(
    partner: Annotated[str, typer.Argument(help="Partner id, external id or exact name.")],
    period: Annotated[str, typer.Option(help="2026-Q3, 2026-07 or 2026.")],
    output: Annotated[StatementFormat, typer.Option("--format", help="table, csv or html (printable).")
                      ] = StatementFormat.table,
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of the terminal.")] = None,
) -> None:
    """A partner's statement for a period: opening balance, every line, closing balance."""
    with user_errors(*EXPECTED), open_engine().connect() as conn:
        statement = partner_statement(conn, find_partner(conn, partner)[0], parse_period(period))
    if output is StatementFormat.table:
        _print_statement(statement)
        return
    text = statement_csv(statement) if output is StatementFormat.csv else statement_html(statement)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}", highlight=False)


def _print_statement(statement: Statement) -> None:
    table = Table("line", "date", "kind", "deal", "tier", "rate", "amount", "detail",
                  title=f"{statement.partner_name} — {statement.period.label}")
    for line in statement.lines:
        rate = f"{line.rate:.2%}" if line.rate is not None else "-"
        detail = line.memo + (f" (dispute: {line.dispute_status})" if line.dispute_status else "")
        table.add_row(str(line.entry_id), str(line.booked_on), line.kind, line.deal or "-", line.tier or "-", rate,
                      str(line.amount), detail)
    console.print(table)
    for label, balances in (("opening", statement.opening), ("closing", statement.closing)):
        console.print(f"{label} balance owed: {', '.join(map(str, balances.values())) or 'nothing'}", highlight=False)


@payouts_app.command("create")
def payouts_create(
    through: Annotated[date, typer.Option(formats=["%Y-%m-%d"], help="Include entries booked up to this day.")],
    pay_on: Annotated[date, typer.Option(formats=["%Y-%m-%d"], help="The day the payout is planned.")],
) -> None:
    """Draft a batch of what every partner is owed through a day (less what open batches already hold)."""
    with user_errors(*EXPECTED):
        batch = payouts.create_batch(open_engine(), through, pay_on, get_settings().actor)
    _print_batch(batch)


@payouts_app.command("approve")
def payouts_approve(batch_id: Annotated[int, typer.Argument(help="The batch id.")]) -> None:
    """Approve a draft batch."""
    with user_errors(*EXPECTED):
        _print_batch(payouts.approve_batch(open_engine(), batch_id, get_settings().actor))


@payouts_app.command("pay")
def payouts_pay(batch_id: Annotated[int, typer.Argument(help="The batch id.")], on: AsOf = None) -> None:
    """Mark an approved batch paid: posts the payouts to the ledger."""
    with user_errors(*EXPECTED):
        _print_batch(payouts.pay_batch(open_engine(), batch_id, get_settings().actor, on or date.today()))


@payouts_app.command("list")
def payouts_list() -> None:
    """Every payout batch, newest first, with its totals."""
    batches = payouts.list_batches(open_engine())
    table = Table("batch", "status", "through", "pay on", "partners", "total")
    for b in batches:
        total = ", ".join(map(str, b.totals().values()))
        table.add_row(str(b.id), b.status.value, str(b.through), str(b.pay_on), str(len(b.items)), total)
    console.print(table if batches else "no payout batches")


def _print_batch(batch: payouts.PayoutBatch) -> None:
    console.print(f"batch {batch.id}: {batch.status.value}, through {batch.through}, pay on {batch.pay_on}",
                  highlight=False)
    for item in batch.items:
        console.print(f"  partner {item.partner_id}: {item.amount}", highlight=False)


@app.command("export")
def export_command(
    start: Annotated[date | None, typer.Option("--from", formats=["%Y-%m-%d"], help="First booking day.")] = None,
    end: Annotated[date | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Last booking day.")] = None,
    out: Annotated[Path | None, typer.Option(help="Write the CSV here instead of the terminal.")] = None,
) -> None:
    """The journal for accounting as CSV: one row per ledger line with debit and credit."""
    with open_engine().connect() as conn:
        text = journal_csv(conn, start, end)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}", highlight=False)


@app.command("ledger")
def ledger_command(partner: Annotated[str | None, typer.Argument(help="Only this partner.")] = None) -> None:
    """Account balances per currency; the accounts of the whole ledger always sum to zero."""
    with user_errors(*EXPECTED), open_engine().connect() as conn:
        partner_id = find_partner(conn, partner)[0] if partner else None
        balances = account_balances(conn, partner_id)
    table = Table("account", "currency", "balance (debit +)")
    for (account, currency), money in sorted(balances.items()):
        table.add_row(account.value, currency, str(money))
    console.print(table if balances else "the ledger is empty")


@disputes_app.command("open")
def disputes_open(
    line: Annotated[int, typer.Argument(help="The statement line (journal entry id) disputed.")],
    claim: Annotated[str, typer.Option(help="What is wrong with the line.")],
    evidence: Annotated[str, typer.Option(help="A link, a note or a document reference.")],
) -> None:
    """Open a dispute on a statement line (on a partner's behalf)."""
    with user_errors(*EXPECTED):
        found = disputes.open_dispute(open_engine(), _operator(), line, claim, evidence)
    console.print(f"dispute {found.id} opened on line {found.entry_id}", highlight=False)


@disputes_app.command("resolve")
def disputes_resolve(
    dispute_id: Annotated[int, typer.Argument(help="The dispute id.")],
    resolution: Annotated[str, typer.Option(help="The decision's reason, as the partner will read it.")],
    accept: Annotated[bool, typer.Option("--accept/--reject", help="Accept (with --amount) or reject.")],
    amount: Annotated[str | None, typer.Option(help="Accepted: the adjustment granted, e.g. 250.00.")] = None,
    currency: Annotated[str, typer.Option(help="The adjustment's currency.")] = "USD",
) -> None:
    """Resolve an open dispute: accepted with an adjustment, or rejected with a reason."""
    with user_errors(*EXPECTED):
        adjustment = _money(amount, currency) if amount else None
        found = disputes.resolve_dispute(open_engine(), _operator(), dispute_id, accept, resolution, adjustment)
    console.print(f"dispute {found.id}: {found.status.value}", highlight=False)


@disputes_app.command("list")
def disputes_list(
    status: Annotated[disputes.DisputeStatus | None, typer.Option(help="Only this status.")] = None,
) -> None:
    """Disputes, newest first, with their resolution."""
    found = disputes.list_disputes(open_engine(), _operator(), status)
    table = Table("dispute", "partner", "line", "status", "claim", "evidence", "resolution")
    for d in found:
        table.add_row(str(d.id), str(d.partner_id), str(d.entry_id), d.status.value, d.claim, d.evidence,
                      d.resolution or "-")
    console.print(table if found else "no disputes")
