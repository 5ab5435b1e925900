"""Private overlap: a private set intersection over ristretto255, by file exchange or over HTTP."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Private overlap: a private set intersection over ristretto255, by file exchange or over HTTP.",
    no_args_is_help=True,
)


@app.callback()
def _group() -> None:
    """Private overlap: a private set intersection over ristretto255, by file exchange or over HTTP."""
