"""`partnerops imports`: Past imports: file, kind, when, who, counts and status (finished, interrupted, failed)."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich", help="Past imports: file, kind, when, who, counts and status (finished, interrupted, failed).")
