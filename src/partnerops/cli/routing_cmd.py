"""`partnerops routing`: leads and open deals offered to partners ranked by capability, region, tier and capacity;
offers accepted, declined, withdrawn or expired after their SLA; and what other routing rules would change."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from partnerops.cli.context import console, open_engine, operator, user_errors
from partnerops.cli.output import Column, Listing, OutputFormat, emit, format_option
from partnerops.cli.routing_context import Kind, LeadKind, find_lead, partner_id, routing
from partnerops.cli.routing_setup_cmd import register_setup_commands

if TYPE_CHECKING:
    from partnerops.routing.offers import Offer
    from partnerops.routing.rules import RoutingRules


class OfferStatus(StrEnum):
    """partnerops.routing.statuses.OfferStatus, mirrored: a feature package is too heavy to load for `--help`
    (tests/routing/test_routing_cmd.py fails when they drift)."""

    PROPOSED = "proposed"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


app = typer.Typer(no_args_is_help=True)  # fmt: skip

LeadRef = Annotated[str, typer.Argument(help="An open deal or an account: its id, SYSTEM:ID or exact name.")]
PartnerRef = Annotated[str, typer.Argument(help="The partner's id, SYSTEM:ID or exact name.")]
RulesFile = Annotated[Path | None, typer.Option("--rules", metavar="FILE", help="Routing rules (YAML; default: the "
                                                "rules in force).")]  # fmt: skip
Reason = Annotated[str | None, typer.Option("--reason", help="Why, kept with the decision and in the audit log.")]
Format = Annotated[OutputFormat, format_option()]

CANDIDATE_COLUMNS = (Column("rank", numeric=True, keep=10), Column("partner", keep=10), Column("name", keep=8),
                     Column("tier", keep=5), Column("score", numeric=True, keep=9), Column("eligible", keep=8),
                     Column("capability", numeric=True, keep=6), Column("region", numeric=True, keep=6),
                     Column("tier share", numeric=True, keep=4), Column("capacity", numeric=True, keep=6),
                     Column("reasons", keep=3))  # fmt: skip
OFFER_COLUMNS = (Column("lead", keep=10), Column("kind", keep=6), Column("name", keep=7), Column("partner", keep=10),
                 Column("status", keep=9), Column("offered at", keep=5), Column("respond by", keep=7),
                 Column("decided by", keep=3), Column("reason", keep=3))  # fmt: skip


def _rules(path: Path | None) -> RoutingRules:
    from partnerops.routing.rules import RulesError, load_rules

    with user_errors(RulesError):
        return load_rules(path)


def _when(moment: object) -> str | None:
    return None if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def _offer_row(o: Offer) -> tuple[object, ...]:
    return (o.lead_ref, o.lead_kind, o.lead_name, o.partner_ref, o.status, _when(o.offered_at), _when(o.respond_by),
            o.decided_by, o.reason)  # fmt: skip


def _said(o: Offer) -> None:
    due = f", answer by {o.respond_by:%Y-%m-%d %H:%M} UTC" if o.status in ("offered", "proposed") else ""
    console.print(f"{o.lead_label} -> {o.partner_name} ({o.partner_ref}): {o.status}{due}", highlight=False)


@app.command("candidates")
def candidates_command(
    lead: LeadRef, kind: Kind = None,
    needs: Annotated[str | None, typer.Option("--needs", help="Capabilities the lead needs, comma-separated (default: "
                                              "those set with `routing lead --needs`).")] = None,
    rules: RulesFile = None, output: Format = OutputFormat.table,
) -> None:  # fmt: skip
    """Rank every partner for LEAD by capability, region, tier and capacity, with the reasons; eligible ones first."""
    from partnerops.routing.leads import tags
    from partnerops.routing.ranking import rank_for_lead

    chosen = _rules(rules)
    with routing() as conn:
        found = find_lead(conn, lead, kind)
        ranked = rank_for_lead(conn, found, chosen, tags(needs) if needs is not None else None)
    rows = [(r.rank, r.partner.external_id, r.partner.name, r.partner.tier, r.score, "yes" if r.eligible else "no",
             *(round(p.share, 4) for p in r.parts), "; ".join(r.reasons)) for r in ranked]  # fmt: skip
    weights = ", ".join(f"{name} {weight:g}" for name, weight in chosen.weights.as_dict().items())
    emit(Listing(CANDIDATE_COLUMNS, rows, empty="no live partners", notes=[
        f"{found.label}; score = weighted sum under rules {chosen.version}: {weights}"]), output)  # fmt: skip


@app.command("offer")
def offer_command(
    lead: LeadRef,
    partner: Annotated[str | None, typer.Argument(help="The partner (id, SYSTEM:ID or exact name); default: the best "
                                                  "eligible candidate.")] = None,  # fmt: skip
    kind: Kind = None, rules: RulesFile = None,
) -> None:  # fmt: skip
    """Offer LEAD to PARTNER (or to the best eligible candidate); it must answer within the rules' SLA."""
    from partnerops.routing.errors import RoutingError
    from partnerops.routing.lifecycle import make_offer
    from partnerops.routing.ranking import rank_for_lead

    chosen = _rules(rules)
    with routing(write=True) as conn:
        found = find_lead(conn, lead, kind)
        if partner is None:
            best = next((r for r in rank_for_lead(conn, found, chosen) if r.eligible), None)
            if best is None:
                raise RoutingError(f"no partner is eligible for {found.label}: all are at capacity or turned it down")
            target = best.partner.id
        else:
            target = partner_id(conn, partner)
        _said(make_offer(conn, operator(), found, target, chosen))


