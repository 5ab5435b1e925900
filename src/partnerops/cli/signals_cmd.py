"""`partnerops signals`: scan calls and email for partner mentions, list them, turn them into touches to review."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from partnerops.cli.alerts_cmd import evaluation_errors
from partnerops.cli.context import actor, console, errors, open_engine, user_errors
from partnerops.cli.output import NAMING, NEEDED, Column, Listing, OutputFormat, emit, format_option

if TYPE_CHECKING:
    from sqlalchemy import Engine as SqlEngine

    from partnerops.signals.matcher import Engine
    from partnerops.signals.scan import ScanReport

app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich")

OUR_DOMAINS_HELP = "Our email domains, comma-separated: senders and participants there are our side."


def _split(values: str) -> list[str]:
    return [v.strip() for v in values.split(",") if v.strip()]


@app.command("scan")
def scan_command(
    paths: Annotated[list[Path], typer.Argument(help="Conversation files or folders (searched recursively).")],
    our_domains: Annotated[str, typer.Option(envvar="PARTNEROPS_OUR_DOMAINS", metavar="DOMAINS",
                                             help=OUR_DOMAINS_HELP)] = "",
    our_speakers: Annotated[str, typer.Option(metavar="NAMES", help="Names of our people, comma-separated, for "
                                              "transcripts that carry names only (VTT, SRT, text).")] = "",
    engine_name: Annotated[str, typer.Option("--engine", metavar="[auto|hyperscan|ahocorasick]",
                                             help="The phrase matcher.")] = "auto",
) -> None:
    """Scan files with every tracker; unreadable files go to the quarantine and the rest go on."""
    from rich.progress import Progress

    from partnerops.ingest.conversations.formats import conversation_files
    from partnerops.ingest.conversations.model import side_rule
    from partnerops.signals.catalog import compile_catalog
    from partnerops.signals.scan import scan_files
    from partnerops.signals.tracker_repo import all_trackers

    engine = open_engine()
    with engine.connect() as conn:
        trackers = all_trackers(conn)
    if not trackers:
        errors.print("no trackers: run `partnerops trackers seed` or `partnerops trackers load FILE` first")
        raise typer.Exit(2)
    catalog = compile_catalog(trackers, _engine(engine_name))
    files = conversation_files(paths)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("scanning", total=len(files))
        report = scan_files(engine, files, catalog, side_rule(_split(our_domains), _split(our_speakers)),
                            datetime.now(UTC), lambda _path: progress.advance(task))
    _print_report(report)
    _queue_alerts(engine)


def _queue_alerts(engine: SqlEngine) -> None:
    """New signals (and proposed touches) are news for the alert rules."""
    from partnerops.signals.alert_evaluation import evaluate_rules

    with user_errors(*evaluation_errors()):
        alerts = evaluate_rules(engine, datetime.now(UTC))
    if alerts.alerts:
        console.print(f"{alerts.alerts} alerts queued: `partnerops alerts deliver` and `partnerops mail send` "
                      "send them", highlight=False)


def _engine(name: str) -> Engine:
    if name not in ("auto", "hyperscan", "ahocorasick"):
        raise typer.BadParameter("--engine is auto, hyperscan or ahocorasick")
    return name  # type: ignore[return-value]


def _print_report(report: ScanReport) -> None:
    quarantined = report.quarantined
    console.print(f"{report.files} files scanned: {report.signals_added} new signals "
                  f"({report.signals_found - report.signals_added} already stored; {report.quoted_found} of those "
                  f"found are in quoted email text), {report.affiliations_added} new participant affiliations, "
                  f"{len(quarantined)} files and {len(report.parts_quarantined)} parts of files quarantined",
                  highlight=False, markup=False)
    for file, reason in quarantined:
        console.print(f"  quarantined {file}: {reason}", highlight=False, markup=False)
    for file, part, reason in report.parts_quarantined:
        console.print(f"  quarantined {file}, {part}: {reason}", highlight=False, markup=False)
    for file, note in report.notes:
        console.print(f"  {file}: {note}", highlight=False, markup=False)


@app.command("list")
def list_command(
    partner: Annotated[str | None, typer.Option(metavar="PARTNER", help="Only this partner's (name or external "
                                                "id).")] = None,
    unlinked: Annotated[bool, typer.Option("--unlinked", help="Only signals on no deal.")] = False,
    quoted: Annotated[bool | None, typer.Option("--quoted/--own-words", help="Only mentions in quoted email text, "
                                                "or only the writers' and speakers' own words (default: both).")
                      ] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 100,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """Signals with their evidence and the deal they were linked to (or 'unlinked'); a mention in text an email
    quotes from an earlier message says 'quoted'. Partners and deals are named by their external ids."""
    from partnerops.signals.signal_repo import SignalFilter, list_signals

    with open_engine().connect() as conn:
        found = list_signals(conn, SignalFilter(partner, unlinked, limit, quoted))
    rows = [(s["id"], s["tracker"], s["partner_ref"], s["side"], s["speaker"], s["phrase"], s["quoted"],
             s["opportunity"] or "unlinked", f"{s['touch_id']} {s['touch_status']}" if s["touch_id"] else None,
             s["snippet"]) for s in found]  # fmt: skip
    emit(Listing(SIGNAL_COLUMNS, rows, empty="no signals match"), output)


SIGNAL_COLUMNS = (Column("signal", numeric=True, keep=NEEDED), Column("tracker", keep=4), Column("partner", keep=8),
                  Column("side", keep=3), Column("speaker", keep=5), Column("phrase", keep=7),
                  Column("quoted", keep=2), Column("opportunity", keep=7), Column("touch", keep=6),
                  Column("snippet", keep=NAMING))  # fmt: skip
PARTICIPANT_COLUMNS = (Column("speaker", keep=NAMING), Column("organisation", keep=8), Column("partner", keep=7),
                       Column("opportunity", keep=6), Column("file", keep=4))  # fmt: skip


@app.command("participants")
def participants_command(
    partner: Annotated[str | None, typer.Option(metavar="PARTNER", help="Only this partner's people (name or "
                                                "external id).")] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 100,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """Who took part for which organisation, as speaker labels say ("Greg K | Lido", "Etan (Nimbus)"), and the
    partner the organisation names; kept apart from what was said."""
    from partnerops.analytics.record_lists import external_ids
    from partnerops.signals.affiliations import list_affiliations
    from partnerops.signals.seeding import PartnerNotFound, partner_id

    with user_errors(PartnerNotFound), open_engine().connect() as conn:
        found = list_affiliations(conn, partner_id(conn, partner) if partner else None, limit)
        partners = external_ids(conn, "partner", (a["partner_id"] for a in found if a["partner_id"] is not None))
        deals = external_ids(conn, "opportunity", (a["opportunity_id"] for a in found if a["opportunity_id"]))
    rows = [(a["speaker"], a["organisation"], partners.get(a["partner_id"]),
             deals.get(a["opportunity_id"], "unlinked"), a["file"]) for a in found]  # fmt: skip
    emit(Listing(PARTICIPANT_COLUMNS, rows, empty="no participant affiliations"), output)


@app.command("propose")
def propose_command(
    include_quoted: Annotated[bool, typer.Option("--include-quoted", help="Let mentions in quoted email text "
                                                 "propose touches too (they repeat an earlier message).")] = False,
) -> None:
    """One claimed touch per partner, conversation and deal (however often the partner was mentioned in it),
    for a partner manager to review."""
    from partnerops.signals.proposals import propose_touches

    engine = open_engine()
    created = propose_touches(engine, actor(), datetime.now(UTC), include_quoted=include_quoted)
    console.print(f"{created} touches proposed", highlight=False)
    _queue_alerts(engine)


@app.command("review")
def review_command(
    signal_id: Annotated[int, typer.Argument(help="The signal's id (see `partnerops signals list`).")],
    confirm: Annotated[bool, typer.Option("--confirm/--reject", help="Confirm or reject its proposed touch.")],
    reason: Annotated[str | None, typer.Option(help="Why, for the audit log.")] = None,
) -> None:
    """Confirm or reject the touch a signal proposed, deciding every signal of that conversation with it; only
    confirmed touches count in attribution."""
    from partnerops.signals.proposals import AlreadyReviewed, NotProposed, SignalNotFound, review_signal

    with user_errors(SignalNotFound, NotProposed, AlreadyReviewed):
        reviewed = review_signal(open_engine(), signal_id, confirm, actor(), datetime.now(UTC), reason)
    console.print(f"signal {signal_id}: touch {reviewed.touch_id} {reviewed.status.value} "
                  f"with its {reviewed.signals} signal(s)", highlight=False)
