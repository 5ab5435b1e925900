"""`partnerops commissions payouts`: payout batches from draft through approval to paid."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from partnerops.cli.commissions_options import AsOf, expected_errors
from partnerops.cli.context import actor, console, open_engine, user_errors
from partnerops.cli.output import NEEDED, Column, Listing, OutputFormat, emit, format_option

if TYPE_CHECKING:
    from partnerops.commissions.payouts import PayoutBatch

app = typer.Typer(help="Payout batches: create a draft, approve it, mark it paid.", no_args_is_help=True)
BatchId = Annotated[int, typer.Argument(help="The batch id.")]


@app.command("create")
def payouts_create(
    through: Annotated[date, typer.Option(formats=["%Y-%m-%d"], help="Include entries booked up to this day.")],
    pay_on: Annotated[date, typer.Option(formats=["%Y-%m-%d"], help="The day the payout is planned.")],
) -> None:
    """Draft a batch of what every partner is owed through a day (less what open batches already hold, and
    less the lines under an open dispute: a later batch pays them once the dispute is resolved)."""
    from partnerops.analytics.record_lists import external_ids
    from partnerops.commissions import payouts

    engine = open_engine()
    with user_errors(*expected_errors()):
        batch = payouts.create_batch(engine, through, pay_on, actor())
    _print_batch(batch)
    with engine.connect() as conn:
        held = payouts.disputed_amounts(conn, through)
        named = external_ids(conn, "partner", (partner_id for partner_id, _ in held))
    for (partner_id, _), amount in sorted(held.items(), key=lambda item: (named[item[0][0]], item[0][1])):
        console.print(f"  held back for open disputes: partner {named[partner_id]}: {amount}", highlight=False)


@app.command("approve")
def payouts_approve(batch_id: BatchId) -> None:
    """Approve a draft batch."""
    from partnerops.commissions import payouts

    with user_errors(*expected_errors()):
        _print_batch(payouts.approve_batch(open_engine(), batch_id, actor()))


@app.command("pay")
def payouts_pay(batch_id: BatchId, on: AsOf = None) -> None:
    """Mark an approved batch paid: posts the payouts to the ledger."""
    from partnerops.commissions import payouts

    with user_errors(*expected_errors()):
        _print_batch(payouts.pay_batch(open_engine(), batch_id, actor(), on or date.today()))


@app.command("execute")
def payouts_execute(
    batch_id: BatchId,
    provider: Annotated[str, typer.Option(help="stripe (Connect transfers) or paypal (Payouts).")],
    holding_days: Annotated[int, typer.Option(min=0, help="Days past the batch's through day before a line is "
                                              "paid (never before its pay-on day).")] = 0,
) -> None:
    """Pay an approved batch through a provider: one transfer per partner and currency, each sent once under its
    own idempotency key; lines still held or failing are retried by the `payment_retries` job. The ledger records
    each payout when the provider's webhook confirms it."""
    from datetime import UTC, datetime

    from partnerops.cli.connect_cmd import secret_key
    from partnerops.payments.config import provider_named
    from partnerops.payments.errors import PaymentError
    from partnerops.payments.execute import execute_batch

    key = secret_key()
    with user_errors(PaymentError):
        report = execute_batch(open_engine(), batch_id, provider_named(provider), key, datetime.now(UTC),
                               holding_days)  # fmt: skip
    for outcome, count in sorted(report.outcomes.items()):
        console.print(f"{outcome}: {count}", highlight=False)
    for note in report.notes:
        console.print(f"  {note}", highlight=False)


@app.command("lines")
def payouts_lines(batch_id: BatchId) -> None:
    """The batch's payment lines as the provider pays them: state, attempts, next try, last error, provider id."""
    from partnerops.analytics.record_lists import external_ids
    from partnerops.payments.lines import lines_of

    with open_engine().connect() as conn:
        lines = lines_of(conn, batch_id)
        named = external_ids(conn, "partner", (line.partner_id for line in lines))
    table = Table("partner", "amount", "provider", "state", "attempts", "next try", "provider id", "last error")
    for line in lines:
        table.add_row(named[line.partner_id], str(line.amount), line.provider, line.state.value, str(line.attempts),
                      f"{line.next_attempt_at:%Y-%m-%d %H:%M}" if line.next_attempt_at else "",
                      line.provider_ref or "", line.last_error or "")  # fmt: skip
    console.print(table if lines else f"batch {batch_id} has not been executed through a provider")


BATCH_COLUMNS = (Column("batch", numeric=True, keep=NEEDED), Column("status", keep=8), Column("through", keep=6),
                 Column("pay on", keep=7), Column("partners", numeric=True, keep=5), Column("total", keep=NEEDED))


@app.command("list")
def payouts_list(output: Annotated[OutputFormat, format_option()] = OutputFormat.table) -> None:
    """Every payout batch, newest first, with its totals (one per currency)."""
    from partnerops.commissions import payouts

    batches = payouts.list_batches(open_engine())
    rows = [(b.id, b.status.value, b.through, b.pay_on, len(b.items), ", ".join(map(str, b.totals().values())))
            for b in batches]  # fmt: skip
    emit(Listing(BATCH_COLUMNS, rows, empty="no payout batches"), output)


def _print_batch(batch: PayoutBatch) -> None:
    from partnerops.analytics.record_lists import external_ids

    console.print(f"batch {batch.id}: {batch.status.value}, through {batch.through}, pay on {batch.pay_on}",
                  highlight=False)
    with open_engine().connect() as conn:
        named = external_ids(conn, "partner", (item.partner_id for item in batch.items))
    for item in batch.items:
        console.print(f"  partner {named[item.partner_id]}: {item.amount}", highlight=False)
