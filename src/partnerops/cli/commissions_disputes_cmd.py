"""`partnerops commissions disputes`: disputes on statement lines, opened on a partner's behalf and resolved."""

from __future__ import annotations

from typing import Annotated

import typer

from partnerops.cli import choices
from partnerops.cli.commissions_options import expected_errors, parse_money
from partnerops.cli.context import console, open_engine, operator, user_errors
from partnerops.cli.output import Column, Listing, OutputFormat, emit, format_option

app = typer.Typer(help="Disputes on statement lines: open, resolve, list.", no_args_is_help=True)
DISPUTES = (Column("dispute", keep=10), Column("partner", keep=9), Column("line", keep=8), Column("status", keep=8),
            Column("claim", keep=6), Column("evidence", keep=2), Column("resolution", keep=4))  # fmt: skip


@app.command("open")
def disputes_open(
    line: Annotated[int, typer.Argument(help="The statement line (journal entry id) disputed.")],
    claim: Annotated[str, typer.Option(help="What is wrong with the line.")],
    evidence: Annotated[str, typer.Option(help="A link, a note or a document reference.")],
) -> None:
    """Open a dispute on a statement line (on a partner's behalf)."""
    from partnerops.commissions import disputes

    with user_errors(*expected_errors()):
        found = disputes.open_dispute(open_engine(), operator(), line, claim, evidence)
    console.print(f"dispute {found.id} opened on line {found.entry_id}", highlight=False)


@app.command("resolve")
def disputes_resolve(
    dispute_id: Annotated[int, typer.Argument(help="The dispute id.")],
    resolution: Annotated[str, typer.Option(help="The decision's reason, as the partner will read it.")],
    accept: Annotated[bool, typer.Option("--accept/--reject", help="Accept (with --amount) or reject.")],
    amount: Annotated[str | None, typer.Option(metavar="AMOUNT", help="Accepted: the adjustment granted, e.g. "
                                               "250.00.")] = None,
    currency: Annotated[str, typer.Option(metavar="CODE", help="The adjustment's currency.")] = "USD",
) -> None:
    """Resolve an open dispute: accepted with an adjustment, or rejected with a reason."""
    from partnerops.commissions import disputes

    with user_errors(*expected_errors()):
        adjustment = parse_money(amount, currency) if amount else None
        found = disputes.resolve_dispute(open_engine(), operator(), dispute_id, accept, resolution, adjustment)
    console.print(f"dispute {found.id}: {found.status.value}", highlight=False)


@app.command("list")
def disputes_list(
    status: Annotated[choices.DisputeStatus | None, typer.Option(help="Only this status.")] = None,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """Disputes, newest first, with their resolution."""
    from partnerops.analytics.record_lists import external_ids
    from partnerops.commissions import disputes

    chosen = disputes.DisputeStatus(status.value) if status else None
    engine = open_engine()
    found = disputes.list_disputes(engine, operator(), chosen)
    with engine.connect() as conn:
        named = external_ids(conn, "partner", (d.partner_id for d in found))
    rows = [(d.id, named[d.partner_id], d.entry_id, d.status.value, d.claim, d.evidence, d.resolution) for d in found]
    emit(Listing(DISPUTES, rows, empty="no disputes"), output)
