"""`partnerops serve`: the web app and the JSON API over the configured database."""

from __future__ import annotations

import typer
import uvicorn

from partnerops.cli.context import open_engine
from partnerops.settings import get_settings
from partnerops.web.app import create_web_app


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="The address to listen on."),
    port: int = typer.Option(8000, "--port", help="The port to listen on."),
) -> None:
    """Serve the pages (sign in at /login; partners see their portal) and the JSON API under /api/v1
    (OpenAPI at /api/v1/openapi.json) on PARTNEROPS_DATABASE_URL. Cookies are marked Secure unless
    PARTNEROPS_SECURE_COOKIES=false, which signing in over plain http on a laptop needs."""
    settings = get_settings()
    app = create_web_app(open_engine(settings), settings)
    uvicorn.run(app, host=host, port=port, proxy_headers=False)
