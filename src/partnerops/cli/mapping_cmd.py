"""Account mapping: import partner account lists, match, review, overlap and co-sell targets."""

from __future__ import annotations

import typer

from partnerops.cli import mapping_psi_cmd

app = typer.Typer(
    help="Account mapping: import partner account lists, match, review, overlap and co-sell targets.",
    no_args_is_help=True,
)


@app.callback()
def _group() -> None:
    """Account mapping: import partner account lists, match, review, overlap and co-sell targets."""


app.add_typer(mapping_psi_cmd.app, name="psi")
