"""`partnerops mail`: the outbound mail queue — deliver it, see what is stuck, replay dead mail."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from partnerops.cli import choices
from partnerops.cli.context import console, open_engine, user_errors

app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich",
                  help="Outbound mail (registration decisions, alerts): delivered over PARTNEROPS_SMTP_*, retried "
                  "with backoff, kept as dead mail after the last attempt.")


@app.command("list")
def list_command(
    status: Annotated[choices.MailStatus | None, typer.Option(help="queued, sent or dead (default: all).")] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many messages.")] = 100,
) -> None:
    """List messages with their attempts and last error."""
    from partnerops.mail.queue import MailStatus, list_messages

    found = list_messages(open_engine(), MailStatus(status.value) if status else None, limit)
    table = Table("id", "to", "subject", "status", "attempts", "next attempt", "last error")
    for m in found:
        table.add_row(str(m.id), m.to_address, m.subject, m.status.value, str(m.attempts),
                      f"{m.next_attempt_at:%Y-%m-%d %H:%M}" if m.status is MailStatus.QUEUED else "-",
                      m.last_error or "")
    console.print(table if found else "no messages match")


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
