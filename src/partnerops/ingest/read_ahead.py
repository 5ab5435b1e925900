"""Reading the next chunk of an export in a second thread while the current one lands: Arrow's CSV parser and
Polars release the GIL, so the reading hides behind validation and SQLite's inserts instead of adding to them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from queue import Empty, Full, Queue
from typing import TypeVar

T = TypeVar("T")

# How long either side waits before looking again whether the other gave up.
POLL_SECONDS = 0.1


class _End:
    """Put after the last chunk."""


def read_ahead(items: Iterator[T], depth: int = 1) -> Iterator[T]:
    """`items`, produced up to `depth` ahead in a daemon thread; an error there is raised here, in order. When the
    caller stops early (an error, Ctrl-C), the reader stops at its next chunk."""
    queue: Queue[T | _End | BaseException] = Queue(maxsize=depth)
    stop = threading.Event()
    reader = threading.Thread(target=_produce, args=(items, queue, stop), name="partnerops-read-ahead", daemon=True)
    reader.start()
    try:
        while True:
            item = _next(queue, reader)
            if isinstance(item, _End):
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()


def _produce(items: Iterator[T], queue: Queue[T | _End | BaseException], stop: threading.Event) -> None:
    try:
        for item in items:
            if not _put(queue, item, stop):
                return
        _put(queue, _End(), stop)
    except BaseException as exc:  # handed to the consuming thread, which raises it
        _put(queue, exc, stop)


def _put(queue: Queue[T | _End | BaseException], item: T | _End | BaseException, stop: threading.Event) -> bool:
    while not stop.is_set():
        try:
            queue.put(item, timeout=POLL_SECONDS)
            return True
        except Full:
            continue
    return False


def _next(queue: Queue[T | _End | BaseException], reader: threading.Thread) -> T | _End | BaseException:
    """The next item; waits in short steps so Ctrl-C reaches the main thread at once."""
    while True:
        try:
            return queue.get(timeout=POLL_SECONDS)
        except Empty:
            if not reader.is_alive() and queue.empty():
                return _End()
