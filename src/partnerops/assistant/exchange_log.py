"""Every question the assistant answers is logged with its intent, answer and sources, for review by staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from partnerops.assistant.answers import Answer, Source
from partnerops.domain.roles import Principal, ScopeError
from partnerops.registrations.repository import as_utc
from partnerops.store.assistant_tables import assistant_exchanges


@dataclass(frozen=True)
class Exchange:
    id: int
    at: datetime
    user_email: str
    role: str
    partner_id: int | None
    question: str
    intent: str
    answer: str
    sources: tuple[Source, ...]
    grounded: bool
    phrased_by: str


def log_exchange(conn: Connection, principal: Principal, question: str, answer: Answer, at: datetime) -> int:
    values = {
        "at": at, "user_email": principal.email, "role": principal.role.value, "partner_id": principal.partner_id,
        "question": question, "intent": answer.intent.value, "answer": answer.text,
        "sources": [source.to_json() for source in answer.sources], "grounded": int(answer.grounded),
        "phrased_by": answer.phrased_by,
    }  # fmt: skip
    statement = insert(assistant_exchanges).values(values).returning(assistant_exchanges.c.id)
    return int(conn.execute(statement).scalar_one())


def list_exchanges(conn: Connection, principal: Principal, limit: int = 50, partner_id: int | None = None,
                   ungrounded_only: bool = False) -> list[Exchange]:  # fmt: skip
    """The latest exchanges, newest first: for staff reviewing the assistant, never for a partner's user."""
    if principal.is_partner:
        raise ScopeError("the assistant's exchange log is for partner operations staff")
    e = assistant_exchanges.c
    query = select(assistant_exchanges).order_by(e.at.desc(), e.id.desc()).limit(limit)
    if partner_id is not None:
        query = query.where(e.partner_id == partner_id)
    if ungrounded_only:
        query = query.where(e.grounded == 0)
    return [_exchange(row._mapping) for row in conn.execute(query)]


def _exchange(row: object) -> Exchange:
    m = dict(row)  # type: ignore[call-overload]
    return Exchange(
        id=m["id"], at=as_utc(m["at"]), user_email=m["user_email"], role=m["role"], partner_id=m["partner_id"],
        question=m["question"], intent=m["intent"], answer=m["answer"],
        sources=tuple(Source.from_json(s) for s in m["sources"]), grounded=bool(m["grounded"]),
        phrased_by=m["phrased_by"],
    )  # fmt: skip
