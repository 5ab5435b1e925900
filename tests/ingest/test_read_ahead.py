"""Reading ahead in a second thread hands over every chunk in order, and the reader's errors where they belong."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerops.ingest.errors import UnreadableFile
from partnerops.ingest.read_ahead import read_ahead


@given(st.lists(st.integers()), st.integers(min_value=1, max_value=3))
def test_every_item_arrives_once_in_order(items: list[int], depth: int) -> None:
    assert list(read_ahead(iter(items), depth)) == items


def test_an_error_while_reading_is_raised_after_the_chunks_before_it(tmp_path: object) -> None:
    def chunks() -> Iterator[str]:
        yield "first"
        raise UnreadableFile(tmp_path, "the CSV breaks off at line 9")  # type: ignore[arg-type]

    got: list[str] = []
    with pytest.raises(UnreadableFile, match="line 9"):
        for chunk in read_ahead(chunks()):
            got.append(chunk)
    assert got == ["first"]


def test_a_consumer_that_stops_early_stops_the_reader() -> None:
    read: list[int] = []
    done = threading.Event()

    def chunks() -> Iterator[int]:
        try:
            for number in range(1_000):
                read.append(number)
                yield number
        finally:
            done.set()

    for chunk in read_ahead(chunks()):
        if chunk == 2:
            break
    assert done.wait(5) and len(read) < 10
