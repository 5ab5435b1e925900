"""The paging every record list takes (--limit, --offset) and the line under a page: `1–50 of 1,604`, and how to
see the next one."""

from __future__ import annotations

from typing import Any

import typer

DEFAULT_LIMIT = 50


def limit_option() -> Any:
    """For `Annotated[int, limit_option()] = DEFAULT_LIMIT`."""
    return typer.Option("--limit", min=1, help="How many records a page holds.")


def offset_option() -> Any:
    return typer.Option("--offset", min=0, help="How many matching records to skip (the page's start).")


def page_note(shown: str, offset: int, count: int, total: int) -> str:
    """`1–50 of 1,604 (next page: --offset 50)`, or just the range on the last page."""
    following = offset + count
    return f"{shown} (next page: --offset {following})" if count and following < total else shown


def note(offset: int, count: int, total: int) -> str:
    """`page_note` of a page of `count` records starting at `offset` (0-based) of `total`."""
    shown = f"{offset + 1:,}–{offset + count:,} of {total:,}" if count else f"0 of {total:,}"
    return page_note(shown, offset, count, total)
