"""Benchmark: why the sync talks to the CRMs with its own small httpx clients rather than the vendors' maintained
ones. Against the tests' fake Salesforce org and HubSpot portal on loopback, it times reading the same records
with PartnerOps' client and with the named peer (simple-salesforce `query_all_iter(include_deleted=True)`;
hubspot-api-client `crm.deals.search_api.do_search`), then shows what each does when the CRM answers
REQUEST_LIMIT_EXCEEDED or 429 once (hubspot-api-client given its own urllib3 retry setting), and when the access
token has expired (neither peer trades a refresh token for a new one by itself).

    .venv/bin/python bench/bench_sync_clients.py                # 50,000 opportunities, 9,800 deals
    .venv/bin/python bench/bench_sync_clients.py --rows 5000
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from hubspot import HubSpot
from hubspot.crm.deals import PublicObjectSearchRequest
from simple_salesforce import Salesforce
from urllib3.util.retry import Retry

from partnerops.sync.hubspot import HubSpotApi
from partnerops.sync.salesforce import SalesforceApi
from partnerops.sync.tokens import TokenSource
from partnerops.sync.transport import CrmHttp, RetryPolicy

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from sync.fake_hubspot import FakeHubSpot  # noqa: E402
from sync.fake_salesforce import FakeSalesforce  # noqa: E402
from sync.fake_server import FakeServer  # noqa: E402

SOQL = ("SELECT Id, Name, Amount, StageName, IsDeleted, SystemModstamp FROM Opportunity "
        "ORDER BY SystemModstamp ASC, Id ASC")
PROPERTIES = ["dealname", "amount", "dealstage", "hs_lastmodifieddate"]


class LoopbackSession(requests.Session):
    """simple-salesforce always speaks https to the instance; the loopback org is plain HTTP."""

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        return super().request(method, str(url).replace("https://127.0.0.1", "http://127.0.0.1"), *args, **kwargs)


def _best(read: Callable[[], int], expected: int) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        got = read()
        times.append(time.perf_counter() - started)
        assert got == expected, got
    return min(times)


def _outcome(read: Callable[[], int]) -> str:
    try:
        read()
    except Exception as exc:  # noqa: BLE001 - the point is to name whatever the client raises
        return f"fails: {type(exc).__name__}"
    return "retried or refreshed, read completes"


def salesforce(rows: int) -> None:
    org = FakeSalesforce()
    for n in range(rows):
        org.records.setdefault("Opportunity", {})[f"006{n:08d}"] = {
            "Id": f"006{n:08d}", "IsDeleted": False, "Name": f"Deal {n}", "Amount": 1000.0 + n,
            "StageName": "Prospecting", "SystemModstamp": "2026-03-02T10:15:00.000+0000"}
    server = FakeServer(org)
    tokens = TokenSource({"access_token": "token-0", "client_id": "c", "client_secret": "s",
                          "refresh_token": org.refresh_token}, f"{server.url}/services/oauth2/token")
    ours = SalesforceApi(CrmHttp(server.url, tokens, RetryPolicy(backoff=0.0)))
    peer = Salesforce(instance_url=server.url, session_id="token-0", version="60.0", session=LoopbackSession())
    readers = {"partnerops": lambda: sum(len(page) for page in ours.query_all(SOQL)),
               "simple-salesforce": lambda: sum(1 for _ in peer.query_all_iter(SOQL, include_deleted=True))}
    times = {name: _best(read, rows) for name, read in readers.items()}
    print(f"Salesforce queryAll of {rows:,} records (2,000 a page), best of 3:")
    for name, seconds in times.items():
        print(f"  {name:18} {seconds:6.2f} s")
    print(f"  ratio simple-salesforce / partnerops: {times['simple-salesforce'] / times['partnerops']:.2f}")
    for name, read in readers.items():
        org.limited = 1
        print(f"  {name}: REQUEST_LIMIT_EXCEEDED once -> {_outcome(read)}")
        org.limited = 0
        org.expire_tokens()
        print(f"  {name}: expired access token -> {_outcome(read)}")
        org.tokens.add("token-0")
    server.stop()


def hubspot(rows: int) -> None:
    portal = FakeHubSpot()
    for n in range(rows):
        portal.put("deals", str(10_000 + n), dealname=f"Deal {n}", amount=str(1000 + n), dealstage="qualified")
    server = FakeServer(portal)
    tokens = TokenSource({"access_token": "token-0", "client_id": "c", "client_secret": "s",
                          "refresh_token": portal.refresh_token}, f"{server.url}/oauth/v1/token")
    ours = HubSpotApi(CrmHttp(server.url, tokens, RetryPolicy(backoff=0.0)))
    # The client's own retry setting (urllib3), given the fairest configuration: every method, Retry-After honoured.
    retry = Retry(total=5, status_forcelist=(429, 500, 502, 503, 504), allowed_methods=None, backoff_factor=0.0,
                  respect_retry_after_header=True)
    peer = HubSpot(access_token="token-0", host=server.url, retry=retry)

    def read_ours() -> int:
        count, after = 0, None
        while True:
            body = ours.search("deals", [], PROPERTIES, "hs_lastmodifieddate", after)
            count += len(body["results"])
            after = (body.get("paging") or {}).get("next", {}).get("after")
            if not after:
                return count

    def read_peer() -> int:
        count, after = 0, None
        while True:
            request = PublicObjectSearchRequest(properties=PROPERTIES, limit=200, after=after,
                                                sorts=[{"propertyName": "hs_lastmodifieddate",
                                                        "direction": "ASCENDING"}])
            page = peer.crm.deals.search_api.do_search(public_object_search_request=request)
            count += len(page.results)
            after = page.paging.next.after if page.paging and page.paging.next else None
            if not after:
                return count

    readers = {"partnerops": read_ours, "hubspot-api-client": read_peer}
    times = {name: _best(read, rows) for name, read in readers.items()}
    print(f"HubSpot deal search of {rows:,} records (200 a page), best of 3:")
    for name, seconds in times.items():
        print(f"  {name:18} {seconds:6.2f} s")
    print(f"  ratio hubspot-api-client / partnerops: {times['hubspot-api-client'] / times['partnerops']:.2f}")
    for name, read in readers.items():
        portal.limited = 1
        print(f"  {name}: 429 with Retry-After once -> {_outcome(read)}")
        portal.limited = 0
        portal.expire_tokens()
        print(f"  {name}: expired access token -> {_outcome(read)}")
        portal.tokens.add("token-0")
    server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000, help="Salesforce opportunities")
    parser.add_argument("--deals", type=int, default=9_800, help="HubSpot deals (one search answers 10,000 at most)")
    args = parser.parse_args()
    salesforce(args.rows)
    hubspot(min(args.deals, 9_800))


if __name__ == "__main__":
    main()
