"""`partnerops demo`: a realistic partner program, imported, attributed and reported on, in one command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partnerops.cli.context import console, open_engine, user_errors

DEFAULT_DIRECTORY = Path("partnerops-demo")
# partnerops.demo.generate.DEFAULT_SEED, repeated so `--help` need not load the generator (a test keeps them equal).
DEFAULT_SEED = 2026


def demo(
    directory: Annotated[Path, typer.Option(
        "--dir", help="Where the generated export files are written.", file_okay=False,
    )] = DEFAULT_DIRECTORY,
    seed: Annotated[int, typer.Option(help="Seed of the generator: the same seed on the same day gives the "
                                      "same data.")] = DEFAULT_SEED,
    opportunities: Annotated[int, typer.Option(min=100, help="How many opportunities to generate.")] = 8_000,
    html: Annotated[Path | None, typer.Option(
        help="Where the HTML impact report is written [default: DIR/impact.html].", dir_okay=False,
    )] = None,
) -> None:
    """Generate a seeded partner program (partners, accounts, two years of deals in several currencies and
    the partner touches on them), import it through the real importers into PARTNEROPS_DATABASE_URL,
    attribute every deal and print the impact report. Running it again changes nothing."""
    from partnerops.analytics.currency import MissingRate
    from partnerops.demo.run import run_demo
    from partnerops.ingest.errors import ImportFailed

    with user_errors(ImportFailed, MissingRate):
        run_demo(open_engine(), directory, seed, opportunities, html or directory / "impact.html", console)
