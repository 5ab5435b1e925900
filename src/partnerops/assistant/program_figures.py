"""Figures other features own, read for the asker's own partner: commissions, open disputes, MDF and tier.

Those features are imported when a question needs them, so the assistant still answers everything else (and
says a figure is not available) on an installation without one of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Engine

from partnerops.assistant.answers import Answer, Intent, Source, SourceKind, not_known
from partnerops.assistant.asker import Asker

FIGURES: dict[Intent, tuple[str, str]] = {
    Intent.COMMISSIONS: ("partnerops.commissions.summary", "partner_commissions"),
    Intent.DISPUTES: ("partnerops.commissions.summary", "partner_commissions"),
    Intent.MDF_BALANCE: ("partnerops.program.mdf", "partner_mdf_balance"),
    Intent.TIER: ("partnerops.program.tiers", "next_tier_gap"),
}


def figure_function(intent: Intent) -> Callable[..., Any] | None:
    """The owning feature's function, or None where that feature is not installed."""
    module_name, name = FIGURES[intent]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        return None
    found = getattr(module, name, None)
    return found if callable(found) else None


def partner_figure(engine: Engine, asker: Asker, intent: Intent, today: date) -> Any | None:
    """The figure for the asker's own partner id: no other partner id is ever passed."""
    function = figure_function(intent)
    if function is None or asker.partner_id is None:
        return None
    with engine.connect() as conn:
        return function(conn, asker.partner_id, today)


def unavailable(intent: Intent, asker: Asker) -> Answer:
    if not asker.is_partner:
        return not_known(intent, "this question is about a partner's own business; ask it as the partner's user.",
                         asker.contact)  # fmt: skip
    return not_known(intent, "that figure is not available in this installation yet.", asker.contact)


def figure_source(intent: Intent, asker: Asker, label: str) -> Source:
    kinds = {Intent.COMMISSIONS: SourceKind.COMMISSIONS, Intent.DISPUTES: SourceKind.COMMISSIONS,
             Intent.MDF_BALANCE: SourceKind.MDF, Intent.TIER: SourceKind.TIER}  # fmt: skip
    return Source(kinds[intent], asker.partner_id or 0, label)