@app.command("offers")
def offers_command(
    status: Annotated[list[OfferStatus] | None, typer.Option("--status", help="Only offers in this status "
                                                             "(repeat for several).")] = None,  # fmt: skip
    partner: Annotated[str | None, typer.Option("--partner", help="Only offers to this partner.")] = None,
    output: Format = OutputFormat.table,
) -> None:
    """List offers, newest first, with their deadlines and decisions."""
    from partnerops.routing.offers import list_offers

    with routing() as conn:
        owner = partner_id(conn, partner) if partner else None
        found = list_offers(conn, partner_id=owner, statuses=tuple(s.value for s in status or ()))
    emit(Listing(OFFER_COLUMNS, [_offer_row(o) for o in found], empty="no offers match"), output)


def _decide(action: str, lead: str, partner: str, kind: LeadKind | None, reason: str | None = None) -> None:
    from partnerops.routing import lifecycle

    with routing(write=True) as conn:
        found, target = find_lead(conn, lead, kind), partner_id(conn, partner)
        if action == "accept":
            offer = lifecycle.accept_offer(conn, operator(), found, target)
        elif action == "decline":
            offer = lifecycle.decline_offer(conn, operator(), found, target, reason)
        elif action == "withdraw":
            offer = lifecycle.withdraw_offer(conn, operator(), found, target, reason)
        else:
            offer = lifecycle.confirm_offer(conn, operator(), found, target, _rules(None))
    _said(offer)


@app.command("accept")
def accept_command(lead: LeadRef, partner: PartnerRef, kind: Kind = None) -> None:
    """Record PARTNER's acceptance of LEAD (its other offers are withdrawn); refused if another partner took it."""
    _decide("accept", lead, partner, kind)


@app.command("decline")
def decline_command(lead: LeadRef, partner: PartnerRef, kind: Kind = None, reason: Reason = None) -> None:
    """Record PARTNER declining LEAD."""
    _decide("decline", lead, partner, kind, reason)


@app.command("withdraw")
def withdraw_command(lead: LeadRef, partner: PartnerRef, kind: Kind = None, reason: Reason = None) -> None:
    """Take back an offer (or reject an agent's proposal) before the partner answers."""
    _decide("withdraw", lead, partner, kind, reason)


@app.command("confirm")
def confirm_command(lead: LeadRef, partner: PartnerRef, kind: Kind = None) -> None:
    """Confirm an offer an agent proposed: the partner sees it and its SLA starts now."""
    _decide("confirm", lead, partner, kind)


@app.command("expire")
def expire_command() -> None:
    """Expire every offer unanswered past its SLA (the scheduled job `routing_expiry` does this every 15 minutes)."""
    from datetime import UTC, datetime

    from partnerops.routing.expiry import expire_offers

    expired = expire_offers(open_engine(), datetime.now(UTC))
    for offer in expired:
        console.print(f"expired: {offer.lead_label} -> {offer.partner_ref}", highlight=False)
    console.print(f"{len(expired)} offers expired", highlight=False)


@app.command("simulate")
def simulate_command(
    rules: Annotated[Path, typer.Option("--rules", metavar="FILE", help="The candidate rules (YAML), e.g. a copy of "
                                        "the shipped rules, edited.")],  # fmt: skip
    baseline: Annotated[Path | None, typer.Option("--baseline", metavar="FILE", help="Rules to compare with "
                                                  "(default: the rules in force).")] = None,  # fmt: skip
    output: Format = OutputFormat.table,
) -> None:
    """Route every open lead under the candidate rules and under the baseline, and show where each would go."""
    from partnerops.routing.simulate import simulate

    before, after = _rules(baseline), _rules(rules)
    with routing() as conn:
        result = simulate(conn, before, after)
    columns = (Column("lead", keep=10), Column("kind", keep=6), Column("name", keep=6),
               Column(f"under {result.baseline_version}", keep=9), Column(f"under {result.candidate_version}", keep=9),
               Column("changed", keep=8))  # fmt: skip
    rows = [(r.lead.external_id, r.lead.kind, r.lead.name, _pick(r.baseline), _pick(r.candidate),
             "yes" if r.changed else "") for r in result.routed]  # fmt: skip
    note = f"{len(result.routed)} open leads routed, {len(result.changed)} would go elsewhere"
    emit(Listing(columns, rows, empty="no open leads: `partnerops routing lead LEAD` opens one", notes=[note]), output)


def _pick(ranked: object) -> str:
    return "-" if ranked is None else f"{ranked.partner.external_id} ({ranked.score:.3f})"  # type: ignore[attr-defined]


register_setup_commands(app)
