"""The one Jinja environment every HTML report renders with: packaged templates, autoescaping, our filters."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from partnerops.reports.formatting import (
    amount,
    days,
    money,
    money_interval,
    percent,
    percent_short,
    ratio,
    share,
    tier_label,
)

__all__ = ["environment"]

environment = Environment(
    loader=PackageLoader("partnerops.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.filters.update(
    percent=percent,
    percent_short=percent_short,
    ratio=ratio,
    money=money,
    amount=amount,
    days=days,
    tier=tier_label,
    share=share,
)
environment.globals.update(money_interval=money_interval)
