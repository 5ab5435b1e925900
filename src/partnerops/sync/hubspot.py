"""HubSpot CRM API: v3 object search (paged with `after`, at most 10,000 results per search), archived object
lists, v4 association batch reads with their labels, and v3 batch read and update."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from partnerops.sync.errors import CrmRefused
from partnerops.sync.transport import CrmHttp

# Search answers at most 10,000 results for one query (CRM search API guide); batch endpoints take 100 inputs.
SEARCH_LIMIT = 10_000
SEARCH_PAGE = 200
BATCH_SIZE = 100


@dataclass
class HubSpotApi:
    http: CrmHttp
    search_limit: int = SEARCH_LIMIT

    def search(self, obj: str, filters: list[dict[str, Any]], properties: list[str], sort: str,
               after: str | None, limit: int = SEARCH_PAGE) -> dict[str, Any]:
        body: dict[str, Any] = {"filterGroups": [{"filters": filters}] if filters else [],
                                "sorts": [{"propertyName": sort, "direction": "ASCENDING"}],
                                "properties": properties, "limit": limit}
        if after:
            body["after"] = after
        answer: dict[str, Any] = self.http.call("POST", f"/crm/v3/objects/{obj}/search", json=body).json()
        return answer

    def archived(self, obj: str, properties: list[str]) -> Iterator[list[dict[str, Any]]]:
        """Pages of the archived (deleted) records of `obj`."""
        params: dict[str, Any] = {"archived": "true", "limit": BATCH_SIZE, "properties": ",".join(properties)}
        while True:
            body = self.http.call("GET", f"/crm/v3/objects/{obj}", params=params).json()
            yield body.get("results", [])
            after = (body.get("paging") or {}).get("next", {}).get("after")
            if not after:
                return
            params["after"] = after

    def associations(self, from_obj: str, to_obj: str, ids: list[str]) -> list[dict[str, Any]]:
        """One row per (record, associated record, association type) with its typeId and label."""
        rows: list[dict[str, Any]] = []
        for start in range(0, len(ids), BATCH_SIZE):
            inputs = [{"id": i} for i in ids[start:start + BATCH_SIZE]]
            body = self.http.call("POST", f"/crm/v4/associations/{from_obj}/{to_obj}/batch/read",
                                  json={"inputs": inputs}).json()
            rows.extend(_association_rows(body.get("results", [])))
        return rows

    def read(self, obj: str, ids: list[str], properties: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), BATCH_SIZE):
            inputs = [{"id": i} for i in ids[start:start + BATCH_SIZE]]
            body = self.http.call("POST", f"/crm/v3/objects/{obj}/batch/read",
                                  json={"inputs": inputs, "properties": properties}).json()
            found.update({str(r["id"]): dict(r.get("properties") or {}) for r in body.get("results", [])})
        return found

    def history(self, obj: str, ids: list[str], prop: str) -> dict[str, list[dict[str, Any]]]:
        """Each record's past values of `prop` ({value, timestamp}, newest first) from a batch read."""
        found: dict[str, list[dict[str, Any]]] = {}
        for start in range(0, len(ids), BATCH_SIZE):
            inputs = [{"id": i} for i in ids[start:start + BATCH_SIZE]]
            body = self.http.call("POST", f"/crm/v3/objects/{obj}/batch/read",
                                  json={"inputs": inputs, "properties": [prop], "propertiesWithHistory": [prop]})
            for result in body.json().get("results", []):
                found[str(result["id"])] = list((result.get("propertiesWithHistory") or {}).get(prop) or [])
        return found

    def owners(self) -> dict[str, str]:
        """Every owner's id and name ("First Last", else the email), active and deactivated."""
        names: dict[str, str] = {}
        for archived in ("false", "true"):
            params: dict[str, Any] = {"limit": BATCH_SIZE, "archived": archived}
            while True:
                body = self.http.call("GET", "/crm/v3/owners", params=params).json()
                names.update({str(o["id"]): _owner_name(o) for o in body.get("results", [])})
                after = (body.get("paging") or {}).get("next", {}).get("after")
                if not after:
                    break
                params["after"] = after
        return names

    def create(self, obj: str, records: list[dict[str, Any]]) -> list[tuple[str | None, str | None]]:
        """Create each record on its own (a batch create does not answer in the order asked, and registered
        deals are few); per record, in order, (its new id, None) or (None, the error)."""
        outcome: list[tuple[str | None, str | None]] = []
        for record in records:
            body = record if "properties" in record else {"properties": record}
            try:
                outcome.append((str(self.http.call("POST", f"/crm/v3/objects/{obj}", json=body).json()["id"]), None))
            except CrmRefused as exc:
                outcome.append((None, f"{exc.code}: {exc.message}"))
        return outcome

    def update(self, obj: str, changes: dict[str, dict[str, str | None]]) -> dict[str, str | None]:
        """Write `changes` (id -> property -> value) in batches of 100; per id, None when written or the error."""
        outcome: dict[str, str | None] = {}
        ids = list(changes)
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start:start + BATCH_SIZE]
            inputs = [{"id": i, "properties": {k: v or "" for k, v in changes[i].items()}} for i in chunk]
            body = self.http.call("POST", f"/crm/v3/objects/{obj}/batch/update", json={"inputs": inputs}).json()
            outcome.update(dict.fromkeys(chunk))
            outcome.update(_batch_errors(body))
        return outcome


def record_row(record: dict[str, Any]) -> dict[str, Any]:
    """A v3 record as an API extract's row: its properties, with hs_object_id and the archived flag."""
    return {**(record.get("properties") or {}), "hs_object_id": str(record["id"]),
            "archived": bool(record.get("archived", False))}


def _owner_name(owner: dict[str, Any]) -> str:
    name = " ".join(str(owner[p]) for p in ("firstName", "lastName") if owner.get(p))
    return name or str(owner.get("email") or owner["id"])


def _association_rows(results: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for result in results:
        for to in result.get("to", []):
            for kind in to.get("associationTypes", []):
                yield {"fromObjectId": str(result["from"]["id"]), "toObjectId": str(to["toObjectId"]),
                       "typeId": str(kind.get("typeId", "")), "label": kind.get("label")}


def _batch_errors(body: dict[str, Any]) -> dict[str, str | None]:
    """A 207 multi-status answer's errors, per record id named in each error's context."""
    failed: dict[str, str | None] = {}
    for error in body.get("errors", []):
        message = f"{error.get('category', 'ERROR')}: {error.get('message', '')}"
        for record_id in (error.get("context") or {}).get("ids", []):
            failed[str(record_id)] = message
    return failed
