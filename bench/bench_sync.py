"""Benchmark: an incremental CRM sync of 1,000 changed opportunities in an org of 1,000,000, against a full
re-import of the same data (the named peer: `partnerops sync salesforce --full`, which reads the whole org with
Bulk API 2.0 and lands it through the same import). Target: the incremental sync at least 100x faster.

The org is synthetic (bench/sync_org.py) and served over HTTP on loopback by the tests' fake server; the database
is a fresh SQLite file, loaded first by a full sync (timed too, for reference).

    .venv/bin/python bench/bench_sync.py                  # full size
    .venv/bin/python bench/bench_sync.py --rows 50000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from sync_org import SyntheticOrg

from partnerops.store.database import make_engine, migrate
from partnerops.sync.connections import CrmConnection, add_connection
from partnerops.sync.runs import RunReport
from partnerops.sync.service import SyncOptions, run_sync
from partnerops.sync.transport import RetryPolicy
from sync.fake_server import FakeServer

KEY = os.urandom(32)


def _timed(engine: object, full: bool) -> tuple[float, RunReport]:
    started = time.perf_counter()
    report = run_sync(engine, "salesforce", KEY, SyncOptions(full=full, retry=RetryPolicy(attempts=3)))  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    assert report.status == "finished", report.errors
    return elapsed, report


def _totals(report: RunReport) -> dict[str, int]:
    totals: dict[str, int] = {}
    for counts in report.counts.values():
        for name, value in counts.items():
            totals[name] = totals.get(name, 0) + value
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--changed", type=int, default=1_000)
    args = parser.parse_args()
    org = SyntheticOrg(args.rows)
    server = FakeServer(org)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'sync.db'}")
        migrate(engine)
        secrets = {"client_id": "c", "client_secret": "s", "refresh_token": "r"}
        add_connection(engine, CrmConnection("salesforce", "salesforce", "refresh_token", server.url,
                                             f"{server.url}/services/oauth2/token", None, secrets), KEY)
        first, _ = _timed(engine, full=False)
        org.change(args.changed)
        incremental, report = _timed(engine, full=False)
        full, full_report = _timed(engine, full=True)
    server.stop()
    result = {"rows": args.rows, "changed": args.changed, "first_load_s": round(first, 2),
              "incremental_s": round(incremental, 3), "full_reimport_s": round(full, 2),
              "ratio": round(full / incremental, 1), "incremental_counts": _totals(report),
              "full_counts": _totals(full_report), "load_average": os.getloadavg(),
              "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}
    print(json.dumps(result))
    print(f"incremental sync of {args.changed:,} changed in {args.rows:,}: {incremental:.3f} s; full re-import "
          f"(sync --full, Bulk API 2.0): {full:.2f} s; {full / incremental:.0f}x faster (target >= 100x)")


if __name__ == "__main__":
    main()
