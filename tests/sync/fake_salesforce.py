"""A fake Salesforce org answering the REST API shapes PartnerOps uses (queryAll with nextRecordsUrl, COUNT(),
sObject Get Deleted, sObject Collections update, Bulk API 2.0 query jobs, the OAuth token endpoint), with its
documented error bodies (tests/fixtures/crm_api/salesforce). Records are flat: `Owner.Name` is answered nested."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sync.fake_server import Answer, Request

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "crm_api" / "salesforce"
API = "/services/data/v60.0"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
# The org's clock starts a day before now: the deleted-records endpoint answers for the last 15 days only.
SOQL = r"SELECT (.+?) FROM (\w+)(?: WHERE (.+?))?(?: ORDER BY .+?)?(?: LIMIT (\d+))?"
START = (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0)


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def sf_stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00").replace(".000+0000", "+00:00"))


@dataclass
class FakeSalesforce:
    records: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    deleted_log: dict[str, list[tuple[str, datetime]]] = field(default_factory=dict)
    page_size: int = 2000
    clock: datetime = START
    tokens: set[str] = field(default_factory=lambda: {"token-0"})
    refresh_token: str = "refresh-1"
    hidden_fields: set[str] = field(default_factory=set)
    limited: int = 0
    lock_once: set[str] = field(default_factory=set)
    writes: list[dict[str, Any]] = field(default_factory=list)
    # The connected app (client id, username) allowed the JWT bearer flow, and the certificate's public key.
    jwt_user: tuple[str, str] | None = None
    jwt_public_key: str = ""
    _cursors: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _jobs: dict[str, str] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    # The org's side: changes made by its users.
    def tick(self) -> str:
        self.clock += timedelta(seconds=1)
        return sf_stamp(self.clock)

    def put(self, sobject: str, record_id: str, **fields: Any) -> None:
        stored = self.records.setdefault(sobject, {}).setdefault(record_id, {"Id": record_id, "IsDeleted": False})
        stored.update(fields)
        stored["SystemModstamp"] = self.tick()

    def delete(self, sobject: str, record_id: str) -> None:
        """Move to the recycle bin: queryAll still answers it, with IsDeleted true."""
        self.put(sobject, record_id, IsDeleted=True)
        self.deleted_log.setdefault(sobject, []).append((record_id, self.clock))

    def purge(self, sobject: str, record_id: str) -> None:
        """Deleted and emptied from the recycle bin: only the deleted-records endpoint knows it."""
        self.records[sobject].pop(record_id, None)
        self.deleted_log.setdefault(sobject, []).append((record_id, self.clock + timedelta(seconds=1)))
        self.tick()

    def expire_tokens(self) -> None:
        self.tokens.clear()

    # The API's side.
    def answer(self, request: Request) -> Answer:
        if request.path == "/services/oauth2/token":
            return self._token(request)
        if request.headers.get("Authorization", "").removeprefix("Bearer ") not in self.tokens:
            return Answer(401, fixture("error_invalid_session_id"))
        if self.limited > 0:
            self.limited -= 1
            return Answer(403, fixture("error_request_limit_exceeded"))
        return self._route(request)

    def _route(self, request: Request) -> Answer:
        path = request.path
        if path == f"{API}/queryAll/" or path == f"{API}/query/":
            return self._query(request.param("q") or "", include_deleted=path.endswith("queryAll/"))
        if path.startswith(f"{API}/query/"):
            return self._next_page(path.rsplit("/", 1)[1])
        if path == f"{API}/composite/sobjects" and request.method == "PATCH":
            return Answer(200, [self._update(r) for r in request.json()["records"]])
        if path == f"{API}/composite/sobjects" and request.method == "POST":
            return Answer(200, [self._create(r) for r in request.json()["records"]])
        deleted = re.fullmatch(rf"{API}/sobjects/(\w+)/deleted/", path)
        if deleted:
            return self._deleted(deleted.group(1), request)
        if path.startswith(f"{API}/jobs/query"):
            return self._bulk(request)
        return Answer(404, [{"errorCode": "NOT_FOUND", "message": f"The requested resource does not exist: {path}"}])

    def _token(self, request: Request) -> Answer:
        form = request.form()
        if form.get("grant_type") == JWT_BEARER:
            refused = self._refuse_assertion(form.get("assertion") or "", request)
            if refused:
                return Answer(400, {"error": "invalid_grant", "error_description": refused})
        elif form.get("grant_type") != "refresh_token" or form.get("refresh_token") != self.refresh_token:
            return Answer(400, {"error": "invalid_grant", "error_description": "expired access/refresh token"})
        token = f"token-{next(self._ids)}"
        self.tokens.add(token)
        return Answer(200, {**fixture("token_refresh"), "access_token": token, "instance_url": "http://ignored"})

    def _refuse_assertion(self, assertion: str, request: Request) -> str | None:
        """Why a JWT bearer assertion is refused (as the token endpoint's error_description), or None."""
        import jwt

        if self.jwt_user is None:
            return "user hasn't approved this consumer"
        try:
            claims = jwt.decode(assertion, self.jwt_public_key, algorithms=["RS256"], audience=request.origin)
        except jwt.PyJWTError as exc:
            return f"invalid assertion: {exc}"
        if (claims.get("iss"), claims.get("sub")) != self.jwt_user:
            return "invalid_client_id or user"
        return None

    def _query(self, soql: str, include_deleted: bool) -> Answer:
        try:
            fields, rows = self._select(soql, include_deleted)
        except _Refused as refused:
            return refused.answer
        if fields == ["COUNT()"]:
            return Answer(200, {"totalSize": len(rows), "done": True, "records": []})
        token = f"01g{next(self._ids)}"
        self._cursors[token] = rows
        return self._page(token, 0)

    def _select(self, soql: str, include_deleted: bool) -> tuple[list[str], list[dict[str, Any]]]:
        parsed = re.fullmatch(SOQL, soql.strip())
        if parsed is None:
            raise _Refused(Answer(400, [{"errorCode": "MALFORMED_QUERY", "message": soql}]))
        columns, sobject, where = parsed.group(1), parsed.group(2), parsed.group(3)
        fields = [f.strip() for f in columns.split(",")]
        hidden = [f for f in fields if f in self.hidden_fields]
        if hidden:
            body = fixture("error_invalid_field")
            body[0]["message"] = body[0]["message"].replace("Margin__c", hidden[0])
            raise _Refused(Answer(400, body))
        rows = [r for r in self.records.get(sobject, {}).values()
                if (include_deleted or not r["IsDeleted"]) and _matches(r, where)]
        rows.sort(key=lambda r: (r["SystemModstamp"], r["Id"]))
        limit = int(parsed.group(4)) if parsed.group(4) else None
        return fields, [_shape(sobject, r, fields) for r in rows[:limit]]

    def _next_page(self, locator: str) -> Answer:
        token, offset = locator.rsplit("-", 1)
        return self._page(token, int(offset))

    def _page(self, token: str, offset: int) -> Answer:
        rows = self._cursors[token]
        page = rows[offset:offset + self.page_size]
        body: dict[str, Any] = {"totalSize": len(rows), "done": offset + self.page_size >= len(rows), "records": page}
        if not body["done"]:
            body["nextRecordsUrl"] = f"{API}/query/{token}-{offset + self.page_size}"
        return Answer(200, body)

    def _update(self, record: dict[str, Any]) -> dict[str, Any]:
        record_id = record["id"]
        sobject = record["attributes"]["type"]
        if record_id in self.lock_once:
            self.lock_once.discard(record_id)
            return {"id": record_id, **fixture("collection_unable_to_lock_row")}
        stored = self.records.get(sobject, {}).get(record_id)
        if stored is None or stored["IsDeleted"]:
            return {"id": record_id, "success": False, "errors": [
                {"statusCode": "ENTITY_IS_DELETED", "message": "entity is deleted", "fields": []}]}
        fields = {k: v for k, v in record.items() if k not in ("id", "attributes")}
        self.writes.append({"id": record_id, **fields})
        self.put(sobject, record_id, **fields)
        return {"id": record_id, "success": True, "errors": []}

    def _create(self, record: dict[str, Any]) -> dict[str, Any]:
        sobject = record.pop("attributes")["type"]
        required = {"Account": ("Name",), "Opportunity": ("Name", "StageName", "CloseDate")}.get(sobject, ())
        missing = [f for f in required if not record.get(f)]
        if missing:
            error = {"statusCode": "REQUIRED_FIELD_MISSING", "message": f"Required fields are missing: {missing}",
                     "fields": missing}
            return {"success": False, "errors": [error]}
        record_id = f"{'001' if sobject == 'Account' else '006'}NEW{next(self._ids)}"
        self.put(sobject, record_id, **record, CreatedDate=sf_stamp(self.clock))
        return {"id": record_id, "success": True, "errors": []}

    def _deleted(self, sobject: str, request: Request) -> Answer:
        start, end = _parse(request.param("start") or ""), _parse(request.param("end") or "")
        found = [{"id": i, "deletedDate": sf_stamp(at)} for i, at in self.deleted_log.get(sobject, [])
                 if start <= at <= end]
        return Answer(200, {**fixture("deleted_records"), "deletedRecords": found,
                            "latestDateCovered": sf_stamp(min(end, self.clock))})

    def _bulk(self, request: Request) -> Answer:
        if request.method == "POST":
            job = f"750{next(self._ids)}"
            self._jobs[job] = request.json()["query"]
            return Answer(200, {**fixture("bulk_query_job"), "id": job})
        parts = request.path.split("/")
        job = parts[parts.index("query") + 1]
        if not request.path.endswith("/results"):
            return Answer(200, {**fixture("bulk_query_job"), "id": job, "state": "JobComplete"})
        return self._bulk_results(job, request)

    def _bulk_results(self, job: str, request: Request) -> Answer:
        fields, rows = self._select(self._jobs[job], include_deleted=True)
        offset = int(request.param("locator") or 0)
        size = int(request.param("maxRecords") or 50_000)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(fields)
        writer.writerows([_bulk_text(_flat(row).get(f)) for f in fields] for row in rows[offset:offset + size])
        more = offset + size < len(rows)
        return Answer(200, text=out.getvalue(), headers={"Sforce-Locator": str(offset + size) if more else "null",
                                                          "Sforce-NumberOfRecords": str(min(size, len(rows)))})


class _Refused(Exception):
    def __init__(self, answer: Answer) -> None:
        self.answer = answer


def _matches(record: dict[str, Any], where: str | None) -> bool:
    if not where:
        return True
    for condition in re.split(r"\s+AND\s+", where):
        condition = condition.strip().strip("()")
        stamp = re.fullmatch(r"SystemModstamp >= (\S+)", condition)
        flag = re.fullmatch(r"(\w+) = (true|false)", condition)
        ids = re.fullmatch(r"Id IN \((.*)\)", condition)
        if stamp and _parse(record["SystemModstamp"]) < _parse(stamp.group(1)):
            return False
        if flag and bool(record.get(flag.group(1), False)) != (flag.group(2) == "true"):
            return False
        if ids and record["Id"] not in {i.strip().strip("'") for i in ids.group(1).split(",")}:
            return False
    return True


def _shape(sobject: str, record: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """A record as the REST API answers it: `attributes`, and a related record's fields nested under it."""
    shaped: dict[str, Any] = {"attributes": {"type": sobject, "url": f"{API}/sobjects/{sobject}/{record['Id']}"}}
    for name in fields:
        if "." in name:
            parent, child = name.split(".", 1)
            value = record.get(name)
            nested = shaped.setdefault(parent, {"attributes": {"type": parent}}) if value is not None else None
            if nested is None:
                shaped.setdefault(parent, None)
            else:
                nested[child] = value
        else:
            shaped[name] = record.get(name)
    return shaped


def _flat(shaped: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in shaped.items():
        if name == "attributes":
            continue
        if isinstance(value, dict):
            flat.update({f"{name}.{k}": v for k, v in value.items() if k != "attributes"})
        else:
            flat[name] = value
    return flat


def _bulk_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
