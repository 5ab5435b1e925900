"""Running one action from many threads at the same instant and collecting what each got back."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def race(action: Callable[[int], Any], runners: int) -> list[Any]:
    """Call `action(i)` for i in 0..runners-1, all released together; each result, or the exception raised."""
    barrier = threading.Barrier(runners)

    def run(index: int) -> Any:
        barrier.wait()
        try:
            return action(index)
        except Exception as exc:  # noqa: BLE001 - the race's losers are judged by the test
            return exc

    with ThreadPoolExecutor(max_workers=runners) as pool:
        return list(pool.map(run, range(runners)))


def winners(results: list[Any]) -> list[Any]:
    return [r for r in results if not isinstance(r, Exception)]


def losers(results: list[Any]) -> list[Exception]:
    return [r for r in results if isinstance(r, Exception)]
