"""`partnerops health`: PSAT answers in, the partner health score out, with what moved it."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from partnerops.cli.context import actor, console, open_engine, user_errors
from partnerops.cli.program_options import OnDay, PartnerId, SettingsFile, parse_day, print_import, problems

app = typer.Typer(no_args_is_help=True, help="The partner health score, its history and what moved it.")


@app.command("import-psat")
def import_psat_command(file: Path) -> None:
    """Import PSAT answers: id, partner_id, responded_on, score (0..10)[, respondent, comment]."""
    from partnerops.ingest.errors import ImportFailed
    from partnerops.ingest.options import ImportOptions
    from partnerops.program import enablement

    with user_errors(ImportFailed):
        print_import(enablement.import_psat(open_engine(), file, ImportOptions(actor=actor())))


@app.command("score")
def score_command(on: OnDay = None, settings: SettingsFile = None) -> None:
    """Score every partner as of a day and store it; shows each score with its change and biggest mover."""
    from partnerops.program import health
    from partnerops.program.program_settings import load_program_settings

    with user_errors(*problems()), open_engine().begin() as conn:
        scores = health.score_partners(conn, load_program_settings(settings), parse_day(on))
    table = Table("partner", "score", "change", "moved most by")
    for s in scores:
        top = s.movers()[:1]
        table.add_row(str(s.partner_id), f"{s.score:.1f}", "-" if s.change is None else f"{s.change:+.1f}",
                      ", ".join(f"{m.name} {m.change:+.1f}" for m in top) or "-")  # fmt: skip
    console.print(table)


@app.command("show")
def show_health_command(partner_id: PartnerId, on: OnDay = None) -> None:
    """The partner's latest score, each input's part in it, and what moved since the previous score."""
    from partnerops.program import health

    with user_errors(*problems()), open_engine().connect() as conn:
        found = health.latest_score(conn, partner_id, parse_day(on))
    if found is None:
        console.print(f"partner {partner_id} has no health score yet: run `partnerops health score`")
        return
    console.print(f"partner {partner_id}: {found.score:.1f} on {found.scored_on}" + (
        f" ({found.change:+.1f} since {found.previous_on})" if found.change is not None else ""), highlight=False)
    for i in found.inputs:
        moved = "" if i.change is None else f", {i.change:+.2f} points"
        console.print(f"  {i.name}: raw {i.raw if i.raw is not None else '-'}, normalised {i.normalised:.2f}, "
                      f"{i.points:.2f} points{moved}", highlight=False)  # fmt: skip
