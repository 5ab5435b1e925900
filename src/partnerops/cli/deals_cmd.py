"""`partnerops deals`: page through opportunities (search, outcome, account) and show one with its partners'
touches, named by external ids."""

from __future__ import annotations

from typing import Annotated

import typer

from partnerops.cli import paging
from partnerops.cli.context import find_named, open_engine
from partnerops.cli.output import Column, Listing, OutputFormat, emit, emit_record, format_option
from partnerops.domain.enums import Outcome

app = typer.Typer()

COLUMNS = (Column("id", keep=10), Column("name", keep=8), Column("account", keep=6),
           Column("amount", numeric=True, keep=9), Column("currency", keep=9), Column("stage", keep=3),
           Column("outcome", keep=7), Column("created", keep=4), Column("closed", keep=2),
           Column("owner", keep=1))  # fmt: skip
TOUCHES = (Column("partner", keep=10), Column("touch", keep=9), Column("on", keep=9), Column("status", keep=8))


@app.callback(invoke_without_command=True)
def deals(context: typer.Context) -> None:
    """Opportunities (deals): `partnerops deals` lists the first page."""
    if context.invoked_subcommand is None:
        list_command(None, None, None, paging.DEFAULT_LIMIT, 0, OutputFormat.table)


@app.command("list")
def list_command(
    search: Annotated[str | None, typer.Option("--search", metavar="TEXT",
                                               help="Part of the deal's id or name.")] = None,
    outcome: Annotated[Outcome | None, typer.Option("--outcome", help="Only open, won or lost deals.")] = None,
    account: Annotated[str | None, typer.Option("--account", metavar="ACCOUNT",
                                                help="Only this account's deals (its id or exact name).")] = None,
    limit: Annotated[int, paging.limit_option()] = paging.DEFAULT_LIMIT,
    offset: Annotated[int, paging.offset_option()] = 0,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """List deals by name, a page at a time, with how many match in all."""
    from partnerops.analytics.record_lists import deal_page

    with open_engine().connect() as connection:
        account_id = find_named(connection, "account", account).id if account else None
        page = deal_page(connection, search=search, outcome=outcome.value if outcome else None, account_id=account_id,
                         limit=limit, offset=offset)  # fmt: skip
    rows = [(d.external_id, d.name, d.account, d.amount.amount if d.amount else None, d.currency, d.stage, d.outcome,
             d.created_on, d.closed_on, d.owner) for d in page.rows]  # fmt: skip
    emit(Listing(COLUMNS, rows, empty="no deals match" if page.total else "no deals yet: `partnerops import`",
                 notes=[paging.page_note(page.shown, offset, len(rows), page.total)]), output)  # fmt: skip


@app.command("show")
def show_command(
    deal: Annotated[str, typer.Argument(help="The deal's id, SYSTEM:ID, or exact name.")],
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """Show one deal's fields and the partners' touches on it."""
    from partnerops.analytics.record_lists import deal_touches, one_deal

    with open_engine().connect() as connection:
        ref = find_named(connection, "opportunity", deal)
        (d, deleted), touched = one_deal(connection, ref.id), deal_touches(connection, ref.id)
    row = (d.external_id, d.name, d.account, d.amount.amount if d.amount else None, d.currency, d.stage, d.outcome,
           d.created_on, d.closed_on, d.owner)  # fmt: skip
    if output is OutputFormat.table:
        emit_record((*COLUMNS, Column("source"), Column("deleted in CRM")), (*row, ref.source_system, deleted),
                    output)
        typer.echo()
        emit(Listing(TOUCHES, touched, empty="no partner touches on this deal"), output)
    else:
        records = [{"partner": p, "touch": k, "on": on.isoformat(), "status": s} for p, k, on, s in touched]
        listed = records if output is OutputFormat.json else "; ".join(" ".join(r.values()) for r in records)
        emit_record((*COLUMNS, Column("source"), Column("deleted in CRM"), Column("touches")),
                    (*row, ref.source_system, deleted, listed), output)
