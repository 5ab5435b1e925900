"""Work spread over threads: for calls that release the GIL (libsodium through ctypes, rapidfuzz's cdist)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

__all__ = ["default_workers", "pool_map"]

Item = TypeVar("Item")
Result = TypeVar("Result")


def default_workers() -> int:
    """Every core."""
    return os.cpu_count() or 1


def pool_map(work: Callable[[Item], Result], items: Sequence[Item], workers: int) -> list[Result]:
    """`work` over `items` in order, on up to `workers` threads (in this thread when one is enough)."""
    if workers <= 1 or len(items) <= 1:
        return [work(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(workers, len(items))) as pool:
        return list(pool.map(work, items))
