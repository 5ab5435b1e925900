"""Account mapping: import partner account lists, match, review, overlap and co-sell targets."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from partnerops.cli import choices, mapping_psi_cmd
from partnerops.cli.context import actor, console, find_named, open_engine, user_errors
from partnerops.cli.output import NAMING, NEEDED, Column, Listing, emit, format_option
from partnerops.cli.output import OutputFormat as ListFormat

if TYPE_CHECKING:
    import polars as pl
    from sqlalchemy import Engine

    from partnerops.mapping.matching import MatchRun
    from partnerops.mapping.review import Decision

app = typer.Typer(
    no_args_is_help=True,
)

PartnerOption = Annotated[str, typer.Option("--partner", metavar="PARTNER", help="The partner's id as imported (or "
                                            "SYSTEM:ID).")]


class OutputFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


@app.callback()
def _group() -> None:
    """Account mapping: import partner account lists, match, review, overlap and co-sell targets."""


def _partner_id(engine: Engine, partner: str) -> int:
    with engine.connect() as conn:
        return find_named(conn, "partner", partner).id


def _print_run(run: MatchRun) -> None:
    tiers = ", ".join(f"{n} by {tier}" for tier, n in run.by_tier.items())
    console.print(f"matched: {tiers}; {run.pending} await review (`partnerops mapping review`); "
                  f"{run.kept_decisions} earlier decisions kept", highlight=False)


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV or JSON with name, domain, status (customer, prospect, "
                                         "open_opportunity), owner, region, segment and optionally id and "
                                         "aliases.")],
    partner: PartnerOption,
    maps: Annotated[list[str] | None, typer.Option("--map", help="FIELD=Header when the list names a column "
                    "differently, e.g. --map name='Company' --map aliases='Former names'. Repeatable.")] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="A YAML file with `columns:` (field: "
                       "Header), as for `partnerops import`.")] = None,
    match: Annotated[bool, typer.Option(help="Match the list against our accounts afterwards.")] = True,
) -> None:
    """Import a partner's account list. Re-importing the same file changes nothing; bad rows are
    quarantined (see `partnerops quarantine list`); a bad optional value (an unreadable domain) lands empty
    with a warning. An `aliases` column (former names, tickers; separated by ";") is matched too."""
    from partnerops.cli.import_cmd import report
    from partnerops.ingest.errors import ImportFailed
    from partnerops.ingest.mapping import load_mapping_file, parse_pairs
    from partnerops.mapping.errors import MappingError
    from partnerops.mapping.matching import run_matching
    from partnerops.mapping.partner_lists import import_partner_list

    engine = open_engine()
    with user_errors(MappingError, ImportFailed):
        columns = (load_mapping_file(mapping).get("columns", {}) if mapping else {}) | parse_pairs(maps or [], "--map")
        summary = import_partner_list(engine, file, partner, actor(), columns=columns)
    report(summary)
    if match:
        _print_run(run_matching(engine, _partner_id(engine, partner)))


@app.command("match")
def match_command(partner: PartnerOption) -> None:
    """Match the partner's list against our accounts: domain, then name, then fuzzy (awaiting review)."""
    from partnerops.mapping.matching import run_matching

    engine = open_engine()
    _print_run(run_matching(engine, _partner_id(engine, partner)))


@app.command("review")
def review_command(
    partner: Annotated[str | None, typer.Option("--partner", metavar="PARTNER", help="Only this partner's matches.")]
    = None,
    status: Annotated[choices.MatchStatus, typer.Option(help="Which matches to list.")] = choices.MatchStatus.PENDING,
    output: Annotated[ListFormat, format_option()] = ListFormat.table,
) -> None:
    """List matches awaiting a decision (or of another status), likeliest first."""
    from partnerops.mapping.matching import MatchStatus
    from partnerops.mapping.partner_lists import partner_by_id
    from partnerops.mapping.review import list_matches

    engine = open_engine()
    partner_id = _partner_id(engine, partner) if partner else None
    with engine.connect() as conn:
        found = list_matches(conn, partner_id, MatchStatus(status.value))
        names = {i: partner_by_id(conn, i).name for i in {m.partner_id for m in found}}
    rows = [(m.id, names[m.partner_id], f"{m.their_name} ({m.their_domain or '-'})",
             f"{m.our_name} ({m.our_domain or '-'})", m.tier, f"{m.score:.2f}", m.status) for m in found]
    emit(Listing(MATCH_COLUMNS, rows, empty=f"no {status.value} matches"), output)


MATCH_COLUMNS = (Column("match", numeric=True, keep=NEEDED), Column("partner", keep=6),
                 Column("their account", keep=NAMING), Column("our account", keep=NAMING), Column("tier", keep=5),
                 Column("score", numeric=True, keep=7), Column("status", keep=4))  # fmt: skip


def _decide(match_id: int, decision: Decision) -> None:
    from partnerops.mapping.errors import MappingError
    from partnerops.mapping.review import decide_match

    with user_errors(MappingError):
        done = decide_match(open_engine(), match_id, decision, actor())
    console.print(f"match {done.id}: {done.their_name} = {done.our_name}: {done.status}", highlight=False)


@app.command("confirm")
def confirm_command(match_id: Annotated[int, typer.Argument(help="From `partnerops mapping review`.")]) -> None:
    """Confirm a match: it counts in the overlap, and stays confirmed on every later run."""
    from partnerops.mapping.review import Decision

    _decide(match_id, Decision.CONFIRM)


