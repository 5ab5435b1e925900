"""What every tool needs: the database, the settings, the stdio process's token (none over HTTP, where each
request brings its own) and the daily proposal limit; `run` does one call as its caller, logged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mcp.server.mcpserver import Context
from sqlalchemy import Engine

from partnerops.mcp.running import Work, run_tool
from partnerops.settings import Settings

__all__ = ["DEFAULT_PROPOSALS_PER_DAY", "ToolHost"]

DEFAULT_PROPOSALS_PER_DAY = 50


@dataclass(frozen=True)
class ToolHost:
    engine: Engine
    settings: Settings
    stdio_token: str | None = None
    proposals_per_day: int = DEFAULT_PROPOSALS_PER_DAY

    def run(self, ctx: Context, tool: str, arguments: dict[str, Any], work: Work) -> dict[str, Any]:
        return run_tool(ctx, self.engine, self.stdio_token, tool, arguments, work)
