"""`partnerops registrations`: the registration queue from the command line, and trying new rules on history."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from partnerops.cli import choices
from partnerops.cli.context import console, open_engine, operator, user_errors
from partnerops.cli.output import Column, Listing, OutputFormat, emit, format_option

if TYPE_CHECKING:
    from partnerops.registrations.model import Registration
    from partnerops.registrations.simulate import Simulation

app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich")

RegistrationId = Annotated[int, typer.Argument(help="The registration's id, from `partnerops registrations list`.")]


REGISTRATION_COLUMNS = (Column("id", numeric=True, keep=10), Column("partner", keep=8), Column("company", keep=9),
                        Column("status", keep=9), Column("conflicts", keep=5), Column("respond by", keep=4),
                        Column("expires on", keep=3))  # fmt: skip


@app.command("list")
def list_command(
    status: Annotated[choices.RegistrationStatus | None, typer.Option(help="Only this status.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only pending ones past their response SLA.")] = False,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """List registrations, newest first, with their conflicts and deadlines."""
    from partnerops.analytics.record_lists import external_ids
    from partnerops.domain.registration_rules import RegistrationStatus
    from partnerops.registrations import service

    engine, chosen = open_engine(), RegistrationStatus(status.value) if status else None
    found = service.list_registrations(engine, operator(), chosen, True if overdue else None)
    with engine.connect() as connection:
        partner_ids = external_ids(connection, "partner", (r.partner_id for r in found))
    rows = [(r.id, partner_ids[r.partner_id], r.company_name, r.status.value + (" (overdue)" if r.overdue else ""),
             ", ".join(c.rule.value for c in r.conflicts) or None, f"{r.respond_by:%Y-%m-%d %H:%M}", r.expires_on)
            for r in found]  # fmt: skip
    emit(Listing(REGISTRATION_COLUMNS, rows, empty="no registrations match"), output)


@app.command("show")
def show_command(registration_id: RegistrationId) -> None:
    """Show one registration: the claim, every conflict with its reason, the decision."""
    from partnerops.registrations import service
    from partnerops.registrations.errors import RegistrationError
    from partnerops.store.record_refs import record_ref

    engine = open_engine()
    with user_errors(RegistrationError):
        registration = service.get_registration(engine, operator(), registration_id)
    with engine.connect() as connection:
        _print(registration, record_ref(connection, "partner", registration.partner_id).label)


@app.command("approve")
def approve_command(registration_id: RegistrationId) -> None:
    """Approve: attach the deal (the account's open opportunity, or a new one) and credit the partner."""
    from partnerops.registrations import service
    from partnerops.registrations.errors import RegistrationError

    with user_errors(RegistrationError):
        done = service.approve_registration(open_engine(), operator(), registration_id)
    console.print(f"registration {done.id}: approved, opportunity {done.opportunity_id}", highlight=False)


@app.command("reject")
def reject_command(
    registration_id: RegistrationId,
    reason: Annotated[str, typer.Option(help="Why, in words the partner reads in the notice.")],
) -> None:
    """Reject with a reason; the partner is told by mail."""
    from partnerops.registrations import service
    from partnerops.registrations.errors import RegistrationError

    with user_errors(RegistrationError):
        done = service.reject_registration(open_engine(), operator(), registration_id, reason)
    console.print(f"registration {done.id}: rejected", highlight=False)


@app.command("expire")
def expire_command() -> None:
    """Lapse every pending or approved registration past its expiry date (run it daily)."""
    from partnerops.registrations import service

    expired = service.expire_registrations(open_engine())
    console.print(f"{len(expired)} registrations expired" + (f": {', '.join(map(str, expired))}" if expired else ""),
                  highlight=False)


@app.command("simulate")
def simulate_command(
    rules: Annotated[Path, typer.Option(metavar="FILE", help="The candidate rules (YAML), e.g. a copy of the default, "
                                        "edited.")],
    baseline: Annotated[Path | None, typer.Option(metavar="FILE", help="Rules to compare with (default: the rules "
                                                  "in force).")] = None,
) -> None:
    """Replay every past registration as of its submission under the candidate rules and show what changes."""
    from partnerops.domain.registration_rules import RulesError
    from partnerops.registrations.rules_file import load_rules
    from partnerops.registrations.simulate import simulate

    with user_errors(RulesError):
        result = simulate(open_engine(), load_rules(baseline), load_rules(rules))
    _print_simulation(result)


def _print(r: Registration, partner: str) -> None:
    from partnerops.registrations.simulate import conflict_label

    lines = [f"registration {r.id} ({r.status.value}{', overdue' if r.overdue else ''}): {r.company_name}",
             f"partner: {partner}  domain: {r.domain or '-'}  contact: {r.contact_name or '-'} "
             f"<{r.contact_email or '-'}>", f"estimated: {r.estimated_amount}, closing {r.estimated_close_on}",
             f"submitted {r.submitted_at:%Y-%m-%d %H:%M} under rules {r.rules_version}; respond by "
             f"{r.respond_by:%Y-%m-%d %H:%M}; expires on {r.expires_on}",
             *(f"conflict: {conflict_label(c)} — {c.detail}" for c in r.conflicts)]
    if r.decided_at:
        lines.append(f"decided {r.decided_at:%Y-%m-%d %H:%M}" + (f": {r.decision_reason}" if r.decision_reason else ""))
    console.print("\n".join(lines), highlight=False, markup=False)


def _print_simulation(result: Simulation) -> None:
    table = Table("id", "company", "submitted", f"under {result.baseline_version}",
                  f"under {result.candidate_version}", "gained", "lost")
    for r in result.changed:
        reg = r.registration
        table.add_row(str(reg.id), reg.company_name, f"{reg.submitted_at:%Y-%m-%d}", ", ".join(r.baseline) or "-",
                      ", ".join(r.candidate) or "-", ", ".join(r.gained) or "-", ", ".join(r.lost) or "-")
    if result.changed:
        console.print(table)
    console.print(f"{len(result.replayed)} registrations replayed, {len(result.changed)} changed; flagged "
                  f"{result.flagged_before} -> {result.flagged_after}", highlight=False)
