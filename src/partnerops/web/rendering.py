"""The Jinja environment of the pages and rendering a page for the signed-in viewer."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from partnerops.domain.money import Money
from partnerops.reports.formatting import amount, days, money, percent, ratio, tier_label
from partnerops.web.navigation import navigation_for
from partnerops.web.viewer import Viewer

__all__ = ["environment", "render"]

environment = Environment(
    loader=PackageLoader("partnerops.web", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.filters.update(percent=percent, ratio=ratio, money=money, amount=amount, days=days, tier=tier_label)


def minor_money(minor: int | None, currency: str) -> str:
    """An amount stored in minor units, as money ('–' when unknown)."""
    return money(None if minor is None else Money.from_minor(minor, currency))


environment.filters["minor_money"] = minor_money


def render(
    request: Request, template: str, viewer: Viewer | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """`template` rendered with the viewer, its navigation and its CSRF token available to every page."""
    page = environment.get_template(template).render(
        viewer=viewer,
        navigation=navigation_for(viewer, request.url.path),
        csrf_token=viewer.csrf_token if viewer else "",
        **context,
    )
    return HTMLResponse(page, status_code=status_code)
