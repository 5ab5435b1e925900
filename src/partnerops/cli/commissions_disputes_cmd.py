"""`partnerops commissions disputes`: disputes on statement lines, opened on a partner's behalf and resolved."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from partnerops.cli import choices
from partnerops.cli.commissions_options import expected_errors, parse_money
from partnerops.cli.context import console, open_engine, operator, user_errors

app = typer.Typer(help="Disputes on statement lines: open, resolve, list.", no_args_is_help=True)


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
) -> None:
    """Disputes, newest first, with their resolution."""
    from partnerops.commissions import disputes

    chosen = disputes.DisputeStatus(status.value) if status else None
    found = disputes.list_disputes(open_engine(), operator(), chosen)
    table = Table("dispute", "partner", "line", "status", "claim", "evidence", "resolution")
    for d in found:
        table.add_row(str(d.id), str(d.partner_id), str(d.entry_id), d.status.value, d.claim, d.evidence,
                      d.resolution or "-")
    console.print(table if found else "no disputes")
