"""`partnerops accounts`: page through customer and prospect accounts and show one with its deals."""

from __future__ import annotations

from typing import Annotated

import typer

from partnerops.cli import paging
from partnerops.cli.context import find_named, open_engine
from partnerops.cli.output import Column, Listing, OutputFormat, emit, emit_record, format_option

app = typer.Typer()

COLUMNS = (Column("id", keep=10), Column("name", keep=9), Column("domain", keep=5), Column("segment", keep=4),
           Column("region", keep=3), Column("country", keep=2))  # fmt: skip


@app.callback(invoke_without_command=True)
def accounts(context: typer.Context) -> None:
    """Customer and prospect accounts: `partnerops accounts` lists the first page."""
    if context.invoked_subcommand is None:
        list_command(None, None, None, paging.DEFAULT_LIMIT, 0, OutputFormat.table)


@app.command("list")
def list_command(
    search: Annotated[str | None, typer.Option("--search", metavar="TEXT",
                                               help="Part of the account's id or name.")] = None,
    segment: Annotated[str | None, typer.Option("--segment", metavar="SEGMENT",
                                                help="Only accounts in this segment.")] = None,
    region: Annotated[str | None, typer.Option("--region", metavar="REGION",
                                               help="Only accounts in this region.")] = None,
    limit: Annotated[int, paging.limit_option()] = paging.DEFAULT_LIMIT,
    offset: Annotated[int, paging.offset_option()] = 0,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """List accounts by name, a page at a time, with how many match in all."""
    from partnerops.analytics.record_lists import account_page

    with open_engine().connect() as connection:
        page = account_page(connection, search=search, segment=segment, region=region, limit=limit, offset=offset)
    rows = [(a.external_id, a.name, a.domain, a.segment, a.region, a.country) for a in page.rows]
    emit(Listing(COLUMNS, rows, empty="no accounts match" if page.total else "no accounts yet: `partnerops import`",
                 notes=[paging.page_note(page.shown, offset, len(rows), page.total)]), output)  # fmt: skip


@app.command("show")
def show_command(
    account: Annotated[str, typer.Argument(help="The account's id, SYSTEM:ID, or exact name.")],
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """Show one account's fields and how many deals it has (`partnerops deals list --account ID` lists them)."""
    from partnerops.analytics.record_lists import deal_page, one_account

    with open_engine().connect() as connection:
        ref = find_named(connection, "account", account)
        (a, deleted), deals = one_account(connection, ref.id), deal_page(connection, account_id=ref.id, limit=1)
    columns = (*COLUMNS, Column("source"), Column("deleted in CRM"), Column("deals", numeric=True))
    emit_record(columns, (a.external_id, a.name, a.domain, a.segment, a.region, a.country, ref.source_system,
                          deleted, deals.total), output)  # fmt: skip
