"""`partnerops mdf`: market development funds from allocation through requests and claims to their return."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from partnerops.cli import choices
from partnerops.cli.context import console, find_named, open_engine, operator, reporting_currency, user_errors
from partnerops.cli.output import Column, Listing, OutputFormat, emit, format_option
from partnerops.cli.program_options import OnDay, PartnerId, SettingsFile, parse_day, parse_money, problems

app = typer.Typer(no_args_is_help=True)
REQUESTS = (Column("id", keep=10), Column("partner", keep=9), Column("title", keep=8),
            Column("budget", numeric=True, keep=9), Column("currency", keep=9), Column("starts", keep=4),
            Column("ends", keep=3), Column("status", keep=8))  # fmt: skip
CLAIMS = (Column("id", keep=10), Column("request", keep=9), Column("partner", keep=9),
          Column("amount", numeric=True, keep=9), Column("currency", keep=9), Column("proof", keep=5),
          Column("proof shows", keep=2), Column("status", keep=8))  # fmt: skip


@app.command("allocate")
def allocate_command(partner: PartnerId, period: str, amount: str, currency: str) -> None:
    """Give a partner AMOUNT CURRENCY of MDF for PERIOD (2026, 2026-H2 or 2026-Q4); replaces an earlier figure."""
    from partnerops.program import mdf

    with user_errors(*problems()), open_engine().begin() as conn:
        named = find_named(conn, "partner", partner)
        mdf.allocate_funds(conn, operator(), named.id, period, parse_money(amount, currency))
    console.print(f"partner {named.external_id}: {amount} {currency.upper()} of MDF for {period}", highlight=False)


BALANCE_COLUMNS = tuple(Column(name, numeric=name != "currency", keep=10 if name in ("currency", "remaining") else 5)
                        for name in ("currency", "allocated", "requested", "committed", "claimed", "reimbursed",
                                     "remaining"))  # fmt: skip


@app.command("balance")
def balance_command(partner: PartnerId, on: OnDay = None,
                    output: Annotated[OutputFormat, format_option()] = OutputFormat.table) -> None:
    """Allocated, requested, committed, claimed, reimbursed and remaining funds, per currency."""
    from partnerops.program import mdf

    with user_errors(*problems()), open_engine().connect() as conn:
        named = find_named(conn, "partner", partner)
        balances = mdf.partner_mdf_balance(conn, named.id, parse_day(on))
    rows = [(b.currency, *(m.amount for m in (b.allocated, b.requested, b.committed, b.claimed, b.reimbursed,
                                               b.remaining))) for b in balances.values()]  # fmt: skip
    emit(Listing(BALANCE_COLUMNS, rows, empty=f"partner {named.external_id} has no MDF: `partnerops mdf allocate` "
                 "gives it funds"), output)  # fmt: skip


@app.command("requests")
def requests_command(
    status: Annotated[choices.RequestStatus | None, typer.Option(help="Only this status.")] = None,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """MDF requests, newest first."""
    from partnerops.analytics.record_lists import external_ids
    from partnerops.program import mdf_requests
    from partnerops.program.mdf_model import RequestStatus

    with open_engine().connect() as conn:
        found = mdf_requests.list_requests(conn, operator(), RequestStatus(status.value) if status else None)
        named = external_ids(conn, "partner", (r.partner_id for r in found))
    rows = [(r.id, named[r.partner_id], r.title, r.budget.amount, r.budget.currency, r.starts_on, r.ends_on, r.status)
            for r in found]  # fmt: skip
    emit(Listing(REQUESTS, rows, empty="no MDF requests"), output)


@app.command("approve")
def approve_command(request_id: int) -> None:
    """Approve a pending request: its budget is committed from the partner's remaining funds."""
    from partnerops.program import mdf_requests

    with user_errors(*problems()), open_engine().begin() as conn:
        done = mdf_requests.approve_request(conn, operator(), request_id)
    console.print(f"MDF request {done.id}: approved, {done.budget} committed", highlight=False)


@app.command("reject")
def reject_command(request_id: int, reason: Annotated[str, typer.Option(help="Why; the partner reads it.")]) -> None:
    from partnerops.program import mdf_requests

    with user_errors(*problems()), open_engine().begin() as conn:
        done = mdf_requests.reject_request(conn, operator(), request_id, reason)
    console.print(f"MDF request {done.id}: rejected", highlight=False)


