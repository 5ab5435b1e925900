"""`partnerops mail`: the outbound mail queue — deliver it, see what is stuck, replay dead mail."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from partnerops.cli import choices, paging
from partnerops.cli.context import console, open_engine, user_errors
from partnerops.cli.output import Column, Listing, OutputFormat, emit, format_option

app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich")


MAIL_COLUMNS = (Column("id", numeric=True, keep=10), Column("to", keep=9), Column("subject", keep=8),
                Column("status", keep=9), Column("attempts", numeric=True, keep=4), Column("next attempt", keep=3),
                Column("last error", keep=2))  # fmt: skip


@app.command("list")
def list_command(
    status: Annotated[choices.MailStatus | None, typer.Option(help="queued, sent or dead (default: all).")] = None,
    limit: Annotated[int, paging.limit_option()] = paging.DEFAULT_LIMIT,
    offset: Annotated[int, paging.offset_option()] = 0,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """List messages in the order they were queued, a page at a time, with their attempts and last error."""
    from partnerops.mail.queue import MailStatus, count_messages, list_messages

    engine, chosen = open_engine(), MailStatus(status.value) if status else None
    found, total = list_messages(engine, chosen, limit, offset), count_messages(engine, chosen)
    rows = [(m.id, m.to_address, m.subject, m.status.value, m.attempts,
             f"{m.next_attempt_at:%Y-%m-%d %H:%M}" if m.status is MailStatus.QUEUED else None, m.last_error)
            for m in found]  # fmt: skip
    emit(Listing(MAIL_COLUMNS, rows, empty="no messages match", notes=[paging.note(offset, len(rows), total)]), output)


@app.command("send")
def send_command(
    max_attempts: Annotated[int, typer.Option(help="Attempts before a message is declared dead.")] = 5,
) -> None:
    """Deliver every message that is due now (run it from cron or a timer every minute)."""
    from partnerops.mail.delivery import RetryPolicy, deliver_due
    from partnerops.mail.smtp import SmtpServer
    from partnerops.settings import get_settings

    report = deliver_due(open_engine(), SmtpServer.from_settings(get_settings()), datetime.now(UTC),
                         RetryPolicy(max_attempts=max_attempts))
    console.print(f"{report.sent} sent, {report.retrying} to retry, {report.dead} dead", highlight=False)
    if report.retrying or report.dead:
        raise typer.Exit(1)


@app.command("replay")
def replay_command(
    message_id: Annotated[int | None, typer.Argument(help="A dead message's id; omit with --all-dead.")] = None,
    all_dead: Annotated[bool, typer.Option("--all-dead", help="Requeue every dead message.")] = False,
) -> None:
    """Put dead mail back in the queue; the next `partnerops mail send` tries it again."""
    from partnerops.mail.queue import MessageNotFound, NotDead, replay, replay_dead

    now = datetime.now(UTC)
    if all_dead:
        console.print(f"{replay_dead(open_engine(), now)} messages requeued", highlight=False)
        return
    if message_id is None:
        raise typer.BadParameter("give a message id or --all-dead")
    with user_errors(MessageNotFound, NotDead):
        replay(open_engine(), message_id, now)
    console.print(f"message {message_id}: requeued", highlight=False)
