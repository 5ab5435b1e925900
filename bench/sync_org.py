"""A synthetic Salesforce org for the sync benchmark, served by the tests' loopback server: `rows` opportunities
and rows // 20 accounts generated from their index (nothing held per record but the changes), one modification a
minute over the org's history, answering the REST and Bulk API 2.0 shapes the sync uses."""

from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from sync.fake_server import Answer, Request  # noqa: E402

API = "/services/data/v60.0"
STAGES = ["Prospecting", "Qualification", "Proposal", "Closed Won", "Closed Lost"]
OWNERS = ["Dana Smith", "Lee Wong", "Ana Ruiz", "Sam Okafor"]


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000+0000")


@dataclass
class SyntheticOrg:
    rows: int
    start: datetime = field(default_factory=lambda: (datetime.now(UTC) - timedelta(days=800)).replace(microsecond=0))
    # index -> (new amount, stamp) for the opportunities changed since the org was generated
    changed: dict[int, tuple[float, datetime]] = field(default_factory=dict)
    page_size: int = 2000
    _cursors: dict[str, tuple[str, list[int], list[str]]] = field(default_factory=dict)
    _jobs: dict[str, str] = field(default_factory=dict)

    @property
    def accounts(self) -> int:
        return max(self.rows // 20, 1)

    def base_stamp(self, sobject: str, index: int) -> datetime:
        # Accounts were created first, one a minute; then a deal was modified every minute.
        offset = index if sobject == "Account" else self.accounts + index
        return self.start + timedelta(minutes=offset)

    def change(self, count: int) -> None:
        """`count` opportunities spread over the org get a new amount, modified now, one a second."""
        now = self.base_stamp("Opportunity", self.rows) + timedelta(days=1)
        step = max(self.rows // count, 1)
        for n, index in enumerate(range(0, self.rows, step)):
            if n == count:
                break
            self.changed[index] = (float(index % 997 * 100 + 1), now + timedelta(seconds=n))

    def record(self, sobject: str, index: int) -> dict[str, Any]:
        if sobject == "Account":
            return {"Id": f"001{index:015d}", "Name": f"Customer {index}", "Website": f"customer{index}.example",
                    "BillingCountry": "US", "ParentId": None, "IsDeleted": False,
                    "SystemModstamp": _stamp(self.base_stamp("Account", index))}
        amount, stamp = self.changed.get(index, (float(index % 997 * 100), self.base_stamp(sobject, index)))
        stage = STAGES[index % len(STAGES)]
        return {"Id": f"006{index:015d}", "AccountId": f"001{index % self.accounts:015d}", "Name": f"Deal {index}",
                "Amount": amount, "CurrencyIsoCode": "USD", "StageName": stage,
                "CreatedDate": "2025-01-02T10:15:00.000+0000", "CloseDate": "2026-05-30",
                "IsClosed": stage.startswith("Closed"), "IsWon": stage == "Closed Won", "LeadSource": "Web",
                "Owner.Name": OWNERS[index % len(OWNERS)], "Type": "New Business", "IsDeleted": False,
                "SystemModstamp": _stamp(stamp)}

    def matching(self, sobject: str, where: str | None) -> list[int]:
        """Indexes of the records the condition selects, in SystemModstamp order."""
        total = self.accounts if sobject == "Account" else self.rows if sobject == "Opportunity" else 0
        if where and "IsPartner = true" in where:
            return []
        since = re.search(r"SystemModstamp >= (\S+)", where or "")
        if since is None:
            return [i for i in range(total) if i not in self.changed or sobject != "Opportunity"] + (
                sorted(self.changed, key=lambda i: self.changed[i][1]) if sobject == "Opportunity" else [])
        moment = datetime.fromisoformat(since.group(1).replace("Z", "+00:00"))
        first = max(0, int((moment - self.base_stamp(sobject, 0)).total_seconds() // 60))
        base = [i for i in range(first, total) if self.base_stamp(sobject, i) >= moment
                and (sobject != "Opportunity" or i not in self.changed)]
        late = sorted((i for i, (_, at) in self.changed.items() if at >= moment), key=lambda i: self.changed[i][1])
        return base + (late if sobject == "Opportunity" else [])

    def answer(self, request: Request) -> Answer:
        path = request.path
        if path == "/services/oauth2/token":
            return Answer(200, {"access_token": "bench", "instance_url": "http://ignored", "token_type": "Bearer"})
        if path in (f"{API}/queryAll/", f"{API}/query/"):
            return self._query(request.param("q") or "")
        if path.startswith(f"{API}/query/"):
            token, offset = path.rsplit("/", 1)[1].rsplit("-", 1)
            return self._page(token, int(offset))
        if re.fullmatch(rf"{API}/sobjects/\w+/deleted/", path):
            end = request.param("end") or ""
            return Answer(200, {"deletedRecords": [], "earliestDateAvailable": end, "latestDateCovered": end})
        if path.startswith(f"{API}/jobs/query"):
            return self._bulk(request)
        return Answer(404, [{"errorCode": "NOT_FOUND", "message": path}])

    def _parse(self, soql: str) -> tuple[list[str], str, list[int]]:
        parsed = re.fullmatch(r"SELECT (.+?) FROM (\w+)(?: WHERE (.+?))?(?: ORDER BY .+?)?", soql.strip())
        assert parsed is not None, soql
        fields = [f.strip() for f in parsed.group(1).split(",")]
        return fields, parsed.group(2), self.matching(parsed.group(2), parsed.group(3))

    def _query(self, soql: str) -> Answer:
        fields, sobject, indexes = self._parse(soql)
        if fields == ["COUNT()"]:
            return Answer(200, {"totalSize": len(indexes), "done": True, "records": []})
        token = f"01g{len(self._cursors)}"
        self._cursors[token] = (sobject, indexes, fields)
        return self._page(token, 0)

    def _page(self, token: str, offset: int) -> Answer:
        sobject, indexes, fields = self._cursors[token]
        chosen = indexes[offset:offset + self.page_size]
        records = [_shaped(sobject, self.record(sobject, i), fields) for i in chosen]
        done = offset + self.page_size >= len(indexes)
        body: dict[str, Any] = {"totalSize": len(indexes), "done": done, "records": records}
        if not done:
            body["nextRecordsUrl"] = f"{API}/query/{token}-{offset + self.page_size}"
        return Answer(200, body)

    def _bulk(self, request: Request) -> Answer:
        if request.method == "POST":
            job = f"750{len(self._jobs)}"
            self._jobs[job] = request.json()["query"]
            return Answer(200, {"id": job, "state": "UploadComplete", "operation": "queryAll"})
        parts = request.path.split("/")
        job = parts[parts.index("query") + 1]
        if not request.path.endswith("/results"):
            return Answer(200, {"id": job, "state": "JobComplete"})
        fields, sobject, indexes = self._parse(self._jobs[job])
        offset, size = int(request.param("locator") or 0), int(request.param("maxRecords") or 50_000)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(fields)
        for i in indexes[offset:offset + size]:
            record = self.record(sobject, i)
            writer.writerow(["" if record.get(f) is None else str(record.get(f)).lower()
                             if isinstance(record.get(f), bool) else str(record.get(f)) for f in fields])
        more = offset + size < len(indexes)
        return Answer(200, text=out.getvalue(), headers={"Sforce-Locator": str(offset + size) if more else "null"})


def _shaped(sobject: str, record: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    shaped: dict[str, Any] = {"attributes": {"type": sobject}}
    for name in fields:
        if "." in name:
            parent, child = name.split(".", 1)
            shaped[parent] = {"attributes": {"type": parent}, child: record.get(name)}
        else:
            shaped[name] = record.get(name)
    return shaped
