"""Talking to the PartnerOps MCP server as an agent would, with the SDK's own client: in-process, over stdio (the
`partnerops mcp` command as a child process) and over streamable HTTP (a real uvicorn server on loopback)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from sqlalchemy import Engine

from mcp import Client
from partnerops.settings import Settings
from partnerops.web.app import create_web_app
from web.conftest import serving

T = TypeVar("T")


@dataclass(frozen=True)
class Answer:
    """A tool's result as the agent reads it: the JSON it returned, or the error text."""

    error: bool
    text: str

    @property
    def data(self) -> dict[str, Any]:
        assert not self.error, self.text
        found: dict[str, Any] = json.loads(self.text)
        return found


def _answer(result: Any) -> Answer:
    text = "".join(getattr(part, "text", "") for part in result.content)
    if not result.is_error and result.structured_content is not None:
        text = json.dumps(result.structured_content)
    return Answer(bool(result.is_error), text)


class Agent:
    """One MCP client connection kept open for a test; `call` runs a tool and waits for its answer."""

    def __init__(self, connect: Callable[[], Client]) -> None:
        self.connect = connect

    def session(self, work: Callable[[Client], Awaitable[T]]) -> T:
        async def run() -> T:
            async with self.connect() as client:
                return await work(client)

        return anyio.run(run)

    def call(self, tool: str, **arguments: Any) -> Answer:
        async def one(client: Client) -> Answer:
            return _answer(await client.call_tool(tool, arguments))

        return self.session(one)

    def calls(self, asks: list[tuple[str, dict[str, Any]]]) -> list[Answer]:
        async def many(client: Client) -> list[Answer]:
            return [_answer(await client.call_tool(tool, arguments)) for tool, arguments in asks]

        return self.session(many)

    def tool_names(self) -> list[str]:
        async def names(client: Client) -> list[str]:
            return sorted(tool.name for tool in (await client.list_tools()).tools)

        return self.session(names)


def http_agent(url: str, token: str | None) -> Agent:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return Agent(lambda: Client(streamable_http_client(f"{url}/mcp", http_client=create_mcp_http_client(headers))))


def stdio_agent(engine: Engine, token: str) -> Agent:
    url = engine.url.render_as_string(hide_password=False)
    env = dict(os.environ) | {"PARTNEROPS_DATABASE_URL": url, "PARTNEROPS_MCP_TOKEN": token}
    command = StdioServerParameters(command=sys.executable, env=env,
                                    args=["-c", "from partnerops.cli.main import app; app()", "mcp"])  # fmt: skip
    return Agent(lambda: Client(command))


@contextmanager
def served(engine: Engine) -> Iterator[str]:
    """The served app (pages, API and /mcp) over ENGINE on a free loopback port."""
    settings = Settings(database_url=engine.url.render_as_string(hide_password=False), secure_cookies=False)
    with serving(create_web_app(engine, settings, warm_dashboard=False)) as url:
        yield url


def inprocess_agent(engine: Engine, token: str, proposals_per_day: int = 50) -> Agent:
    """The server in this process, as `partnerops mcp` builds it for TOKEN (the SDK's in-memory transport)."""
    from partnerops.mcp.host import ToolHost
    from partnerops.mcp.server import build_server

    settings = Settings(database_url=engine.url.render_as_string(hide_password=False))
    server = build_server(ToolHost(engine, settings, token, proposals_per_day))
    return Agent(lambda: Client(server))
