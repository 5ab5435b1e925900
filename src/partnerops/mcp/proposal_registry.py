"""The proposal tools as the server lists them. Each says that it proposes: nothing changes until a person with
the right role approves the proposal in its review queue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp.types import ToolAnnotations
from pydantic import Field

from partnerops.domain.enums import TouchType
from partnerops.mcp import proposal_tools, routing_proposals
from partnerops.mcp.host import ToolHost
from partnerops.mcp.proposal_tools import Deal, MdfDraft
from partnerops.mcp.proposals import proposals_of
from partnerops.mcp.read_registry import READ_ONLY

__all__ = ["PROPOSAL_TOOLS", "register_proposal_tools"]

PROPOSES = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False)
Name = Annotated[str, Field(min_length=1, max_length=200)]
Ref = Annotated[str, Field(max_length=300, description="Its external id, SYSTEM:ID, or exact name.")]
OptionalRef = Annotated[str, Field(max_length=300, description="The partner's external id or exact name; empty: "
                                   "your own partner (partner users).")]  # fmt: skip
Amount = Annotated[Decimal, Field(gt=0, max_digits=18, decimal_places=2)]
Currency = Annotated[str, Field(pattern="^[A-Z]{3}$", description="ISO 4217 code, e.g. USD.")]
Note = Annotated[str, Field(max_length=2_000)]
PROPOSAL_TOOLS = ("register_deal", "propose_touch", "propose_tier_change", "draft_mdf_request", "offer_lead",
                  "my_proposals")


def register_proposal_tools(server: MCPServer, host: ToolHost) -> None:  # noqa: C901  (one closure per tool)
    engine, per_day = host.engine, host.proposals_per_day

    @server.tool(annotations=PROPOSES)
    def register_deal(ctx: Context, company_name: Name, estimated_amount: Amount, currency: Currency,
                      estimated_close_on: date, domain: str = "", contact_name: str = "", contact_email: str = "",
                      notes: Note = "", partner: OptionalRef = "") -> dict[str, Any]:  # fmt: skip
        """Propose a deal registration (pending): a partner manager approves or rejects it in the registration
        queue, where conflicts with existing deals and registrations are flagged."""
        deal = Deal(company_name, estimated_amount, currency, estimated_close_on, domain, contact_name, contact_email,
                    notes, partner)  # fmt: skip
        return host.run(ctx, "register_deal", deal.__dict__,
                        lambda c: proposal_tools.register_deal(engine, c, deal, per_day))

    @server.tool(annotations=PROPOSES)
    def propose_touch(ctx: Context, opportunity: Ref, touch_type: TouchType, touched_on: date,
                      passage: Annotated[str, Field(min_length=1, max_length=4_000)], partner: OptionalRef = "",
                      source: Annotated[str, Field(max_length=300, description="Where it was said: file, call, "
                                                   "time.")] = "") -> dict[str, Any]:  # fmt: skip
        """Propose a partner touch on a deal from a transcript passage (the evidence): it waits as claimed until
        sales or a partner manager confirms it, and counts for attribution only then."""
        arguments = {"opportunity": opportunity, "touch_type": touch_type, "touched_on": touched_on,
                     "passage": passage, "partner": partner, "source": source}  # fmt: skip
        return host.run(ctx, "propose_touch", arguments, lambda c: proposal_tools.propose_touch(
            engine, c, opportunity, partner, touch_type, touched_on, passage, source, per_day))

    @server.tool(annotations=PROPOSES)
    def propose_tier_change(ctx: Context, partner: Ref, tier: Annotated[str, Field(min_length=1, max_length=64)],
                            reason: Note) -> dict[str, Any]:  # fmt: skip
        """Propose moving a partner to another tier (staff who run the program): a tier review a partner manager
        accepts or rejects; the tier is unchanged until then."""
        return host.run(ctx, "propose_tier_change", {"partner": partner, "tier": tier, "reason": reason},
                        lambda c: proposal_tools.propose_tier_change(engine, c, partner, tier, reason, per_day))

    @server.tool(annotations=PROPOSES)
    def draft_mdf_request(ctx: Context, title: Name, plan: Note, budget: Amount, currency: Currency,
                          period: Annotated[str, Field(max_length=16, description="2026, 2026-H2 or 2026-Q4.")],
                          starts_on: date, ends_on: date, partner: OptionalRef = "") -> dict[str, Any]:  # fmt: skip
        """Draft a request for market development funds (pending): a partner manager approves or rejects it."""
        draft = MdfDraft(title, plan, budget, currency, period, starts_on, ends_on, partner)
        return host.run(ctx, "draft_mdf_request", draft.__dict__,
                        lambda c: proposal_tools.draft_mdf_request(engine, c, draft, per_day))

    @server.tool(annotations=PROPOSES)
    def offer_lead(ctx: Context, lead: Annotated[str, Field(min_length=1, max_length=300, description="An open deal "
                   "or an account: its external id, SYSTEM:ID or exact name.")], partner: Ref,
                   kind: Annotated[Literal["", "deal", "account"], Field(description="deal or account, when the name "
                                   "could be either; empty: whichever it names.")] = "") -> dict[str, Any]:  # fmt: skip
        """Propose offering a lead (an open deal or an account) to a partner (staff): a partner manager confirms it
        in the routing queue before the partner sees it and its response deadline starts."""
        return host.run(ctx, "offer_lead", {"lead": lead, "partner": partner, "kind": kind},
                        lambda c: routing_proposals.offer_lead(engine, c, lead, partner, kind, per_day))

    @server.tool(annotations=READ_ONLY)
    def my_proposals(ctx: Context, limit: Annotated[int, Field(ge=1, le=100)] = 20) -> dict[str, Any]:
        """Your own proposals made through agents, newest first, each with its status now (pending, claimed or
        proposed until a person decides; then approved, confirmed, accepted or rejected)."""
        return host.run(ctx, "my_proposals", {"limit": limit},
                        lambda c: {"proposals": proposals_of(engine, c.principal.user_id, limit)})
