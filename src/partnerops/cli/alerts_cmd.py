"""`partnerops alerts`: rules on partner mentions, their webhook and mail deliveries, dead letters and replay."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from partnerops.cli import choices
from partnerops.cli.context import actor, console, open_engine, user_errors
from partnerops.cli.output import Column, Listing, OutputFormat, emit, format_option

app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich")
rule_app = typer.Typer(no_args_is_help=True, help="Alert rules: add (or change), list, remove, load from YAML.")
app.add_typer(rule_app, name="rule")


def evaluation_errors() -> tuple[type[Exception], ...]:
    """What evaluating the rules reports as one line: a deal's amount that cannot be converted."""
    from partnerops.analytics.currency import InvalidRate, MissingRate

    return MissingRate, InvalidRate


@rule_app.command("add")
def rule_add_command(
    name: Annotated[str, typer.Argument(help="A name for the rule, e.g. 'big-deal mentions'.")],
    webhook: Annotated[str | None, typer.Option(metavar="URL", help="A webhook URL (Slack incoming webhook or "
                                                "compatible).")] = None,
    email: Annotated[list[str] | None, typer.Option(metavar="EMAIL", help="Send to this address (repeat the "
                                                    "option).")] = None,
    kind: Annotated[list[choices.TrackerKind] | None, typer.Option(help="Only trackers of this kind (repeatable), "
                                                                   "e.g. competitor.")] = None,
    tracker: Annotated[list[str] | None, typer.Option(metavar="NAME", help="Only this tracker (repeatable).")]
    = None,
    partner: Annotated[list[str] | None, typer.Option(metavar="PARTNER", help="Only this partner, by name or "
                                                      "external id.")] = None,
    side: Annotated[list[choices.Side] | None, typer.Option(help="Only what this side said (repeatable).")] = None,
    open_deals_only: Annotated[bool, typer.Option("--open-deals-only", help="Only mentions on open deals.")]
    = False,
    min_amount: Annotated[str | None, typer.Option(metavar="AMOUNT", help="Only deals worth at least this much "
                                                   "(with --currency); other currencies are converted at today's "
                                                   "rate.")] = None,
    currency: Annotated[str | None, typer.Option(metavar="CODE", help="The currency of --min-amount, e.g. USD.")]
    = None,
    each: Annotated[choices.Granularity, typer.Option(help="One alert per signal, or per proposed touch (one per "
                                                      "conversation and deal).")] = choices.Granularity.SIGNAL,
    include_existing: Annotated[bool, typer.Option("--include-existing", help="Also alert on signals stored "
                                                   "before the rule was added.")] = False,
) -> None:
    """Add a rule, or save a new version of the rule with this name."""
    from partnerops.signals.alert_rule_repo import save_rule
    from partnerops.signals.alert_rules import AlertRuleError, rule_from_json

    values: dict[str, Any] = {"webhook": webhook, "emails": email or [], "tracker_kinds": _values(kind),
                              "trackers": tracker or [], "partners": partner or [], "sides": _values(side),
                              "open_deals_only": open_deals_only, "min_amount": min_amount, "currency": currency,
                              "each": each.value, "include_existing": include_existing}
    engine = open_engine()
    with user_errors(AlertRuleError), engine.begin() as conn:
        saved = save_rule(conn, name, rule_from_json(values, f"rule {name!r}"), actor(), datetime.now(UTC))
    console.print(f"{saved.name}: version {saved.version}", highlight=False)


def _values(chosen: list[choices.TrackerKind] | list[choices.Side] | None) -> list[str]:
    return [c.value for c in chosen or []]


RULE_COLUMNS = (Column("name", keep=10), Column("version", numeric=True, keep=5), Column("rule", keep=9))


@rule_app.command("list")
def rule_list_command(output: Annotated[OutputFormat, format_option()] = OutputFormat.table) -> None:
    """Every active rule with its version and what it watches."""
    from partnerops.signals.alert_rule_repo import active_rules

    with open_engine().connect() as conn:
        found = active_rules(conn)
    rows = [(stored.name, stored.version, stored.rule.describe()) for stored in found]
    emit(Listing(RULE_COLUMNS, rows, empty="no alert rules yet: `partnerops alerts rule add NAME --webhook URL`"),
         output)


@rule_app.command("remove")
def rule_remove_command(name: Annotated[str, typer.Argument(help="The rule's name.")]) -> None:
    """Stop a rule; its deliveries (and dead letters) stay."""
    from partnerops.signals.alert_rule_repo import AlertRuleNotFound, remove_rule

    engine = open_engine()
    with user_errors(AlertRuleNotFound), engine.begin() as conn:
        remove_rule(conn, name, datetime.now(UTC))
    console.print(f"{name}: removed", highlight=False)


