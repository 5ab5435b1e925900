"""Salesforce REST API: SOQL queryAll with `nextRecordsUrl` paging (deleted and merged records included, with
IsDeleted), Bulk API 2.0 query jobs for large reads, the deleted-records endpoint for purged records, and
sObject Collections updates for write-back."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from partnerops.sync.errors import CrmRefused
from partnerops.sync.transport import CrmHttp

API = "/services/data/v60.0"
# sObject Collections take at most 200 records per request.
COLLECTION_SIZE = 200


@dataclass
class SalesforceApi:
    http: CrmHttp
    # Seconds between polls of a Bulk API 2.0 job.
    poll_seconds: float = 1.0

    def query_all(self, soql: str) -> Iterator[list[dict[str, Any]]]:
        """Each page of a queryAll (live, deleted and merged records), following nextRecordsUrl."""
        yield from self.pages(self.start_query(soql))

    def start_query(self, soql: str) -> dict[str, Any]:
        """The first page of a queryAll; its `totalSize` counts every record the query selects."""
        body: dict[str, Any] = self.http.call("GET", f"{API}/queryAll/", params={"q": soql}).json()
        return body

    def pages(self, first: dict[str, Any]) -> Iterator[list[dict[str, Any]]]:
        """The records of a query's first page, then of each next one."""
        body = first
        yield [flatten(r) for r in body["records"]]
        while not body.get("done", True):
            body = self.http.call("GET", body["nextRecordsUrl"]).json()
            yield [flatten(r) for r in body["records"]]

    def bulk_query_all(self, soql: str, page_records: int = 50_000) -> Iterator[str]:
        """Bulk API 2.0: a queryAll job, polled until complete, its CSV results read page by page (Sforce-Locator)."""
        job = self.http.call("POST", f"{API}/jobs/query", json={"operation": "queryAll", "query": soql}).json()
        path = f"{API}/jobs/query/{job['id']}"
        state = job.get("state")
        while state not in ("JobComplete", "Failed", "Aborted"):
            time.sleep(self.poll_seconds)
            state = self.http.call("GET", path).json()["state"]
        if state != "JobComplete":
            raise CrmRefused(self.http.url(path), 200, state, "the Bulk API query job did not complete")
        locator: str | None = None
        while True:
            params: dict[str, str | int] = {"maxRecords": page_records, **({"locator": locator} if locator else {})}
            answer = self.http.call("GET", f"{path}/results", params=params)
            yield answer.text
            locator = answer.headers.get("Sforce-Locator")
            if not locator or locator == "null":
                return

    def deleted_ids(self, sobject: str, start: datetime, end: datetime) -> tuple[list[str], str]:
        """Ids deleted between start and end (including those purged from the recycle bin), and the latest moment
        the answer covers."""
        params = {"start": _iso(start), "end": _iso(end)}
        body = self.http.call("GET", f"{API}/sobjects/{sobject}/deleted/", params=params).json()
        return [str(r["id"]) for r in body.get("deletedRecords", [])], str(body.get("latestDateCovered") or _iso(end))

    def update(self, sobject: str, changes: dict[str, dict[str, str | None]]) -> dict[str, str | None]:
        """Write `changes` (id -> field -> value) in collections of 200; per id, None when written or the error."""
        outcome: dict[str, str | None] = {}
        ids = list(changes)
        for start in range(0, len(ids), COLLECTION_SIZE):
            chunk = ids[start:start + COLLECTION_SIZE]
            records = [{"attributes": {"type": sobject}, "id": i, **changes[i]} for i in chunk]
            results = self.http.call("PATCH", f"{API}/composite/sobjects",
                                     json={"allOrNone": False, "records": records}).json()
            for record_id, result in zip(chunk, results, strict=True):
                outcome[record_id] = None if result.get("success") else _first_error(result)
        return outcome

    def create(self, sobject: str, records: list[dict[str, Any]]) -> list[tuple[str | None, str | None]]:
        """Insert `records` in collections of 200; per record, in order, (its new id, None) or (None, the error)."""
        outcome: list[tuple[str | None, str | None]] = []
        for start in range(0, len(records), COLLECTION_SIZE):
            chunk = [{"attributes": {"type": sobject}, **r} for r in records[start:start + COLLECTION_SIZE]]
            results = self.http.call("POST", f"{API}/composite/sobjects",
                                     json={"allOrNone": False, "records": chunk}).json()
            outcome += [(str(r["id"]), None) if r.get("success") else (None, _first_error(r)) for r in results]
        return outcome

    def read(self, sobject: str, ids: list[str], fields: list[str]) -> dict[str, dict[str, Any]]:
        """The current values of `fields` on the records `ids`."""
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), COLLECTION_SIZE):
            quoted = ", ".join(f"'{i}'" for i in ids[start:start + COLLECTION_SIZE])
            soql = f"SELECT Id, {', '.join(fields)} FROM {sobject} WHERE Id IN ({quoted})"
            for page in self.query_all(soql):
                found.update({str(r["Id"]): r for r in page})
        return found


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A REST record as an export names its columns: Owner.Name for a related record's field, no `attributes`."""
    flat: dict[str, Any] = {}
    for name, value in record.items():
        if name == "attributes":
            continue
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def _first_error(result: dict[str, Any]) -> str:
    errors = result.get("errors") or [{}]
    return f"{errors[0].get('statusCode', 'ERROR')}: {errors[0].get('message', '')}".strip()


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")
