"""The demo generator on its own: seeded, sized as promised, planting tiers the attribution rule agrees with."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from partnerops.attribution.policy_file import load_policy
from partnerops.demo.generate import DEFAULT_SEED, DemoDataset, generate_dataset, write_dataset
from partnerops.demo.salesforce_ids import with_checksum
from partnerops.domain.enums import PartnerType, Tier, TouchStatus, TouchType
from partnerops.domain.tiers import OpportunitySpan, TouchFact, attribute_opportunity, opportunity_tier

TODAY = date(2026, 5, 1)


@pytest.fixture(scope="module")
def dataset() -> DemoDataset:
    return generate_dataset(DEFAULT_SEED, today=TODAY)


@pytest.fixture(scope="module")
def reference(dataset: DemoDataset) -> tuple[list[Tier], dict[tuple[int, int], Tier]]:
    return reference_tiers(dataset)


def reference_tiers(dataset: DemoDataset) -> tuple[list[Tier], dict[tuple[int, int], Tier]]:
    """Each deal's tier, and each (deal, partner)'s, by the reference rule under the default policy."""
    policy = load_policy()
    deals = dataset.deals
    spans = [
        OpportunitySpan(created, close if closed else None)
        for created, close, closed in zip(deals["created_on"], deals["close_on"], deals["is_closed"], strict=True)
    ]
    by_account: dict[int, list[OpportunitySpan]] = defaultdict(list)
    for account, span in zip(deals["account_index"], spans, strict=True):
        by_account[account].append(span)
    by_deal: dict[int, list[TouchFact]] = defaultdict(list)
    for n, row in enumerate(dataset.touches.iter_rows(named=True)):
        by_deal[row["deal_index"]].append(TouchFact(
            n, row["partner_index"], TouchType(row["type"]), row["touched_on"], TouchStatus(row["status"])
        ))
    deal_tiers, partner_tiers = [], {}
    for index, (span, account) in enumerate(zip(spans, deals["account_index"], strict=True)):
        found = attribute_opportunity(span, by_deal[index], by_account[account], policy)
        deal_tiers.append(opportunity_tier(found))
        partner_tiers.update({(index, a.partner_id): a.tier for a in found})
    return deal_tiers, partner_tiers


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_same_seed_and_day_write_identical_files(tmp_path: Path) -> None:
    first = write_dataset(generate_dataset(7, today=TODAY), tmp_path / "first")
    second = write_dataset(generate_dataset(7, today=TODAY), tmp_path / "second")
    assert {name: path.read_bytes() for name, path in first.items()} == {
        name: path.read_bytes() for name, path in second.items()
    }


def test_another_seed_draws_another_program(dataset: DemoDataset) -> None:
    other = generate_dataset(DEFAULT_SEED + 1, today=TODAY)
    assert not other.files["opportunities-salesforce.csv"].equals(dataset.files["opportunities-salesforce.csv"])


def test_program_has_the_promised_size_and_spread(dataset: DemoDataset) -> None:
    deals = dataset.deals
    assert 10 <= dataset.partners.height < 100
    assert set(dataset.partners["type"]) == {t.value for t in PartnerType}
    assert 1_000 <= dataset.accounts.height < 10_000
    assert deals.height == 8_000
    assert 10_000 <= dataset.touches.height < 100_000
    assert set(deals["currency"]) == {"USD", "EUR", "GBP", "JPY"}
    assert deals["created_on"].min() >= TODAY - timedelta(days=730)
    assert deals.filter("is_closed")["close_on"].max() <= TODAY
    assert 0.10 <= (deals["outcome"] == "open").mean() <= 0.20


def test_opportunity_count_scales_the_program() -> None:
    small = generate_dataset(DEFAULT_SEED, opportunities=1_200, today=TODAY)
    assert small.deals.height == 1_200
    assert small.accounts.height < 1_000


def test_every_deal_earns_its_planted_tier_under_the_reference_rule(
    dataset: DemoDataset, reference: tuple[list[Tier], dict[tuple[int, int], Tier]]
) -> None:
    computed = [tier.value for tier in reference[0]]
    assert computed == dataset.deals["tier"].to_list()
    shares = dataset.deals["tier"].value_counts(normalize=True)
    assert set(shares["tier"]) == {t.value for t in Tier}


def test_every_partner_earns_the_tier_it_was_planted_to_earn(
    dataset: DemoDataset, reference: tuple[list[Tier], dict[tuple[int, int], Tier]]
) -> None:
    planted = {
        (row["deal_index"], row["partner_index"]): row["role"] for row in dataset.attachments.iter_rows(named=True)
    }
    assert {key: tier.value for key, tier in reference[1].items()} == planted


def test_touches_that_must_not_count_are_there(dataset: DemoDataset) -> None:
    touches = dataset.touches.join(
        dataset.deals.with_row_index("deal_index").select(pl.col("deal_index").cast(pl.Int64), "close_on",
                                                          "is_closed", "created_on"),
        on="deal_index",
    )
    assert touches.filter(pl.col("status") == "rejected").height > 1_000
    assert touches.filter(pl.col("status") == "claimed").height > 500
    assert touches.filter(pl.col("is_closed") & (pl.col("touched_on") > pl.col("close_on"))).height > 100
    assert touches.filter(pl.col("touched_on") < pl.col("created_on") - pl.duration(days=180)).height == 0
    assert touches["touched_on"].max() <= TODAY


def test_partner_attached_deals_win_two_and_a_half_times_as_often(dataset: DemoDataset) -> None:
    closed = dataset.deals.filter("is_closed").with_columns(attached=pl.col("tier") != "direct")
    rates = dict(closed.group_by("attached").agg((pl.col("outcome") == "won").mean()).iter_rows())
    assert rates[True] == pytest.approx(0.5, abs=0.01)
    assert rates[False] == pytest.approx(0.2, abs=0.01)


def test_sourced_deals_are_larger_and_co_sell_cycles_shorter(dataset: DemoDataset) -> None:
    by_tier = dataset.deals.filter(pl.col("outcome") == "won").group_by("tier").agg(
        pl.col("amount_usd").mean().alias("size"), pl.col("cycle_days").median().alias("cycle")
    )
    size = dict(by_tier.select("tier", "size").iter_rows())
    cycle = dict(by_tier.select("tier", "cycle").iter_rows())
    assert size["sourced"] > 1.5 * size["direct"]
    assert cycle["co_sell"] < 0.8 * cycle["direct"]


def test_broken_rows_are_extra_rows_with_ids_of_their_own(dataset: DemoDataset) -> None:
    assert 5 <= len(dataset.bad_rows) <= 15
    extra = defaultdict(int)
    for bad in dataset.bad_rows:
        extra[bad.file] += 1
    truth = {"opportunities-salesforce.csv": dataset.deals.height, "touches.csv": dataset.touches.height,
             "partners.csv": dataset.partners.height}
    for name, count in truth.items():
        assert dataset.files[name].height == count + extra[name]
    ids = {name: frame.get_column(frame.columns[0]).to_list() for name, frame in dataset.files.items()}
    for bad in dataset.bad_rows:
        assert bad.id in ids[bad.file]
    assert len(ids["touches.csv"]) - len(set(ids["touches.csv"])) == 1


def test_files_follow_their_export_formats(dataset: DemoDataset, tmp_path: Path) -> None:
    paths = write_dataset(dataset, tmp_path)
    planted = {bad.id for bad in dataset.bad_rows}
    opportunities = [r for r in read_rows(paths["opportunities-salesforce.csv"]) if r["Id"] not in planted]
    for row in opportunities:
        assert len(row["Id"]) == 18 and row["Id"].startswith("006")
        assert with_checksum(row["Id"][:15]) == row["Id"]
        decimals = 0 if row["CurrencyIsoCode"] == "JPY" else 2
        assert len(row["Amount"].partition(".")[2]) == decimals
        assert row["IsClosed"] in ("true", "false") and row["CreatedDate"].endswith(".000+0000")
    accounts = read_rows(paths["accounts-salesforce.csv"])
    assert all(len(r["Id"]) == 18 and r["Id"].startswith("001") for r in accounts)
    assert {r["Region__c"] for r in accounts} == {"NA", "EMEA", "APAC", "LATAM"}
    header = paths["touches.csv"].read_text(encoding="utf-8").splitlines()[0]
    assert header == "id,partner_id,opportunity_id,type,touched_on,actor,evidence,status"


def test_rates_cover_every_day_a_deal_is_priced_on(dataset: DemoDataset) -> None:
    rates = dataset.rates.group_by("currency").agg(pl.col("valid_on").min().alias("first"),
                                                   pl.col("valid_on").max().alias("last"))
    for _, first, last in rates.iter_rows():
        assert first <= dataset.deals["created_on"].min() - timedelta(days=180)
        assert (last.year, last.month) == (TODAY.year, TODAY.month)
    assert set(rates["currency"]) == {"EUR", "GBP", "JPY"}


def test_partners_work_deals_only_after_joining_the_program(dataset: DemoDataset) -> None:
    joined = dataset.partners.with_row_index("partner_index").select(
        pl.col("partner_index").cast(pl.Int64), "joined_on", "activity"
    )
    touches = dataset.touches.join(joined, on="partner_index")
    assert touches.filter(pl.col("touched_on") < pl.col("joined_on")).height == 0
    assert touches.filter(pl.col("activity") == 0).height == 0
