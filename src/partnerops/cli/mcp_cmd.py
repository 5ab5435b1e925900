"""`partnerops mcp`: the Model Context Protocol server over stdio, for an agent running on this machine; every tool
acts as the owner of the API token in PARTNEROPS_MCP_TOKEN. `partnerops serve` serves the same tools at /mcp."""

from __future__ import annotations

import os

import typer

from partnerops.cli.context import errors, open_engine

TOKEN_VARIABLE = "PARTNEROPS_MCP_TOKEN"


def mcp() -> None:
    """Serve the PartnerOps tools to an MCP client on stdin/stdout: find partners, accounts and deals, explain
    attribution, read the impact report, co-sell targets, pipeline, commissions, MDF, signals and the program
    documents, and propose registrations, touches, tier changes and MDF requests that a person approves. Put an API
    token (`partnerops users token EMAIL`) in PARTNEROPS_MCP_TOKEN: the tools see what its owner may see."""
    from partnerops.mcp.callers import NotAuthenticated, caller_for_token
    from partnerops.mcp.server import server_for
    from partnerops.settings import get_settings

    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        errors.print(f"set {TOKEN_VARIABLE} to an API token: `partnerops users token EMAIL` makes one")
        raise typer.Exit(1)
    engine = open_engine()
    try:
        caller = caller_for_token(engine, token, "stdio")
    except NotAuthenticated as exc:
        errors.print(str(exc))
        raise typer.Exit(1) from exc
    errors.print(f"serving MCP on stdio as {caller.principal.email} ({caller.principal.role.value})")
    server_for(engine, get_settings(), stdio_token=token).run("stdio")
