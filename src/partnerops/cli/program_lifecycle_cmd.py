"""`partnerops program`: a partner's lifecycle stage, its onboarding checklist, and tier standing and reviews."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from partnerops.cli.context import console, find_named, open_engine, operator, user_errors
from partnerops.cli.output import NAMING, NEEDED, Column, Listing, OutputFormat, emit, format_option
from partnerops.cli.program_options import OnDay, PartnerId, SettingsFile, parse_day, problems
from partnerops.domain.enums import LifecycleStage

app = typer.Typer(no_args_is_help=True)
tiers_app = typer.Typer(no_args_is_help=True, help="Tier criteria: standing, gaps and period-end reviews.")
app.add_typer(tiers_app, name="tiers")


@app.command("stage")
def stage_command(partner: PartnerId, stage: LifecycleStage) -> None:
    """Move a partner to a lifecycle stage (recruit, onboard, enable, co_market, co_sell, review)."""
    from partnerops.program import lifecycle

    with user_errors(*problems()), open_engine().begin() as conn:
        named = find_named(conn, "partner", partner)
        before = lifecycle.set_stage(conn, operator(), named.id, stage)
    console.print(f"partner {named.external_id}: {before or '-'} -> {stage.value}", highlight=False)


@app.command("checklist")
def checklist_command(
    partner: PartnerId,
    done: Annotated[list[str] | None, typer.Option("--done", metavar="ITEM", help="Tick this item. Repeatable.")]
    = None,
    undo: Annotated[list[str] | None, typer.Option("--undo", metavar="ITEM", help="Untick this item. Repeatable.")]
    = None,
    settings: SettingsFile = None,
) -> None:
    """Show the onboarding checklist of a partner, ticking or unticking items first."""
    from partnerops.program import lifecycle
    from partnerops.program.program_settings import load_program_settings

    program = load_program_settings(settings)
    with user_errors(*problems()), open_engine().begin() as conn:
        partner_id = find_named(conn, "partner", partner).id
        for item, state in [*((i, True) for i in done or []), *((i, False) for i in undo or [])]:
            lifecycle.mark_item(conn, operator(), partner_id, item, state, program)
        items = lifecycle.checklist(conn, operator(), partner_id, program)
    for i in items:
        console.print(f"[{'x' if i.done else ' '}] {i.item}" + (f"  ({i.done_on}, {i.done_by})" if i.done else ""),
                      highlight=False, markup=False)  # fmt: skip


@tiers_app.command("gap")
def gap_command(partner: PartnerId, on: OnDay = None, settings: SettingsFile = None) -> None:
    """The partner's tier, the next one, and what it still needs."""
    from partnerops.program import tiers
    from partnerops.program.program_settings import load_program_settings

    with user_errors(*problems()), open_engine().connect() as conn:
        named = find_named(conn, "partner", partner)
        gap = tiers.next_tier_gap(conn, named.id, parse_day(on), load_program_settings(settings))
    console.print(f"partner {named.external_id}: holds {gap.current_tier or '-'}, earns {gap.earned_tier}, next "
                  f"{gap.next_tier or '- (top tier)'}", highlight=False)  # fmt: skip
    for check in gap.checks:
        mark = "met" if check.met else f"missing {check.missing}"
        console.print(f"  {check.criterion}: {check.actual} of {check.required} ({mark})", highlight=False)


@tiers_app.command("review")
def review_command(
    period: Annotated[str, typer.Option(metavar="PERIOD", help="The period that ends, e.g. 2026-Q4: criteria are "
                                        "measured on its last day over the trailing window.")],
    settings: SettingsFile = None,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:  # fmt: skip
    """Propose promotions and demotions for the period, with every criterion met or missed."""
    from partnerops.program.program_settings import load_program_settings
    from partnerops.program.tier_reviews import propose_tier_reviews

    with user_errors(*problems()), open_engine().begin() as conn:
        found = propose_tier_reviews(conn, operator(), period, load_program_settings(settings))
    rows = [(r.id, r.partner_name, r.current_tier, r.proposed_tier, r.direction, _checks(r.criteria), r.status)
            for r in found]  # fmt: skip
    emit(Listing(REVIEW_COLUMNS, rows, empty=f"no tier changes proposed for {period}"), output)


REVIEW_COLUMNS = (Column("review", numeric=True, keep=NEEDED), Column("partner", keep=NAMING), Column("from", keep=7),
                  Column("to", keep=NEEDED), Column("direction", keep=6), Column("criteria", keep=5),
                  Column("status", keep=4))  # fmt: skip


def _checks(criteria: dict[str, Any]) -> str:
    return ", ".join(f"{c['criterion']} {c['actual']}/{c['required']}{'' if c['met'] else ' MISSED'}"
                     for c in criteria.get("current", criteria["proposed"]))  # fmt: skip


@tiers_app.command("decide")
def decide_review_command(
    review_id: int, accept: Annotated[bool, typer.Option("--accept/--reject", help="The decision.")],
    reason: Annotated[str, typer.Option(help="Why, when rejecting.")] = "",
) -> None:  # fmt: skip
    """Accept a proposal (the partner's tier changes) or reject it; both are audited."""
    from partnerops.program.tier_reviews import accept_tier_review, reject_tier_review

    with user_errors(*problems()), open_engine().begin() as conn:
        done = (accept_tier_review(conn, operator(), review_id) if accept
                else reject_tier_review(conn, operator(), review_id, reason))  # fmt: skip
    console.print(f"tier review {done.id}: {done.status}", highlight=False)
