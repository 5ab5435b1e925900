"""What the record write routes share: bodies, roles, the mapping of the records service's errors to answers
(422 with every problem, 404 by external id, 409 on a stale version), ETags, and Idempotency-Key replays."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, WithJsonSchema
from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import IntegrityError

from partnerops.api.dependencies import require_roles
from partnerops.api.errors import ApiError, ProblemDetail
from partnerops.api.validation import StrictBody
from partnerops.domain.roles import Principal, Role
from partnerops.ingest.kinds import kind_spec
from partnerops.records.edits import Edit, current, edit_record
from partnerops.records.errors import FieldOwnedBySource, InvalidRecord, Problem, StaleRecord, TooManyRecords
from partnerops.records.landing import LOCAL_SYSTEM, MAX_RECORDS, Landed, land_records
from partnerops.records.versions import version_of
from partnerops.store.record_refs import AmbiguousRecord, RecordKind, RecordRef, UnknownRecord, find_record
from partnerops.store.upsert import lookup_ids
from partnerops.store.write_key_tables import write_keys

__all__ = ["AccountIn", "BatchIn", "BatchOut", "DealWriter", "IdempotencyKey", "IfMatch", "OpportunityIn",
           "PartnerIn", "RecordIn", "Replay", "ThingWriter", "create_one", "edit_one", "found", "land_batch",
           "record_errors", "scoped_out", "with_etag"]

ThingWriter = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.PARTNER_MANAGER))]
DealWriter = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.PARTNER_MANAGER, Role.SALES))]

Value = str | int | float | bool | None


def _documented(kind: str) -> WithJsonSchema:
    """The schema of one record of `kind`: the fields of its import, no other (`checked_fields` refuses others)."""
    names = kind_spec(kind).field_names
    value = {"type": ["string", "integer", "number", "boolean", "null"]}
    return WithJsonSchema({"type": "object", "title": f"{kind} record", "additionalProperties": False,
                           "properties": dict.fromkeys(names, value),
                           "description": f"One record of {kind} with the fields of `partnerops import {kind}`: "
                                          "values as a file holds them, references by external id or exact name."})


# One record as the rows of an import of its kind hold it.
RecordIn = Annotated[dict[str, Value], Field(description="One record with the fields of an import of its kind.")]
PartnerIn = Annotated[dict[str, Value], _documented("partners")]
AccountIn = Annotated[dict[str, Value], _documented("accounts")]
OpportunityIn = Annotated[dict[str, Value], _documented("opportunities")]
IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", min_length=1, max_length=255, pattern=r"^[\x21-\x7e]+$",
    description="Any unique printable text (a UUID, say): a retried request with the same key and body answers "
                "what the first one did; with another body it is a 409.")]
IfMatch = Annotated[str | None, Header(
    alias="If-Match", max_length=200,
    description="The ETag of the version read: the change applies only if nobody changed the record since.")]


class BatchIn(StrictBody):
    records: Annotated[list[RecordIn], Field(min_length=1, max_length=MAX_RECORDS)]


class RecordResult(BaseModel):
    index: int
    id: str | None
    status: str
    problems: list[ProblemDetail]


class BatchOut(BaseModel):
    """What a batch did: counts like an import's, and each record's outcome (bad ones wait in the quarantine)."""

    import_batch: int
    inserted: int
    updated: int
    unchanged: int
    quarantined: int
    results: list[RecordResult]


def _problems(problems: list[Problem]) -> list[ProblemDetail]:
    return [ProblemDetail(index=p.index, field=p.field, value=p.value, reason=p.reason) for p in problems]


def invalid(exc: InvalidRecord) -> ApiError:
    first = exc.problems[0]
    return ApiError(422, f"{first.field}: {first.reason}" + (f" ({first.value})" if first.value else ""),
                    field=first.field, problems=_problems(exc.problems))


def record_errors(exc: Exception) -> ApiError:
    """The answer to a records service error (anything else is raised on)."""
    if isinstance(exc, InvalidRecord):
        return invalid(exc)
    if isinstance(exc, FieldOwnedBySource):
        return ApiError(422, str(exc), code="owned_by_source", field=exc.field)
    if isinstance(exc, StaleRecord):
        return ApiError(409, str(exc), code="stale_version")
    if isinstance(exc, TooManyRecords):
        return ApiError(413, str(exc))
    raise exc


def checked_fields(kind: str, record: dict[str, Any], index: int = 0) -> None:
    """A field the kind does not have is a 422 naming it, never dropped."""
    names = kind_spec(kind).field_names
    unknown = [name for name in record if name not in names]
    if unknown:
        raise invalid(InvalidRecord([Problem(index, name, None, f"not a field of {kind}; the fields are "
                                             f"{', '.join(names)}") for name in unknown]))  # fmt: skip


def found(conn: Connection, kind: RecordKind, ref: str, principal: Principal) -> RecordRef:
    """The live record `ref` names (external id, SYSTEM:ID or exact name), or a 404/409 error body."""
    try:
        record = find_record(conn, kind, ref)
    except UnknownRecord as exc:
        raise scoped_out(kind, ref, principal) if principal.is_partner else ApiError(404, str(exc)) from exc
    except AmbiguousRecord as exc:
        raise ApiError(409, str(exc), code="ambiguous") from exc
    if record.deleted:
        raise ApiError(404, f"{kind} {ref!r} was deleted in {record.source_system}")
    return record


def scoped_out(kind: RecordKind, ref: str, principal: Principal) -> ApiError:
    """The 404 of a record the caller may not see. A partner's user gets the same words for one that does not
    exist (and its own input not echoed), so the answer tells nothing of other partners' records."""
    if principal.is_partner:
        return ApiError(404, f"no {kind} you may see answers to that id or name")
    return ApiError(404, str(UnknownRecord(kind, ref)))


