"""`partnerops health`: PSAT answers in, the partner health score out, with what moved it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partnerops.cli.context import actor, console, find_named, open_engine, user_errors
from partnerops.cli.output import Column, Listing, OutputFormat, emit, format_option
from partnerops.cli.program_options import OnDay, PartnerId, SettingsFile, parse_day, print_import, problems

app = typer.Typer(no_args_is_help=True)
SCORES = (Column("partner", keep=10), Column("score", numeric=True, keep=9), Column("change", numeric=True, keep=8),
          Column("moved most by", keep=5))  # fmt: skip


@app.command("import-psat")
def import_psat_command(file: Path) -> None:
    """Import PSAT answers: id, partner_id, responded_on, score (0..10)[, respondent, comment]."""
    from partnerops.ingest.errors import ImportFailed
    from partnerops.ingest.options import ImportOptions
    from partnerops.program import enablement

    with user_errors(ImportFailed):
        print_import(enablement.import_psat(open_engine(), file, ImportOptions(actor=actor())))


@app.command("score")
def score_command(on: OnDay = None, settings: SettingsFile = None,
                  output: Annotated[OutputFormat, format_option()] = OutputFormat.table) -> None:
    """Score every partner as of a day and store it; shows each score with its change and biggest mover."""
    from partnerops.analytics.record_lists import external_ids
    from partnerops.program import health
    from partnerops.program.program_settings import load_program_settings

    with user_errors(*problems()), open_engine().begin() as conn:
        scores = health.score_partners(conn, load_program_settings(settings), parse_day(on))
        named = external_ids(conn, "partner", (s.partner_id for s in scores))
    rows = [(named[s.partner_id], f"{s.score:.1f}", "-" if s.change is None else f"{s.change:+.1f}",
             ", ".join(f"{m.name} {m.change:+.1f}" for m in s.movers()[:1]) or "-") for s in scores]  # fmt: skip
    emit(Listing(SCORES, rows, empty="no partners to score"), output)


@app.command("show")
def show_health_command(partner: PartnerId, on: OnDay = None) -> None:
    """The partner's latest score, each input's part in it, and what moved since the previous score."""
    from partnerops.program import health

    with user_errors(*problems()), open_engine().connect() as conn:
        named = find_named(conn, "partner", partner)
        found = health.latest_score(conn, named.id, parse_day(on))
    if found is None:
        console.print(f"partner {named.external_id} has no health score yet: run `partnerops health score`",
                      highlight=False)
        return
    console.print(f"partner {named.external_id}: {found.score:.1f} on {found.scored_on}" + (
        f" ({found.change:+.1f} since {found.previous_on})" if found.change is not None else ""), highlight=False)
    for i in found.inputs:
        moved = "" if i.change is None else f", {i.change:+.2f} points"
        console.print(f"  {i.name}: raw {i.raw if i.raw is not None else '-'}, normalised {i.normalised:.2f}, "
                      f"{i.points:.2f} points{moved}", highlight=False)  # fmt: skip