@app.command("claims")
def claims_command(
    status: Annotated[choices.ClaimStatus | None, typer.Option(help="Only this status.")] = None,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """MDF claims with their proof of performance, newest first."""
    from partnerops.analytics.record_lists import external_ids
    from partnerops.program import mdf_claims
    from partnerops.program.mdf_model import ClaimStatus

    with open_engine().connect() as conn:
        found = mdf_claims.list_claims(conn, operator(), ClaimStatus(status.value) if status else None)
        named = external_ids(conn, "partner", (c.partner_id for c in found))
    rows = [(c.id, c.request_id, named[c.partner_id], c.amount.amount, c.amount.currency, c.proof_reference,
             c.proof_description, c.status) for c in found]  # fmt: skip
    emit(Listing(CLAIMS, rows, empty="no MDF claims"), output)


@app.command("claim")
def claim_command(
    request_id: int, amount: str,
    proof: Annotated[str, typer.Option(metavar="REFERENCE", help="Where the proof of performance is: a file "
                                       "reference or URL.")],
    description: Annotated[str, typer.Option(help="What the proof shows (attendees, leads, assets).")],
) -> None:  # fmt: skip
    """File a claim on an approved request, in the request's currency."""
    from partnerops.program import mdf_claims, mdf_requests
    from partnerops.program.mdf_model import ClaimInput

    with user_errors(*problems()), open_engine().begin() as conn:
        currency = mdf_requests.get_request(conn, operator(), request_id).budget.currency
        done = mdf_claims.submit_claim(conn, operator(), request_id, ClaimInput(parse_money(amount, currency), proof,
                                                                                  description))  # fmt: skip
    console.print(f"MDF claim {done.id}: {done.amount} claimed", highlight=False)


@app.command("decide-claim")
def decide_claim_command(
    claim_id: int, approve: Annotated[bool, typer.Option("--approve/--reject", help="The decision.")],
    reason: Annotated[str, typer.Option(help="Why, when rejecting.")] = "",
) -> None:  # fmt: skip
    from partnerops.program import mdf_claims

    with user_errors(*problems()), open_engine().begin() as conn:
        done = (mdf_claims.approve_claim(conn, operator(), claim_id) if approve
                else mdf_claims.reject_claim(conn, operator(), claim_id, reason))  # fmt: skip
    console.print(f"MDF claim {done.id}: {done.status}", highlight=False)


@app.command("reimburse")
def reimburse_command(claim_id: int, reference: Annotated[str, typer.Option(help="The payment's reference.")]) -> None:
    """Record that an approved claim was paid."""
    from partnerops.program import mdf_claims

    with user_errors(*problems()), open_engine().begin() as conn:
        done = mdf_claims.reimburse_claim(conn, operator(), claim_id, reference)
    console.print(f"MDF claim {done.id}: reimbursed ({done.payment_reference})", highlight=False)


@app.command("return")
def return_command(partner: Annotated[str | None, typer.Option(metavar="PARTNER", help="Only this partner (its id "
                                                                "or exact name).")] = None,
                   settings: SettingsFile = None) -> None:  # fmt: skip
    """Pipeline and won revenue attributed to each funded activity, per MDF dollar (reporting currency)."""
    from partnerops.analytics.record_lists import external_ids
    from partnerops.program.mdf_return import mdf_returns
    from partnerops.program.program_settings import load_program_settings

    currency, engine = reporting_currency(), open_engine()
    with engine.connect() as conn:
        partner_id = find_named(conn, "partner", partner).id if partner else None
    with user_errors(*problems()):
        found = mdf_returns(engine, currency, partner_id, settings=load_program_settings(settings))
    with engine.connect() as conn:
        named = external_ids(conn, "partner", (r.partner_id for r in found))
    table = Table("request", "partner", "activity", "window", "spend", "deals", "pipeline", "won", "pipeline/$",
                  "won/$")  # fmt: skip
    for r in found:
        table.add_row(str(r.request_id), named[r.partner_id], r.title, f"{r.window[0]}..{r.window[1]}",
                      f"{r.spend} ({r.spend_basis})", str(r.deals), str(r.pipeline), str(r.won),
                      str(r.pipeline_per_dollar or "-"), str(r.won_per_dollar or "-"))  # fmt: skip
    console.print(table if found else "no approved MDF requests")
