"""A fake HubSpot portal answering the CRM API shapes PartnerOps uses (v3 object search paged with `after` and its
10,000-result limit, archived lists, batch read and update, v4 association batch reads, the OAuth token endpoint),
with its documented error bodies (tests/fixtures/crm_api/hubspot)."""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sync.fake_server import Answer, Request

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "crm_api" / "hubspot"
START = (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0)
STAMP = "hs_lastmodifieddate"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def hs_stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _ms(text: str) -> int:
    if text.isdigit():
        return int(text)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return int(moment.timestamp() * 1000)


@dataclass
class FakeHubSpot:
    objects: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    links: dict[tuple[str, str], dict[str, list[tuple[str, int, str | None]]]] = field(default_factory=dict)
    search_limit: int = 10_000
    clock: datetime = START
    tokens: set[str] = field(default_factory=lambda: {"token-0"})
    refresh_token: str = "refresh-1"
    limited: int = 0
    retry_after: str = "0"
    writes: list[dict[str, Any]] = field(default_factory=list)
    # The account's exchange rates (settings API), as it answers them.
    rates: list[dict[str, Any]] = field(default_factory=list)
    owners: list[dict[str, Any]] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    # The portal's side.
    def tick(self, step: timedelta = timedelta(milliseconds=250)) -> str:
        self.clock += step
        return hs_stamp(self.clock)

    def put(self, obj: str, record_id: str, **properties: Any) -> None:
        stored = self.objects.setdefault(obj, {}).setdefault(record_id, {"id": record_id, "properties": {},
                                                                        "archived": False, "history": {}})
        stored["properties"].update(properties, hs_object_id=record_id)
        stored["properties"][STAMP] = self.tick()
        for name, value in properties.items():
            stored["history"].setdefault(name, []).insert(0, {"value": value, "timestamp": stored["properties"][STAMP],
                                                              "sourceType": "CRM_UI"})

    def add_owner(self, owner_id: str, first: str, last: str, archived: bool = False) -> None:
        self.owners.append({**fixture("owners")["results"][0], "id": owner_id, "firstName": first, "lastName": last,
                            "email": f"{first.lower()}@acme.example", "archived": archived})

    def archive(self, obj: str, record_id: str) -> None:
        stored = self.objects[obj][record_id]
        stored["archived"], stored["archivedAt"] = True, self.tick()

    def merge(self, obj: str, kept: str, gone: str) -> None:
        """HubSpot's merge: the merged-away record disappears; the kept one lists it in hs_merged_object_ids."""
        self.objects[obj].pop(gone)
        merged = [i for i in self.objects[obj][kept]["properties"].get("hs_merged_object_ids", "").split(";") if i]
        self.put(obj, kept, hs_merged_object_ids=";".join([*merged, gone]))

    def associate(self, from_obj: str, from_id: str, to_obj: str, to_id: str, type_id: int, label: str | None) -> None:
        self.links.setdefault((from_obj, to_obj), {}).setdefault(from_id, []).append((to_id, type_id, label))

    def set_rate(self, currency: str, rate: float, effective: str, company: str = "USD") -> None:
        """An added currency's rate into the company currency from `effective` (a new one, or one corrected)."""
        found = next((r for r in self.rates if (r["fromCurrencyCode"], r["effectiveAt"]) == (currency, effective)),
                     None)
        if found is None:
            found = {**fixture("exchange_rates")["results"][0], "id": str(next(self._ids)),
                     "fromCurrencyCode": currency, "toCurrencyCode": company, "effectiveAt": effective}
            self.rates.append(found)
        found.update(conversionRate=rate, updatedAt=self.tick())

    def expire_tokens(self) -> None:
        self.tokens.clear()

    # The API's side.
    def answer(self, request: Request) -> Answer:
        if request.path == "/oauth/v1/token":
            return self._token(request)
        if request.headers.get("Authorization", "").removeprefix("Bearer ") not in self.tokens:
            return Answer(401, fixture("error_expired_authentication"))
        if self.limited > 0:
            self.limited -= 1
            return Answer(429, fixture("error_rate_limit"), {"Retry-After": self.retry_after})
        return self._route(request)

    def _route(self, request: Request) -> Answer:
        path = request.path
        search = re.fullmatch(r"/crm/v3/objects/(\w+)/search", path)
        if search:
            return self._search(search.group(1), request.json())
        batch = re.fullmatch(r"/crm/v3/objects/(\w+)/batch/(read|update)", path)
        if batch:
            handler = self._batch_read if batch.group(2) == "read" else self._batch_update
            return handler(batch.group(1), request.json())
        links = re.fullmatch(r"/crm/v4/associations/(\w+)/(\w+)/batch/read", path)
        if links:
            return self._associations(links.group(1), links.group(2), request.json())
        if path == "/crm/v3/owners":
            archived = request.param("archived") == "true"
            return Answer(200, {"results": [o for o in self.owners if o["archived"] == archived]})
        if path == "/settings/v3/currencies/exchange-rates":
            return self._rates(int(request.param("after") or 0), int(request.param("limit") or 100))
        listing = re.fullmatch(r"/crm/v3/objects/(\w+)", path)
        if listing and request.method == "GET":
            return self._archived(listing.group(1), request)
        if listing and request.method == "POST":
            return self._create(listing.group(1), request.json())
        return Answer(404, {"status": "error", "message": f"no route {path}", "category": "OBJECT_NOT_FOUND"})

    def _rates(self, after: int, limit: int) -> Answer:
        body: dict[str, Any] = {"results": self.rates[after:after + limit]}
        if after + limit < len(self.rates):
            body["paging"] = {"next": {"after": str(after + limit)}}
        return Answer(200, body)

    def _token(self, request: Request) -> Answer:
        form = request.form()
        if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != self.refresh_token:
            return Answer(400, {"status": "BAD_REFRESH_TOKEN", "message": "missing or unknown refresh token"})
        token = f"token-{next(self._ids)}"
        self.tokens.add(token)
        self.refresh_token = f"refresh-{next(self._ids)}"
        return Answer(200, {**fixture("token_refresh"), "access_token": token, "refresh_token": self.refresh_token})

    def _search(self, obj: str, body: dict[str, Any]) -> Answer:
        after = int(body.get("after") or 0)
        if after >= self.search_limit:
            return Answer(400, fixture("error_search_limit"))
        filters = [f for group in body.get("filterGroups", []) for f in group["filters"]]
        rows = [r for r in self.objects.get(obj, {}).values() if not r["archived"] and _passes(r, filters)]
        rows.sort(key=lambda r: (_ms(r["properties"][STAMP]), int(r["id"])))
        limit = int(body.get("limit", 10))
        page = rows[after:after + limit]
        answer: dict[str, Any] = {"total": len(rows), "results": [_shape(r, body.get("properties")) for r in page]}
        if after + limit < len(rows):
            answer["paging"] = {"next": {"after": str(after + limit)}}
        return Answer(200, answer)

    def _create(self, obj: str, body: dict[str, Any]) -> Answer:
        record_id = str(7000 + next(self._ids))
        self.put(obj, record_id, **{"createdate": hs_stamp(self.clock), **body["properties"]})
        for link in body.get("associations", []):
            type_id = link["types"][0]["associationTypeId"]
            self.associate(obj, record_id, "companies", str(link["to"]["id"]), type_id, "Primary")
        return Answer(201, _shape(self.objects[obj][record_id], None))

    def _archived(self, obj: str, request: Request) -> Answer:
        if request.param("archived") != "true":
            return Answer(400, {"status": "error", "message": "only archived lists", "category": "VALIDATION_ERROR"})
        rows = sorted((r for r in self.objects.get(obj, {}).values() if r["archived"]), key=lambda r: int(r["id"]))
        after, limit = int(request.param("after") or 0), int(request.param("limit") or 10)
        answer: dict[str, Any] = {"results": [{**_shape(r, ["hs_object_id"]), "archivedAt": r["archivedAt"]}
                                              for r in rows[after:after + limit]]}
        if after + limit < len(rows):
            answer["paging"] = {"next": {"after": str(after + limit), "link": "ignored"}}
        return Answer(200, answer)

    def _batch_read(self, obj: str, body: dict[str, Any]) -> Answer:
        found = [self.objects.get(obj, {}).get(i["id"]) for i in body["inputs"]]
        results = [_shape(r, body.get("properties")) for r in found if r and not r["archived"]]
        for result in results:
            if body.get("propertiesWithHistory"):
                history = self.objects[obj][result["id"]]["history"]
                result["propertiesWithHistory"] = {p: history.get(p, []) for p in body["propertiesWithHistory"]}
        return Answer(200, {"status": "COMPLETE", "results": results})

    def _batch_update(self, obj: str, body: dict[str, Any]) -> Answer:
        missing = [i["id"] for i in body["inputs"] if i["id"] not in self.objects.get(obj, {})]
        for item in body["inputs"]:
            if item["id"] not in missing:
                self.writes.append({"id": item["id"], **item["properties"]})
                self.put(obj, item["id"], **item["properties"])
        if not missing:
            return Answer(200, {"status": "COMPLETE", "results": []})
        answer = fixture("batch_update_multi_status")
        answer["errors"][0]["context"]["ids"] = missing
        return Answer(207, answer)

    def _associations(self, from_obj: str, to_obj: str, body: dict[str, Any]) -> Answer:
        linked = self.links.get((from_obj, to_obj), {})
        results = [{"from": {"id": i["id"]}, "to": _grouped(linked[i["id"]])} for i in body["inputs"]
                   if i["id"] in linked]
        return Answer(200, {**fixture("associations_batch_read"), "results": results})


def _grouped(links: list[tuple[str, int, str | None]]) -> list[dict[str, Any]]:
    by_company: dict[str, list[dict[str, Any]]] = {}
    for to_id, type_id, label in links:
        by_company.setdefault(to_id, []).append({"category": "HUBSPOT_DEFINED", "typeId": type_id, "label": label})
    return [{"toObjectId": int(to_id), "associationTypes": kinds} for to_id, kinds in by_company.items()]


def _passes(record: dict[str, Any], filters: list[dict[str, Any]]) -> bool:
    properties = record["properties"]
    for rule in filters:
        value, wanted, op = properties.get(rule["propertyName"]), rule.get("value"), rule["operator"]
        if op == "GTE" and _ms(str(value)) < _ms(str(wanted)):
            return False
        if op == "EQ" and value != wanted:
            return False
        if op == "NEQ" and value == wanted:
            return False
    return True


def _shape(record: dict[str, Any], properties: list[str] | None) -> dict[str, Any]:
    chosen = {k: record["properties"].get(k) for k in (properties or ["hs_object_id", STAMP])}
    return {"id": record["id"], "properties": chosen, "createdAt": record["properties"].get("createdate"),
            "updatedAt": record["properties"][STAMP], "archived": record["archived"]}
