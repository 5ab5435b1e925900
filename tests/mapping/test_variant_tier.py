"""Names with words left off and initials: proposed for review when each side has that one candidate only; never
for a generic word, a name with a second candidate, or a shared last run of words."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine

from mapping.mapping_kit import seed_world, write_csv
from partnerops.mapping.matching import MatchStatus, run_matching
from partnerops.mapping.partner_lists import import_partner_list
from partnerops.mapping.review import list_matches
from partnerops.mapping.tiers import match_accounts


def _frame(names: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"id": range(1, len(names) + 1), "name": names, "domain": [None] * len(names)},
                        schema={"id": pl.Int64, "name": pl.String, "domain": pl.String})


def _named(theirs: list[str], ours: list[str]) -> set[tuple[str, str, str]]:
    found = match_accounts(_frame(theirs), _frame(ours))
    return {(theirs[t - 1], ours[o - 1], tier) for t, o, tier in found.select("their_id", "our_id", "tier").rows()}


@pytest.mark.parametrize(("their", "our"), [
    ("Cisco Systems, Inc.", "Cisco"),
    ("Raymond James Financial, Inc.", "Raymond James"),
    ("Walt Disney Company (The)", "Disney"),
    ("Deere & Company", "John Deere"),
    ("International Business Machines Corporation", "IBM"),
    ("Bayerische Motoren Werke AG", "BMW"),
    ("Sempra", "Sempra Energy"),
])
def test_a_name_with_words_left_off_or_its_initials_is_a_variant(their: str, our: str) -> None:
    assert _named([their, "Acme Industries"], [our, "Initech"]) == {(their, our, "variant")}


def test_spaces_and_hyphens_inside_a_name_are_one_name() -> None:
    assert _named(["Wal-Mart Stores"], ["Walmart Stores Inc."]) == {("Wal-Mart Stores", "Walmart Stores Inc.", "name")}


def test_a_shorter_name_with_two_candidates_is_left_alone() -> None:
    assert _named(["Marathon Oil Corporation", "Marathon Petroleum Corporation"], ["Marathon"]) == set()
    assert _named(["Capital One"], ["Capital One Financial", "Capital One Bank"]) == set()


def test_a_generic_word_or_a_shared_ending_is_no_variant() -> None:
    assert _named(["American Express Company"], ["American"]) == set()
    assert _named(["American Financial Group, Inc."], ["First American Financial"]) == set()


def test_a_name_the_name_tier_took_stands_for_nothing_longer() -> None:
    assert _named(["Cisco", "Cisco Systems"], ["Cisco"]) == {("Cisco", "Cisco", "name")}


def test_variants_wait_for_review(engine: Engine, tmp_path: Path) -> None:
    seed_world(engine)
    listed = write_csv(tmp_path / "bolt.csv", ["B1,Hooli Technologies Inc.,,customer"],
                       header="id,name,domain,status")
    import_partner_list(engine, listed, "P2")
    run = run_matching(engine, 2)
    assert (run.by_tier["variant"], run.pending) == (1, 1)
    with engine.connect() as conn:
        (pending,) = list_matches(conn, 2, MatchStatus.PENDING)
    assert (pending.their_name, pending.our_name, pending.tier) == ("Hooli Technologies Inc.", "Hooli", "variant")
