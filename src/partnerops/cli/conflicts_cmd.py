"""`partnerops conflicts`: Fields a re-import and a decision made in PartnerOps both changed: see them and decide which value stays."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich", help="Fields a re-import and a decision made in PartnerOps both changed: see them and decide which value stays.")