def with_etag(response: Response, row: dict[str, Any]) -> None:
    response.headers["ETag"] = f'"{version_of(row)}"'


def expected_version(if_match: str | None, row: dict[str, Any]) -> str:
    """The version the change is conditional on: If-Match when given, else the one read as the request began."""
    return if_match.strip().removeprefix("W/").strip('"') if if_match else version_of(row)


def landed_out(landed: Landed) -> BatchOut:
    results = [RecordResult(index=o.index, id=o.external_id, status=o.status, problems=_problems(o.problems))
               for o in landed.outcomes]
    return BatchOut(import_batch=landed.batch_id, inserted=landed.inserted, updated=landed.updated,
                    unchanged=landed.unchanged, quarantined=landed.quarantined, results=results)


class Replay:
    """Idempotency-Key: the first answer to a key is kept; the same request again gets it back."""

    def __init__(self, engine: Engine, principal: Principal, key: str | None, request: Request, body: Any) -> None:
        self.engine, self.user_id, self.key = engine, principal.user_id, key
        text = json.dumps([request.method, request.url.path, jsonable_encoder(body)], sort_keys=True)
        self.digest = hashlib.sha256(text.encode()).hexdigest()

    def earlier(self) -> JSONResponse | None:
        if self.key is None:
            return None
        k = write_keys.c
        with self.engine.connect() as conn:
            row = conn.execute(select(k.request_sha256, k.status, k.response)
                               .where(k.user_id == self.user_id, k.key == self.key)).first()  # fmt: skip
        if row is None:
            return None
        if row.request_sha256 != self.digest:
            raise ApiError(409, f"the Idempotency-Key {self.key!r} was used for another request; use a new key",
                           code="idempotency_key_reused", field="Idempotency-Key")
        return JSONResponse(row.response, status_code=row.status, headers={"Idempotent-Replayed": "true"})

    def keep(self, status: int, answer: BaseModel) -> None:
        if self.key is None:
            return
        values = {"user_id": self.user_id, "key": self.key, "request_sha256": self.digest, "status": status,
                  "response": answer.model_dump(mode="json"), "created_at": datetime.now(UTC)}
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(write_keys).values(values))
        except IntegrityError:
            pass  # the same key's concurrent twin kept its answer; both landed the same records (an upsert)


def create_one(engine: Engine, principal: Principal, kind: str, record: dict[str, Any], source: str) -> tuple[int, int]:
    """Land one record whole; (201 or 200 when it existed, its database id) or the 422 of its problems."""
    checked_fields(kind, record)
    try:
        landed = land_records(engine, kind, [record], principal.email, source, whole=True)
    except (InvalidRecord, TooManyRecords) as exc:
        raise record_errors(exc) from exc
    spec = kind_spec(kind)
    with engine.connect() as conn:
        ids = lookup_ids(conn, spec.table, LOCAL_SYSTEM, [str(record["id"])])["id"].to_list()
    return (201 if landed.inserted else 200), int(ids[0])


def land_batch(engine: Engine, principal: Principal, kind: str, records: list[dict[str, Any]],
               source: str) -> BatchOut:
    for index, record in enumerate(records):
        checked_fields(kind, record, index)
    try:
        return landed_out(land_records(engine, kind, records, principal.email, source, whole=False))
    except (InvalidRecord, TooManyRecords) as exc:
        raise record_errors(exc) from exc


def edit_one(engine: Engine, principal: Principal, kind: str, record: RecordRef, changes: dict[str, Any],
             if_match: str | None, source: str) -> dict[str, Any]:
    """Apply `changes` to the record on the condition that it is still the version the caller read."""
    checked_fields(kind, changes)
    spec = kind_spec(kind)
    with engine.connect() as conn:
        read = current(conn, spec.table, record.id)
    edit = Edit(kind, record.id, record.label, changes, principal.email, source, expected_version(if_match, read))
    try:
        return edit_record(engine, edit)
    except (InvalidRecord, FieldOwnedBySource, StaleRecord) as exc:
        raise record_errors(exc) from exc
