"""`partnerops routing profile|lead|applications|reject-application`: what each partner can take, what each lead
needs and whether partners may apply for it, the applications they made in the portal, and turning one down."""

from __future__ import annotations

from typing import Annotated

import typer

from partnerops.cli.context import console, operator
from partnerops.cli.output import Column, Listing, OutputFormat, emit, emit_record, format_option
from partnerops.cli.routing_context import Kind, find_lead, partner_id, routing

PROFILE_COLUMNS = (Column("partner", keep=10), Column("name", keep=8), Column("tier", keep=6),
                   Column("capabilities", keep=7), Column("regions", keep=7), Column("capacity", numeric=True, keep=7),
                   Column("open deals", numeric=True, keep=7))  # fmt: skip
APPLICATION_COLUMNS = (Column("lead", keep=10), Column("kind", keep=6), Column("name", keep=7),
                       Column("partner", keep=10), Column("status", keep=9), Column("applied at", keep=6),
                       Column("applied by", keep=4), Column("note", keep=3), Column("reason", keep=5))  # fmt: skip
Tags = Annotated[str | None, typer.Option(help="Comma-separated; an empty string clears them.")]


def register_setup_commands(app: typer.Typer) -> None:
    app.command("profile")(profile_command)
    app.command("profiles")(profiles_command)
    app.command("lead")(lead_command)
    app.command("applications")(applications_command)
    app.command("reject-application")(reject_application_command)


def profile_command(
    partner: Annotated[str, typer.Argument(help="The partner's id, SYSTEM:ID or exact name.")],
    capabilities: Tags = None, regions: Tags = None,
    capacity: Annotated[int | None, typer.Option(help="Open deals it can carry at once (default: the rules').")]
    = None,
    default_capacity: Annotated[bool, typer.Option("--default-capacity", help="Use the rules' default capacity.")]
    = False,
) -> None:  # fmt: skip
    """Set what PARTNER can take: its capabilities, regions covered and capacity (unchanged when not given)."""
    from dataclasses import replace

    from partnerops.routing.leads import tags
    from partnerops.routing.profiles import Profile, routed_partners, set_profile

    with routing(write=True) as conn:
        target = partner_id(conn, partner)
        held = next((p.profile for p in routed_partners(conn) if p.id == target), Profile())
        changed = replace(held, **{k: tags(v) for k, v in (("capabilities", capabilities), ("regions", regions))
                                   if v is not None})  # fmt: skip
        if capacity is not None or default_capacity:
            changed = replace(changed, capacity=None if default_capacity else capacity)
        set_profile(conn, operator(), target, changed)
    console.print(f"{partner}: capabilities {', '.join(changed.capabilities) or '-'}; regions "
                  f"{', '.join(changed.regions) or '-'}; capacity {changed.capacity or 'default'}", highlight=False)


def profiles_command(output: Annotated[OutputFormat, format_option()] = OutputFormat.table) -> None:
    """List every live partner's routing profile with its open deals now."""
    from partnerops.routing.capacity import open_deals
    from partnerops.routing.profiles import routed_partners
    from partnerops.routing.rules import load_rules

    rules = load_rules()
    with routing() as conn:
        load, found = open_deals(conn), routed_partners(conn)
    rows = [(p.external_id, p.name, p.tier, ", ".join(p.profile.capabilities), ", ".join(p.profile.regions),
             rules.capacity_of(p.external_id, p.profile.capacity), load.get(p.id, 0)) for p in found]  # fmt: skip
    emit(Listing(PROFILE_COLUMNS, rows, empty="no live partners"), output)


def lead_command(
    lead: Annotated[str, typer.Argument(help="An open deal or an account: its id, SYSTEM:ID or exact name.")],
    kind: Kind = None,
    needs: Annotated[str | None, typer.Option(help="Capabilities the lead needs, comma-separated.")] = None,
    applications: Annotated[bool | None, typer.Option("--open/--closed", help="Let partners apply for it in the "
                                                      "portal, or stop them.")] = None,  # fmt: skip
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """Route LEAD: record the capabilities it needs and whether partners may apply for it, then show it."""
    from partnerops.routing.applications import describe_lead

    with routing(write=True) as conn:
        found = find_lead(conn, lead, kind)
        row = describe_lead(conn, operator(), found, needs, applications)
    columns = (Column("lead"), Column("kind"), Column("name"), Column("region"), Column("needs"),
               Column("open for applications"))  # fmt: skip
    emit_record(columns, (found.external_id, found.kind, found.name, found.region, ", ".join(row.needs) or None,
                          "yes" if row.open_for_applications else "no"), output)  # fmt: skip


def applications_command(
    partner: Annotated[str | None, typer.Option("--partner", help="Only this partner's applications.")] = None,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """List partners' applications for leads, newest first; offer the lead to an applicant with `routing offer`."""
    from partnerops.routing.applications import applications

    with routing() as conn:
        found = applications(conn, partner_id(conn, partner) if partner else None)
    rows = [(a.lead.external_id, a.lead.kind, a.lead.name, a.partner_ref, a.status, f"{a.applied_at:%Y-%m-%d %H:%M}",
             a.applied_by, a.note, a.reason) for a in found]  # fmt: skip
    emit(Listing(APPLICATION_COLUMNS, rows, empty="no applications"), output)


def reject_application_command(
    lead: Annotated[str, typer.Argument(help="The lead applied for: its id, SYSTEM:ID or exact name.")],
    partner: Annotated[str, typer.Argument(help="The applicant partner's id, SYSTEM:ID or exact name.")],
    reason: Annotated[str, typer.Option("--reason", help="Why: the partner reads it in the portal.")],
    kind: Kind = None,
) -> None:
    """Turn down PARTNER's application for LEAD, with the reason it reads; refused once the lead was offered."""
    from partnerops.routing.applications import reject_application

    with routing(write=True) as conn:
        found = reject_application(conn, operator(), find_lead(conn, lead, kind), partner_id(conn, partner), reason)
    console.print(f"{found.lead.label}: the application of {found.partner_name} ({found.partner_ref}) is rejected",
                  highlight=False)  # fmt: skip
