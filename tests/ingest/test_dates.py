"""Dates as exports write them (ISO, timestamps with or without milliseconds, zone or a padded hour, epoch
milliseconds, day/month) and files whose day/month dates read two ways, which are refused whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.ingest_kit import DEALS, ImportBench
from partnerops.ingest.date_order import DateOrder
from partnerops.ingest.dates import date_check, iso_date_check, iso_only
from partnerops.ingest.errors import DatesReadTwoWays
from partnerops.ingest.quarantine import retry_where
from partnerops.ingest.quarantine_retry import RetryOptions
from partnerops.ingest.reader import ROW
from partnerops.store.quarantine_repo import QuarantineFilter


def _read(texts: list[str | None], date_format: str | None = None) -> pl.DataFrame:
    """Each text with its date (`d__v`) and its problem (`d__e`), as validation computes them."""
    check = date_check("d", date_format)
    frame = pl.DataFrame({ROW: list(range(2, len(texts) + 2)), "d": texts}, schema={ROW: pl.UInt32, "d": pl.String})
    frame = frame.with_columns(*check.prepare).with_columns(*check.derive)
    return frame.with_columns(check.value.alias("d__v"), check.error.alias("d__e"))


@pytest.mark.parametrize(("text", "day"), [
    ("2026-03-02", "2026-03-02"),
    ("2026-03-02T9:05:00Z", "2026-03-02"),
    ("2026-03-02 09:05:00.123+00:00", "2026-03-02"),
    ("2026-03-02T09:05:00.000Z", "2026-03-02"),
    ("2026-03-02T10:15:00.000+0000", "2026-03-02"),
    ("2026-03-02 10:15:00 UTC", "2026-03-02"),
    ("2026-03-02T23:30:00-05:00", "2026-03-03"),
    ("2026-03-02T01:30:00+05", "2026-03-01"),
    ("1772442300000", "2026-03-02"),
    ("13/04/2026", "2026-04-13"),
    ("4.4.2026", "2026-04-04"),
])
def test_export_timestamps_read_as_their_utc_date(text: str, day: str) -> None:
    read = _read([text])
    assert (str(read["d__v"][0]), read["d__e"][0]) == (day, None)


@pytest.mark.parametrize("text", ["20260302", "1772442300", "13/04/26", "soon"])
def test_numbers_that_are_not_epoch_milliseconds_and_short_years_are_not_dates(text: str) -> None:
    assert "is not a date" in str(_read([text])["d__e"][0])


def _order(texts: list[str | None], date_format: str | None = None) -> DateOrder:
    order = DateOrder(Path("deals.csv"), ("d",), date_format)
    order.observe(_read(texts, date_format))
    return order


def test_a_value_contradicting_the_date_format_refuses_the_file_naming_row_and_value() -> None:
    with pytest.raises(DatesReadTwoWays) as refused:
        _order(["03/04/2026", "2026-01-05", "13/04/2026"], "%m/%d/%Y")
    assert (refused.value.row, refused.value.value) == (4, "13/04/2026")
    assert "pass --date-format %d/%m/%Y" in str(refused.value)


def test_a_bad_value_that_no_order_reads_is_left_to_the_row_check() -> None:
    _order(["31/02/2026", "soon"], "%d/%m/%Y").conclude()


def test_ambiguous_dates_offer_the_format_the_unambiguous_rows_prove() -> None:
    offer = _order(["03/04/2026", "13/04/2026", "2026-05-01"]).conclude()
    assert offer == ("dates that read either way round were quarantined (first: row 2, d '03/04/2026'); row 3 has "
                     "'13/04/2026', so dates are day first: partnerops quarantine retry --file deals.csv --reason "
                     '"ambiguous date" --date-format %d/%m/%Y')


def test_ambiguous_dates_that_no_row_settles_say_so() -> None:
    offer = _order(["03.04.2026", "05.06.2026"]).conclude()
    assert offer is not None and "no row proves either order: once you know which" in offer
    assert offer.endswith("--date-format %d.%m.%Y (or %m.%d.%Y)")


def test_a_file_mixing_both_orders_says_so() -> None:
    offer = _order(["03/04/2026", "13/04/2026", "04/13/2026"]).conclude()
    assert offer is not None and "the file mixes both orders, so correct it at the source" in offer


def test_unambiguous_and_iso_dates_need_no_offer() -> None:
    assert _order(["13/04/2026", "2026-05-01", "1/1/2026", None]).conclude() is None


def test_import_quarantines_ambiguous_dates_lands_the_rest_and_offers_the_proven_format(db: ImportBench) -> None:
    db.with_accounts()
    summary = db.load_text("deals.csv", DEALS + "O1,A1,x,5,USD,Open,03/04/2026,,,\nO2,A1,y,5,USD,Open,13/04/2026,,,\n",
                           "opportunities")
    assert (summary.inserted, summary.quarantined) == (1, 1)
    (offer,) = summary.notes
    assert "row 3 has '13/04/2026', so dates are day first" in offer and offer.endswith("--date-format %d/%m/%Y")
    (entry,) = db.quarantined()
    assert (entry["row_number"], entry["field"]) == (2, "created_on")
    # The offered command, as the service runs it: the quarantined date lands read day first.
    report = retry_where(db.engine, QuarantineFilter(file="deals.csv", reason="ambiguous date"),
                         options=RetryOptions(date_format="%d/%m/%Y"))
    assert report.landed == 1
    assert [str(row["created_on"]) for row in db.rows("opportunities")] == ["2026-04-13", "2026-04-03"]


def test_import_contradicting_its_date_format_is_refused_whole(db: ImportBench) -> None:
    db.with_accounts()
    with pytest.raises(DatesReadTwoWays, match="row 3 has created_on '13/04/2026'"):
        db.load_text("deals.csv", DEALS + "O1,A1,x,5,USD,Open,03/04/2026,,,\nO2,A1,y,5,USD,Open,13/04/2026,,,\n",
                     "opportunities", date_format="%m/%d/%Y")
    assert db.rows("opportunities") == []


def test_import_reads_export_timestamps_as_dates(db: ImportBench) -> None:
    db.with_accounts().load_text("deals.csv", DEALS + "O1,A1,x,5,USD,Open,2026-03-02T9:05:00Z,,,\n"
                                 "O2,A1,y,5,USD,Open,1772442300000,,,\n", "opportunities")
    assert [str(d["created_on"]) for d in db.rows("opportunities")] == ["2026-03-02", "2026-03-02"]



_ISO_OR_BLANK = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)).map(str),
                          st.sampled_from(["2026-3-2", "2026-02-30", "2026-03-02T10:15:00Z"]))


@given(st.lists(_ISO_OR_BLANK, min_size=1, max_size=12))
def test_a_column_of_iso_dates_and_blanks_reads_the_same_by_the_short_check(texts: list[str | None]) -> None:
    frame = pl.DataFrame({"d": texts}, schema={"d": pl.String})
    if "d" in iso_only(frame, ["d"]):
        short = iso_date_check("d")
        read = frame.with_columns(short.value.alias("d__v"), short.error.alias("d__e"))
        assert read.to_dicts() == _read(texts).select("d", "d__v", "d__e").to_dicts()


def test_a_column_with_one_date_in_another_form_takes_the_full_check() -> None:
    frame = pl.DataFrame({"d": ["2026-03-02", None, "13/04/2026"], "e": ["2026-03-02", None, "2026-04-13"]})
    assert iso_only(frame, ["d", "e"]) == {"e"}