@app.command("reject")
def reject_command(match_id: Annotated[int, typer.Argument(help="From `partnerops mapping review`.")]) -> None:
    """Reject a match: it is never proposed again."""
    from partnerops.mapping.review import Decision

    _decide(match_id, Decision.REJECT)


def _flat(rows: pl.DataFrame) -> pl.DataFrame:
    """List columns (partner names) as text, for a table or a CSV."""
    import polars as pl

    return rows.with_columns(pl.col(c).list.join("; ") for c, t in rows.schema.items() if isinstance(t, pl.List))


def _write(rows: pl.DataFrame, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.CSV:
        from partnerops.domain.spreadsheet import safe_writer

        writer = safe_writer(sys.stdout)
        writer.writerow(rows.columns)
        writer.writerows(_flat(rows).iter_rows())
    elif fmt is OutputFormat.JSON:
        sys.stdout.write(rows.write_json() + "\n")
    else:
        table = Table(*rows.columns)
        for row in _flat(rows).iter_rows():
            table.add_row(*("-" if v is None else str(v) for v in row))
        console.print(table)


@app.command("overlap")
def overlap_command(
    partner: PartnerOption,
    category: Annotated[choices.OverlapCategory | None, typer.Option(help="Only this category's list.")] = None,
    segment: Annotated[str | None, typer.Option(metavar="SEGMENT", help="Only accounts of this segment.")] = None,
    region: Annotated[str | None, typer.Option(metavar="REGION", help="Only accounts of this region.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table, or csv/json to export.")] = OutputFormat.TABLE,
) -> None:
    """The overlap with a partner: counts per category, then the accounts."""
    from partnerops.mapping.overlap import OverlapCategory, OverlapFilter, overlap

    engine = open_engine()
    partner_id = _partner_id(engine, partner)
    chosen = OverlapCategory(category.value) if category else None
    with engine.connect() as conn:
        found = overlap(conn, partner_id, OverlapFilter(chosen, segment, region))
    if fmt is OutputFormat.TABLE:
        counts = ", ".join(f"{c.value} {n}" for c, n in found.counts.items())
        console.print(f"{counts}; {found.awaiting_review} matches await review", highlight=False)
    _write(found.rows, fmt)


@app.command("targets")
def targets_command(
    partner: PartnerOption,
    segment: Annotated[str | None, typer.Option(metavar="SEGMENT", help="Only accounts of this segment.")] = None,
    region: Annotated[str | None, typer.Option(metavar="REGION", help="Only accounts of this region.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table, or csv/json to export.")] = OutputFormat.TABLE,
) -> None:
    """Co-sell targets ranked by propensity (learned from our partner-attached wins), with the reasons."""
    import polars as pl

    from partnerops.mapping.targets import co_sell_targets

    engine = open_engine()
    partner_id = _partner_id(engine, partner)
    with engine.connect() as conn:
        ranked = co_sell_targets(conn, partner_id, segment, region)
    shown = ranked.select("their_name", "our_name", "our_status", "segment", "region", "deal_size", "propensity",
                          "reasons")
    if fmt is OutputFormat.TABLE:
        shown = shown.with_columns(pl.format("{}%", (pl.col("propensity") * 100).round(1)).alias("propensity"))
    _write(shown, fmt)


@app.command("accounts")
def accounts_command(
    partner: Annotated[str | None, typer.Option("--partner", metavar="PARTNER", help="Only our accounts this "
                       "partner has (with every other partner that has them).")] = None,
    min_partners: Annotated[int, typer.Option(min=1, help="Only accounts at least this many partners have.")] = 1,
    segment: Annotated[str | None, typer.Option(metavar="SEGMENT", help="Only accounts of this segment.")] = None,
    region: Annotated[str | None, typer.Option(metavar="REGION", help="Only accounts of this region.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table, or csv/json to export.")] = OutputFormat.TABLE,
) -> None:
    """Which partners share each of our accounts, across every partner list: the partners that have it as a
    customer and as a prospect, the accounts most partners share first."""
    from partnerops.mapping.shared_accounts import SharedFilter, shared_accounts

    engine = open_engine()
    partner_id = _partner_id(engine, partner) if partner else None
    with engine.connect() as conn:
        rows = shared_accounts(conn, SharedFilter(min_partners, segment, region, partner_id))
    if fmt is OutputFormat.TABLE and rows.is_empty():
        console.print("no account of ours is on a partner's list yet (`partnerops mapping import`)")
        return
    _write(rows, fmt)


@app.command("sharing")
def sharing_command(
    partner: Annotated[str, typer.Argument(help="The partner's id as imported.")],
    level: Annotated[choices.SharingLevel, typer.Argument(help="hidden, counts, overlaps or full.")],
) -> None:
    """Set what the partner's own users see of the overlap (portal and API)."""
    from partnerops.mapping.sharing import SharingLevel, set_sharing_level

    engine = open_engine()
    before = set_sharing_level(engine, _partner_id(engine, partner), SharingLevel(level.value), actor())
    console.print(f"partner {partner}: sharing {before.value} -> {level.value}", highlight=False)


app.add_typer(mapping_psi_cmd.app, name="psi")
