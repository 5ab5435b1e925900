"""The read tools as the server lists them: names, descriptions an agent reads, typed and bounded arguments."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.types import ToolAnnotations
from pydantic import Field

from partnerops.api.routes.reports import Period
from partnerops.domain.enums import Outcome
from partnerops.mapping.overlap import OverlapCategory
from partnerops.mcp import evidence_tools, read_tools
from partnerops.mcp.host import ToolHost

__all__ = ["READ_TOOLS", "register_read_tools"]

READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)
Limit = Annotated[int, Field(ge=1, le=100, description="At most this many items.")]
Ref = Annotated[str, Field(max_length=300, description="Its external id (PRT-38099), SYSTEM:ID, or exact name.")]
OptionalRef = Annotated[str, Field(max_length=300, description="Its external id or exact name; empty: your own "
                                   "partner (partner users).")]  # fmt: skip
Text = Annotated[str, Field(max_length=200)]
READ_TOOLS = ("find_partners", "find_accounts", "find_opportunities", "explain_attribution", "impact_report",
              "ecosystem_report", "co_sell_targets", "partner_pipeline", "partner_money", "deal_signals",
              "search_documents")  # fmt: skip


def register_read_tools(server: MCPServer, host: ToolHost) -> None:  # noqa: C901  (one small closure per tool)
    engine = host.engine

    @server.tool(annotations=READ_ONLY)
    def find_partners(ctx: Context, query: Text = "", limit: Limit = 20) -> dict[str, Any]:
        """Partners whose name contains QUERY (all when empty) that you may see."""
        return host.run(ctx, "find_partners", {"query": query, "limit": limit},
                        lambda c: read_tools.find_partners(engine, c, query, limit))

    @server.tool(annotations=READ_ONLY)
    def find_accounts(ctx: Context, query: Text = "", limit: Limit = 20) -> dict[str, Any]:
        """Accounts (customers and prospects) whose name contains QUERY that you may see."""
        return host.run(ctx, "find_accounts", {"query": query, "limit": limit},
                        lambda c: read_tools.find_accounts(engine, c, query, limit))

    @server.tool(annotations=READ_ONLY)
    def find_opportunities(ctx: Context, query: Text = "", partner: OptionalRef = "", outcome: Outcome | None = None,
                           limit: Limit = 20) -> dict[str, Any]:  # fmt: skip
        """Opportunities (deals) whose name contains QUERY, optionally only those a partner touched or of one
        outcome (open, won, lost)."""
        arguments = {"query": query, "partner": partner, "outcome": outcome, "limit": limit}
        return host.run(ctx, "find_opportunities", arguments,
                        lambda c: read_tools.find_opportunities(engine, c, query, partner, outcome, limit))

    @server.tool(annotations=READ_ONLY)
    def explain_attribution(ctx: Context, opportunity: Ref) -> dict[str, Any]:
        """Why a deal has its attribution tier: each partner's tier with the touches that earned it, and the
        touches that did not count, under the latest attribution run's policy."""
        return host.run(ctx, "explain_attribution", {"opportunity": opportunity},
                        lambda c: read_tools.explain_attribution(engine, c, opportunity))

    @server.tool(annotations=READ_ONLY)
    def impact_report(ctx: Context, period: Period = Period.QUARTER, since: date | None = None,
                      until: date | None = None) -> dict[str, Any]:  # fmt: skip
        """The partner impact report (staff only): win rates with their confidence intervals, uplift, deal size,
        cycle time, the attribution mix and pipeline, by period."""
        arguments = {"period": period, "since": since, "until": until}
        return host.run(ctx, "impact_report", arguments,
                        lambda c: read_tools.impact_report(engine, host.settings, c, period, since, until))

    @server.tool(annotations=READ_ONLY)
    def ecosystem_report(ctx: Context, as_of: date | None = None,
                         months: Annotated[int, Field(ge=1, le=60)] = 12,
                         draws: Annotated[int, Field(ge=0, le=2_000)] = 200) -> dict[str, Any]:  # fmt: skip
        """The ecosystem report (staff only): net and gross revenue retention, lifetime value, time to first value
        and return on partner investment by partner, type, tier and source over the months ending on AS_OF, each
        estimate with its 95% bootstrap interval (DRAWS draws; 0: none)."""
        arguments = {"as_of": as_of, "months": months, "draws": draws}
        return host.run(ctx, "ecosystem_report", arguments,
                        lambda c: read_tools.ecosystem_report(engine, host.settings, c, as_of, months, draws))

    _register_partner_tools(server, host)
    _register_evidence_tools(server, host)


def _register_partner_tools(server: MCPServer, host: ToolHost) -> None:
    engine = host.engine

    @server.tool(annotations=READ_ONLY)
    def co_sell_targets(ctx: Context, partner: OptionalRef = "",
                        category: OverlapCategory = OverlapCategory.CO_SELL_TARGETS) -> dict[str, Any]:  # fmt: skip
        """Account overlap with a partner, as far as its sharing level lets you see: co-sell targets by default,
        or shared customers, white space, our customers that are their prospects."""
        return host.run(ctx, "co_sell_targets", {"partner": partner, "category": category},
                        lambda c: read_tools.co_sell_targets(engine, c, partner, category))

    @server.tool(annotations=READ_ONLY)
    def partner_pipeline(ctx: Context, partner: OptionalRef = "", limit: Limit = 50) -> dict[str, Any]:
        """A partner's open deals: the opportunities it has a touch on that are still open."""
        return host.run(ctx, "partner_pipeline", {"partner": partner, "limit": limit},
                        lambda c: read_tools.partner_pipeline(engine, c, partner, limit))

    @server.tool(annotations=READ_ONLY)
    def partner_money(ctx: Context, partner: OptionalRef = "") -> dict[str, Any]:
        """A partner's commissions (earned, pending, paid, disputed, next payout), MDF balance and MDF requests."""
        return host.run(ctx, "partner_money", {"partner": partner},
                        lambda c: read_tools.partner_money(engine, c, partner))


def _register_evidence_tools(server: MCPServer, host: ToolHost) -> None:
    engine = host.engine

    @server.tool(annotations=READ_ONLY)
    def deal_signals(ctx: Context, opportunity: Ref, limit: Limit = 20) -> dict[str, Any]:
        """The newest partner mentions found in calls and emails linked to a deal (staff only)."""
        return host.run(ctx, "deal_signals", {"opportunity": opportunity, "limit": limit},
                        lambda c: evidence_tools.deal_signals(engine, c, opportunity, limit))

    @server.tool(annotations=READ_ONLY)
    def search_documents(ctx: Context, question: Annotated[str, Field(max_length=1_000)],
                         limit: Annotated[int, Field(ge=1, le=10)] = 5) -> dict[str, Any]:  # fmt: skip
        """The program documents' passages that best answer a question, each with its document, heading and link,
        and whether it is close enough to answer it."""
        return host.run(ctx, "search_documents", {"question": question, "limit": limit},
                        lambda c: evidence_tools.search_documents(engine, c, question, limit))
