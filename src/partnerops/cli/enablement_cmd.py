"""`partnerops enablement`: importing the courses and certifications partners completed, and listing them."""

from __future__ import annotations

from pathlib import Path

import typer

from partnerops.cli.context import actor, console, find_named, open_engine, operator, user_errors
from partnerops.cli.program_options import OnDay, PartnerId, parse_day, print_import, problems

app = typer.Typer(no_args_is_help=True)


@app.command("import")
def import_completions_command(file: Path) -> None:
    """Import completions: id, partner_id, course, kind (course|certification), person, completed_on[, expires_on]."""
    from partnerops.ingest.errors import ImportFailed
    from partnerops.ingest.options import ImportOptions
    from partnerops.program import enablement

    with user_errors(ImportFailed):
        print_import(enablement.import_completions(open_engine(), file, ImportOptions(actor=actor())))


@app.command("show")
def show_completions_command(partner: PartnerId, on: OnDay = None) -> None:
    """The courses and certifications a partner's people completed (expired ones marked)."""
    from partnerops.program import enablement

    with user_errors(*problems()), open_engine().connect() as conn:
        named = find_named(conn, "partner", partner)
        found = enablement.partner_completions(conn, operator(), named.id)
    for c in found:
        state = "" if c.current(parse_day(on)) else " (expired)"
        console.print(f"{c.completed_on} {c.kind}: {c.course} — {c.person}{state}", highlight=False, markup=False)
    if not found:
        console.print(f"partner {named.external_id} has no completions yet: `partnerops enablement import FILE` "
                      "loads them", highlight=False)
