"""Blocking writes run on a few threads of their own, so a burst of them (each may wait for SQLite's write
lock) never takes every thread of the pool that requests which only read are served from."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from anyio import CapacityLimiter, to_thread
from fastapi import FastAPI, Request

__all__ = ["WRITE_THREADS", "run_write"]

WRITE_THREADS = 4
Result = TypeVar("Result")


async def run_write(request: Request, write: Callable[..., Result], *args: object) -> Result:
    return await to_thread.run_sync(partial(write, *args), limiter=_limiter(request.app))


def _limiter(app: FastAPI) -> CapacityLimiter:
    """One per app, made on first use (a limiter belongs to the running event loop)."""
    limiter: CapacityLimiter | None = getattr(app.state, "write_limiter", None)
    if limiter is None:
        limiter = app.state.write_limiter = CapacityLimiter(WRITE_THREADS)
    return limiter
