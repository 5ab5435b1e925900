"""`partnerops partners`: page through partners (search, type, tier) and show one, named by its external id."""

from __future__ import annotations

from typing import Annotated

import typer

from partnerops.cli import paging
from partnerops.cli.context import find_named, open_engine
from partnerops.cli.output import Column, Listing, OutputFormat, emit, emit_record, format_option
from partnerops.domain.enums import PartnerType

app = typer.Typer()

COLUMNS = (Column("id", keep=10), Column("name", keep=9), Column("type", keep=7), Column("tier", keep=6),
           Column("stage", keep=4), Column("domain", keep=2), Column("owner", keep=3),
           Column("joined", keep=1))  # fmt: skip


@app.callback(invoke_without_command=True)
def partners(context: typer.Context) -> None:
    """Partners as imported from your CRM: `partnerops partners` lists the first page."""
    if context.invoked_subcommand is None:
        list_command(None, None, None, paging.DEFAULT_LIMIT, 0, OutputFormat.table)


@app.command("list")
def list_command(
    search: Annotated[str | None, typer.Option("--search", metavar="TEXT",
                                               help="Part of the partner's id or name.")] = None,
    type: Annotated[PartnerType | None, typer.Option("--type", help="Only partners of this type.")] = None,
    tier: Annotated[str | None, typer.Option("--tier", metavar="TIER", help="Only partners in this tier.")] = None,
    limit: Annotated[int, paging.limit_option()] = paging.DEFAULT_LIMIT,
    offset: Annotated[int, paging.offset_option()] = 0,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """List partners by name, a page at a time, with how many match in all."""
    from partnerops.analytics.record_lists import partner_page

    with open_engine().connect() as connection:
        page = partner_page(connection, search=search, type=type.value if type else None, tier=tier, limit=limit,
                            offset=offset)  # fmt: skip
    rows = [(p.external_id, p.name, p.type, p.tier, p.stage, p.domain, p.owner, p.joined_on) for p in page.rows]
    emit(Listing(COLUMNS, rows, empty="no partners match" if page.total else "no partners yet: `partnerops import`",
                 notes=[paging.page_note(page.shown, offset, len(rows), page.total)]), output)  # fmt: skip


@app.command("show")
def show_command(
    partner: Annotated[str, typer.Argument(help="The partner's id, SYSTEM:ID, or exact name.")],
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """Show one partner: its fields and what it did (touches, deals it is on, won deals)."""
    from partnerops.analytics.record_lists import one_partner, partner_activity

    with open_engine().connect() as connection:
        ref = find_named(connection, "partner", partner)
        (p, deleted), did = one_partner(connection, ref.id), partner_activity(connection, ref.id)
    columns = (*COLUMNS, Column("source"), Column("deleted in CRM"), Column("touches", numeric=True),
               Column("deals", numeric=True), Column("won deals", numeric=True))  # fmt: skip
    emit_record(columns, (p.external_id, p.name, p.type, p.tier, p.stage, p.domain, p.owner, p.joined_on,
                          ref.source_system, deleted, did.touches, did.deals, did.won_deals), output)  # fmt: skip
