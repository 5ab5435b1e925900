"""The list component in SQL on SQLite and PostgreSQL: search, filters, whitelisted sorting, paging with the
total of the filtered view, and the whole view as formula-safe CSV."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import Engine, insert

from partnerops.store.tables import partners
from partnerops.web.listing import (
    BadListRequest,
    Column,
    Filter,
    ListSpec,
    csv_lines,
    fetch_page,
    filter_choices,
    list_query,
)
from partnerops.web.queries.partners import PARTNER_LIST, partner_list

SPEC = PARTNER_LIST
TYPES = ("technology", "referral", "reseller")


def _seed(engine: Engine, count: int = 130) -> None:
    rows = [{"source_system": "csv", "external_id": f"PRT-{i:04d}", "name": f"Partner {i:04d}",
             "type": TYPES[i % 3], "tier": "gold" if i % 10 == 0 else "silver", "stage": "enable"}
            for i in range(1, count + 1)]  # fmt: skip
    rows += [{"source_system": "csv", "external_id": "ODD-1", "name": "100% Cloud_Works", "type": "referral",
              "tier": "gold", "stage": "recruit"},
             {"source_system": "csv", "external_id": "ODD-2", "name": "=HYPERLINK(\"http://x\")", "type": "referral",
              "tier": "gold", "stage": "recruit"}]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(partners), rows)


def _page(engine: Engine, **params: str):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return fetch_page(conn, partner_list(), SPEC, list_query(SPEC, params))


def test_a_page_holds_its_rows_and_the_total_of_the_filter(engine: Engine) -> None:
    _seed(engine)
    first = _page(engine)
    assert first.total == 132 and len(first.rows) == 50
    assert first.summary == "1–50 of 132 partners"
    third = _page(engine, page="3")
    assert third.summary == "101–132 of 132 partners" and not third.has_next and third.has_previous


def test_paging_through_the_list_shows_every_row_once(engine: Engine) -> None:
    _seed(engine)
    seen = [row["external_id"] for page in ("1", "2", "3") for row in _page(engine, page=page, sort="tier").rows]
    assert len(seen) == len(set(seen)) == 132


def test_search_matches_any_searched_column_case_insensitively(engine: Engine) -> None:
    _seed(engine)
    assert [r["external_id"] for r in _page(engine, q="prt-0007").rows] == ["PRT-0007"]
    assert _page(engine, q="partner 01").total == 31  # Partner 0100 to Partner 0130
    by_name = _page(engine, q="PARTNER 0042")
    assert [r["name"] for r in by_name.rows] == ["Partner 0042"]


def test_percent_and_underscore_in_a_search_mean_themselves(engine: Engine) -> None:
    _seed(engine)
    assert [r["external_id"] for r in _page(engine, q="100%").rows] == ["ODD-1"]
    assert [r["external_id"] for r in _page(engine, q="d_w").rows] == ["ODD-1"]


def test_filters_narrow_the_rows_and_the_total(engine: Engine) -> None:
    _seed(engine)
    gold_referral = _page(engine, type="referral", tier="gold", size="200")
    assert gold_referral.total == len(gold_referral.rows)
    assert {(r["type"], r["tier"]) for r in gold_referral.rows} == {("referral", "gold")}
    with engine.connect() as conn:
        choices = filter_choices(conn, partner_list(), SPEC)
    assert choices["tier"] == ("gold", "silver") and choices["type"][0] == "technology"


def test_sorting_by_a_column_either_way(engine: Engine) -> None:
    _seed(engine)
    ascending = [r["name"] for r in _page(engine, sort="name", q="partner").rows]
    descending = [r["name"] for r in _page(engine, sort="-name", q="partner").rows]
    assert ascending == sorted(ascending) and ascending[0] == "Partner 0001"
    assert descending[0] == "Partner 0130"


@pytest.mark.parametrize(
    ("params", "named"),
    [({"sort": "id; drop table partners"}, "sort"), ({"type": "pirate"}, "type"), ({"page": "0"}, "page"),
     ({"size": "100000"}, "size"), ({"page": "x"}, "page")],
)
def test_a_parameter_the_list_does_not_offer_is_refused_by_name(params: dict[str, str], named: str) -> None:
    with pytest.raises(BadListRequest, match=f"^{named}:"):
        list_query(SPEC, params)


def test_a_page_past_the_end_shows_the_last_page(engine: Engine) -> None:
    _seed(engine)
    assert _page(engine, page="99").summary == "101–132 of 132 partners"


def test_the_csv_holds_every_row_of_the_filter_and_runs_no_formula(engine: Engine) -> None:
    _seed(engine)
    wanted = list_query(SPEC, {"type": "referral", "size": "25"})
    text = "".join(csv_lines(engine, partner_list(), SPEC, wanted))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == _page(engine, type="referral").total == 46
    assert {r["Type"] for r in rows} == {"referral"}
    assert "'=HYPERLINK(\"http://x\")" in [r["Partner"] for r in rows]


def test_a_computed_cell_is_what_the_csv_shows() -> None:
    spec = ListSpec("things", (Column("id", "Id", cell=lambda row: f"#{row['id']}"),), "id")
    assert spec.export_columns[0].cell is not None and spec.export_columns[0].cell({"id": 3}) == "#3"


def test_links_keep_the_view_and_a_new_sort_starts_at_page_one(engine: Engine) -> None:
    _seed(engine)
    page = _page(engine, q="partner", type="referral", page="2", size="25")
    page.path = "/partners"
    assert page.sort_url("name") == "/partners?q=partner&sort=-name&type=referral&size=25"
    assert page.url(page=3) == "/partners?q=partner&sort=name&type=referral&page=3&size=25"
    assert page.aria_sort("name") == "ascending" and page.aria_sort("type") is None
    assert "format=csv" in page.export_url() and "page=" not in page.export_url()


def test_filters_with_fixed_choices_offer_only_them() -> None:
    spec = ListSpec("things", (Column("id", "Id"),), "id", filters=(Filter("kind", "Kind", ("a", "b")),))
    assert list_query(spec, {"kind": "b"}).filters == (("kind", "b"),)


def test_a_narrow_query_gives_the_same_page_and_total_as_the_full_one(engine: Engine) -> None:
    _seed(engine)
    from partnerops.web.queries.partners import partner_count_base

    cases = ({}, {"type": "referral", "page": "2", "size": "25"}, {"q": "partner 00", "sort": "-name"},
             {"tier": "gold", "q": "odd"}, {"sort": "-touches", "page": "3"}, {"sort": "tier", "page": "2"})
    with engine.connect() as conn:
        for params in cases:
            wanted = list_query(SPEC, params)
            narrow = fetch_page(conn, partner_list(), SPEC, wanted, narrow=partner_count_base())
            full = fetch_page(conn, partner_list(), SPEC, wanted)
            assert (narrow.total, narrow.rows) == (full.total, full.rows), params


def test_a_filter_menu_says_its_choices_in_words_and_keeps_their_values() -> None:
    spoken = Filter("category", "Category", ("co_sell_targets", "white_space"),
                    words=("co-sell targets", "white space"))
    assert [spoken.word(v) for v in spoken.choices] == ["co-sell targets", "white space"]
    assert spoken.word("something else") == "something else"
    assert Filter("type", "Type", ("poc",)).word("poc") == "poc"
