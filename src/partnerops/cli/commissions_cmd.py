"""Commissions: plans, accruals, the ledger, statements, payouts and disputes."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Commissions: plans, accruals, the ledger, statements, payouts and disputes.", no_args_is_help=True
)


@app.callback()
def _group() -> None:
    """Commissions: plans, accruals, the ledger, statements, payouts and disputes."""
