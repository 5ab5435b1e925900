"""Alert rules on partner mentions: webhook and mail deliveries, dead letters and replay."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Alert rules on partner mentions: webhook and mail deliveries, dead letters and replay.", no_args_is_help=True
)


@app.callback()
def _group() -> None:
    """Alert rules on partner mentions: webhook and mail deliveries, dead letters and replay."""