@rule_app.command("load")
def rule_load_command(path: Annotated[Path, typer.Argument(help="A YAML file with a `rules:` list.")]) -> None:
    """Create or update rules from a YAML file; changed rules get a new version."""
    from partnerops.signals.alert_rule_repo import load_rule_file
    from partnerops.signals.alert_rules import AlertRuleError

    engine = open_engine()
    with user_errors(AlertRuleError), engine.begin() as conn:
        saved = load_rule_file(conn, path, actor(), datetime.now(UTC))
    for stored in saved:
        console.print(f"{stored.name}: version {stored.version}", highlight=False)


@app.command("evaluate")
def evaluate_command() -> None:
    """Match the rules against new signals and queue their alerts (`signals scan` and `propose` do it too)."""
    from partnerops.signals.alert_evaluation import evaluate_rules

    with user_errors(*evaluation_errors()):
        report = evaluate_rules(open_engine(), datetime.now(UTC))
    console.print(f"{report.alerts} alerts, {report.deliveries} deliveries queued", highlight=False)


@app.command("deliver")
def deliver_command(
    max_attempts: Annotated[int, typer.Option(help="Attempts before a delivery becomes a dead letter.")] = 5,
) -> None:
    """Post every webhook alert that is due now (run it from cron or a timer); mail goes by `partnerops mail send`."""
    from partnerops.mail.delivery import RetryPolicy
    from partnerops.signals.alert_delivery import deliver_webhooks

    report = deliver_webhooks(open_engine(), datetime.now(UTC), RetryPolicy(max_attempts=max_attempts))
    console.print(f"{report.sent} sent, {report.retrying} to retry, {report.dead} dead", highlight=False)
    if report.retrying or report.dead:
        raise typer.Exit(1)


@app.command("list")
def list_command(
    status: Annotated[choices.DeliveryStatus | None, typer.Option(help="pending, sent, dead or mailed (default: "
                                                                  "all).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many (the oldest first).")] = 100,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """Alert deliveries with their attempts and last error."""
    from partnerops.signals.alert_outbox import DeliveryStatus, list_deliveries

    found = list_deliveries(open_engine(), DeliveryStatus(status.value) if status else None, limit)
    more = [f"the first {limit:,} shown: --limit {limit * 10:,} shows more"] if len(found) == limit else []
    _print_deliveries(found, output, more)


@app.command("dead")
def dead_command(output: Annotated[OutputFormat, format_option()] = OutputFormat.table) -> None:
    """Dead letters: webhook alerts that failed every attempt and alert emails the mail queue gave up on."""
    from partnerops.signals.alert_outbox import dead_letters

    _print_deliveries(dead_letters(open_engine()), output)


DELIVERY_COLUMNS = (Column("id", numeric=True, keep=10), Column("rule", keep=7), Column("about", keep=8),
                    Column("channel", keep=5), Column("destination", keep=4), Column("status", keep=9),
                    Column("attempts", numeric=True, keep=3), Column("last error", keep=2))  # fmt: skip


def _print_deliveries(found: list[Any], output: OutputFormat, notes: Sequence[str] = ()) -> None:
    rows = [(d.id, d.rule, d.subject, d.channel.value, d.destination, d.status.value, d.attempts, d.last_error)
            for d in found]  # fmt: skip
    emit(Listing(DELIVERY_COLUMNS, rows, empty="no deliveries match", notes=notes), output)


@app.command("replay")
def replay_command(
    delivery_id: Annotated[int | None, typer.Argument(help="A dead letter's id; omit with --all.")] = None,
    all_dead: Annotated[bool, typer.Option("--all", help="Replay every dead letter.")] = False,
) -> None:
    """Give dead letters a fresh set of attempts; the next `alerts deliver` (or `mail send`) sends them."""
    from partnerops.mail.queue import MessageNotFound, NotDead
    from partnerops.signals.alert_outbox import DeliveryNotFound, NotDeadLetter, replay, replay_all

    now = datetime.now(UTC)
    if all_dead:
        console.print(f"{replay_all(open_engine(), now)} dead letters requeued", highlight=False)
        return
    if delivery_id is None:
        raise typer.BadParameter("give a delivery id or --all")
    with user_errors(DeliveryNotFound, NotDeadLetter, MessageNotFound, NotDead):
        replay(open_engine(), delivery_id, now)
    console.print(f"alert delivery {delivery_id}: requeued", highlight=False)
