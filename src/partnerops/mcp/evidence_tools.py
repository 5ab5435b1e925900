"""Read tools over evidence: the recent signals (mentions in calls and emails) of a deal, for staff, and the
program documents' passages that answer a question, with their sources, for everyone."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from partnerops.api.dependencies import INTERNAL_ROLES, require_roles
from partnerops.assistant.document_answers import passage_source, supports
from partnerops.assistant.retrieval import search_passages
from partnerops.mcp.callers import Caller
from partnerops.mcp.refs import visible_id
from partnerops.store.signal_tables import signals, trackers
from partnerops.store.tables import partners

__all__ = ["deal_signals", "search_documents"]


def deal_signals(engine: Engine, caller: Caller, opportunity: str, limit: int) -> dict[str, Any]:
    """The newest signals linked to one deal; signals quote internal calls, so only staff read them."""
    principal = require_roles(*INTERNAL_ROLES)(caller.grant)
    s = signals.c
    query = (
        select(s.occurred_at, s.phrase, s.snippet, s.speaker, s.side, s.file, trackers.c.name.label("tracker"),
               partners.c.external_id.label("partner"), partners.c.name.label("partner_name"))
        .join_from(signals, trackers, trackers.c.id == s.tracker_id)
        .outerjoin(partners, partners.c.id == s.partner_id)
        .order_by(s.occurred_at.desc().nulls_last(), s.id.desc())
        .limit(limit)
    )  # fmt: skip
    with engine.connect() as conn:
        deal = visible_id(conn, principal, "opportunity", opportunity)
        rows = conn.execute(query.where(s.opportunity_id == deal)).mappings().all()
    found = [dict(row) | {"file": str(row["file"]).replace("\\", "/").rsplit("/", 1)[-1]} for row in rows]
    return {"opportunity": opportunity, "signals": [_json(row) for row in found]}


def _json(row: dict[str, Any]) -> dict[str, Any]:
    at = row["occurred_at"]
    return row | {"occurred_at": None if at is None else at.isoformat()}


def search_documents(engine: Engine, caller: Caller, question: str, limit: int) -> dict[str, Any]:
    """The program documents' best passages for a question, each with its document, heading and link; a passage
    too far from the question is marked as not answering it."""
    if not question.strip():
        raise ValueError("question: ask something")
    with engine.connect() as conn:
        hits = search_passages(conn, question, limit)
    return {"passages": [
        {"text": hit.text, "source": passage_source(hit).label, "link": passage_source(hit).link,
         "answers_the_question": supports(hit)}
        for hit in hits
    ]}  # fmt: skip
