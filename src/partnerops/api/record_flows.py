"""The write flows every record resource shares (create one, land a batch, change one), around the resource's own
reader: each route keeps its signature (which FastAPI documents) and hands the work to its kind's `RecordFlows`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel
from sqlalchemy import Connection, Engine

from partnerops.api.record_writes import BatchIn, Replay, create_one, edit_one, found, land_batch
from partnerops.domain.roles import Principal
from partnerops.store.record_refs import RecordKind

__all__ = ["RecordFlows", "Reader"]

# How a resource reads one record back for the caller: (connection, caller, database id, the ref the caller
# used, the response whose ETag it sets).
Reader = Callable[[Connection, Principal, int, str, Response], BaseModel]


@dataclass(frozen=True)
class RecordFlows:
    kind: str  # the import kind: partners, accounts, opportunities
    record: RecordKind  # how one is named: partner, account, opportunity
    read: Reader

    def create(self, engine: Engine, principal: Principal, body: Mapping[str, Any], request: Request,
               response: Response, idempotency_key: str | None) -> Any:
        """Land one record whole and answer it as read back (201, or 200 when it existed); a replayed key answers
        what its first request did."""
        replay = Replay(engine, principal, idempotency_key, request, body)
        if (earlier := replay.earlier()) is not None:
            return earlier
        status, record_id = create_one(engine, principal, self.kind, dict(body), f"POST {request.url.path}")
        with engine.connect() as conn:
            answer = self.read(conn, principal, record_id, str(body["id"]), response)
        response.status_code = status
        replay.keep(status, answer)
        return answer

    def batch(self, engine: Engine, principal: Principal, body: BatchIn, request: Request,
              idempotency_key: str | None) -> Any:
        replay = Replay(engine, principal, idempotency_key, request, body)
        if (earlier := replay.earlier()) is not None:
            return earlier
        answer = land_batch(engine, principal, self.kind, body.records, f"POST {request.url.path}")
        replay.keep(200, answer)
        return answer

    def change(self, engine: Engine, principal: Principal, ref: str, body: Mapping[str, Any], request: Request,
               response: Response, if_match: str | None) -> BaseModel:
        """Apply BODY to the record REF names if the caller may see it and it is still the version expected."""
        with engine.connect() as conn:
            record = found(conn, self.record, ref, principal)
            self.read(conn, principal, record.id, ref, response)
        edit_one(engine, principal, self.kind, record, dict(body), if_match, f"PATCH {request.url.path}")
        with engine.connect() as conn:
            return self.read(conn, principal, record.id, ref, response)
