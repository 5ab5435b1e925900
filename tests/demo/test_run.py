"""The demo end to end on a real SQLite file: imported, attributed, reported, and idempotent when run again."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from rich.console import Console
from sqlalchemy import Engine, select

from partnerops.demo.generate import DEFAULT_SEED
from partnerops.demo.run import DemoResult, run_demo
from partnerops.domain.enums import Tier
from partnerops.store.database import make_engine, migrate
from partnerops.store.mapping_tables import account_matches, partner_accounts
from partnerops.store.tables import accounts, quarantine

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class TwoRuns:
    engine: Engine
    first: DemoResult
    second: DemoResult
    output: str


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TwoRuns]:
    root = tmp_path_factory.mktemp("demo")
    engine = make_engine(f"sqlite:///{root / 'partnerops.db'}")
    migrate(engine)
    stream = io.StringIO()
    console = Console(file=stream, width=140)
    results = [
        run_demo(engine, root / "files", DEFAULT_SEED, None, root / "impact.html", console) for _ in range(2)
    ]
    yield TwoRuns(engine, results[0], results[1], stream.getvalue())
    engine.dispose()


def test_report_recovers_the_planted_uplift(runs: TwoRuns) -> None:
    overall = runs.first.report.overall
    assert overall.uplift.low is not None and overall.uplift.high is not None
    assert overall.uplift.low <= 2.5 <= overall.uplift.high
    assert overall.uplift.low > 1
    assert overall.win_rate_attached.low <= 0.5 <= overall.win_rate_attached.high  # type: ignore[operator]
    assert overall.win_rate_direct.low <= 0.2 <= overall.win_rate_direct.high  # type: ignore[operator]


def test_adjusted_uplift_recovers_the_planted_effect_too(runs: TwoRuns) -> None:
    adjusted = runs.first.report.adjusted
    for estimate in (adjusted.regression, adjusted.mantel_haenszel):
        assert estimate.low is not None and estimate.high is not None
        assert estimate.low <= 2.5 <= estimate.high


def test_report_shows_larger_sourced_deals_and_faster_co_sell(runs: TwoRuns) -> None:
    report = runs.first.report
    sourced, co_sell, direct = (report.segment("tier", t.value) for t in (Tier.SOURCED, Tier.CO_SELL, Tier.DIRECT))
    assert sourced.mean_deal_size is not None and direct.mean_deal_size is not None
    assert sourced.mean_deal_size.amount > direct.mean_deal_size.amount
    assert co_sell.median_cycle_days is not None and direct.median_cycle_days is not None
    assert co_sell.median_cycle_days < direct.median_cycle_days


def test_attribution_finds_every_planted_tier(runs: TwoRuns) -> None:
    planted = Counter(runs.first.dataset.deals["tier"].to_list())
    assert {tier.value: count for tier, count in runs.first.attribution.opportunities_by_tier.items()} == planted


def test_quarantine_holds_exactly_the_planted_bad_rows(runs: TwoRuns) -> None:
    with runs.engine.connect() as connection:
        rows = connection.execute(select(quarantine.c.file, quarantine.c.field, quarantine.c.raw)).all()
    kept = Counter((Path(file).name, field, raw.get("id") or raw.get("Id")) for file, field, raw in rows)
    assert kept == Counter((bad.file, bad.field, bad.id) for bad in runs.first.bad_rows)
    assert runs.second.quarantined == len(runs.first.bad_rows)
    assert "partnerops quarantine list" in runs.output


def test_running_the_demo_again_changes_nothing(runs: TwoRuns) -> None:
    assert runs.first.changed > 0
    assert [(s.inserted, s.updated) for s in runs.second.imports] == [(0, 0)] * len(runs.second.imports)
    assert runs.second.changed == 0
    assert "Nothing changed" in runs.output


def test_demo_writes_the_html_report(runs: TwoRuns) -> None:
    html = runs.first.html.read_text(encoding="utf-8")
    assert "<html" in html.lower()
    assert runs.first.report.run.policy_version in html


def test_the_partner_list_is_matched_to_the_accounts_behind_it(runs: TwoRuns) -> None:
    listed = runs.first.dataset.partner_list
    m, p, a = account_matches.c, partner_accounts.c, accounts.c
    query = (select(p.name, p.domain, a.external_id, m.tier, m.status.label("match_status"))
             .join_from(account_matches, partner_accounts, m.partner_account_id == p.id)
             .join(accounts, m.account_id == a.id))
    with runs.engine.connect() as connection:
        found = pl.DataFrame(connection.execute(query).all(), orient="row",
                             schema=["name", "domain", "matched", "tier", "match_status"])
    # The list gives websites (https://www.example.co.uk/); the import keeps the domain.
    listed = listed.with_columns(pl.col("domain").str.replace(r"^https://www\.", "").str.strip_chars_end("/"))
    checked = listed.join(found, on=["name", "domain"], how="left", nulls_equal=True)
    matched = checked.filter(pl.col("matched").is_not_null())
    assert (matched.get_column("matched") == matched.get_column("truth")).all()
    ours = checked.filter(pl.col("truth").is_not_null())
    assert ours.filter(pl.col("domain").is_not_null()).get_column("tier").to_list() == ["domain"] * ours.filter(
        pl.col("domain").is_not_null()).height
    assert matched.filter(pl.col("tier") == "fuzzy").get_column("match_status").unique().to_list() == ["pending"]
    assert matched.height >= 0.95 * ours.height
    assert "Account mapping with" in runs.output and "to review with" in runs.output
