"""Every portable type comes back from its JSON form exactly: what a restore binds equals what the export read."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerops.portability.codec import decode, encode

VALUES: dict[str, st.SearchStrategy[Any]] = {
    "integer": st.integers(min_value=-(2**63), max_value=2**63 - 1),
    "boolean": st.booleans(),
    "float": st.floats(allow_nan=False),
    "decimal": st.decimals(allow_nan=False, allow_infinity=False),
    "string": st.text(),
    "date": st.dates(),
    "timestamp": st.datetimes(timezones=st.just(UTC)),
    "datetime": st.datetimes(),
    "binary": st.binary(),
}


@pytest.mark.parametrize("kind", sorted(VALUES))
@given(data=st.data())
def test_a_value_survives_its_json_line(kind: str, data: st.DataObject) -> None:
    value = data.draw(VALUES[kind])
    line = json.dumps({"v": encode(kind, value)}, ensure_ascii=False)
    assert "\n" not in line
    assert decode(kind, json.loads(line)["v"]) == value


def test_infinite_and_missing_floats_are_spelled_out() -> None:
    assert [encode("float", v) for v in (float("inf"), float("-inf"))] == ["Infinity", "-Infinity"]
    assert encode("float", float("nan")) == "NaN"
    assert decode("float", "-Infinity") == float("-inf")


def test_a_timestamp_without_a_zone_is_read_as_the_utc_it_is_stored_in() -> None:
    from datetime import datetime

    assert encode("timestamp", datetime(2026, 3, 2, 14, 5)) == "2026-03-02T14:05:00+00:00"


@pytest.mark.parametrize(("kind", "value"), [("integer", "12"), ("integer", True), ("decimal", 1.5),
                                              ("date", "02/03/2026"), ("timestamp", "2026-03-02T14:05:00"),
                                              ("binary", "not base64!"), ("json", "{unclosed")])  # fmt: skip
def test_a_value_of_the_wrong_form_is_refused(kind: str, value: Any) -> None:
    with pytest.raises(ValueError):
        decode(kind, value)
