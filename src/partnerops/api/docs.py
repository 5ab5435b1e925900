"""The interactive API documentation (Swagger UI) served from the package, so it works offline and under the same
Content-Security-Policy as every page: the viewer's files are static assets and its start-up is a script file."""

from __future__ import annotations

from html import escape
from importlib.resources import files

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["ASSETS_PATH", "install_docs"]

# Outside /api/ (which holds data routes only) and beside the pages' own /static.
ASSETS_PATH = "/static/api-docs"
_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} API</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{assets}/docs-init.js"></script>
</body>
</html>
"""


def install_docs(app: FastAPI, docs_url: str) -> None:
    """Serve the documentation page at `docs_url` and its assets under ASSETS_PATH."""
    page = _PAGE.format(title=escape(app.title), assets=ASSETS_PATH, openapi=escape(app.openapi_url or ""))
    app.mount(ASSETS_PATH, StaticFiles(directory=str(files("partnerops.api") / "static")), name="api-docs-assets")

    @app.get(docs_url, include_in_schema=False)
    def documentation() -> HTMLResponse:
        return HTMLResponse(page)
