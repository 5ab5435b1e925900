"""A list page's answer: the page of rows rendered with the shared list controls, or with `format=csv` the whole
filtered view streamed as CSV. A parameter the list does not offer is a 400 page naming it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import Engine, Select

from partnerops.web.errors import PageError
from partnerops.web.listing import (
    BadListRequest,
    ListPage,
    ListQuery,
    ListSpec,
    csv_lines,
    fetch_page,
    filter_choices,
    list_query,
)
from partnerops.web.rendering import render
from partnerops.web.viewer import Viewer

__all__ = ["list_response", "lists_of", "page_of", "requested", "requested_from", "whole_list"]


def requested(request: Request, spec: ListSpec) -> ListQuery:
    """The list parameters of the request, or a 400 page naming the one that is wrong."""
    return requested_from(request.query_params, spec)


def requested_from(params: Mapping[str, str], spec: ListSpec) -> ListQuery:
    """The list parameters among `params` (a query string or a posted form), or a 400 page naming a wrong one."""
    try:
        return list_query(spec, params)
    except BadListRequest as exc:
        raise PageError(400, str(exc)) from exc


def whole_list(engine: Engine, query: Select[Any], spec: ListSpec, wanted: ListQuery, name: str) -> Response:
    """The filtered view as a CSV download named `name`.csv, streamed."""
    headers = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
    return StreamingResponse(csv_lines(engine, query, spec, wanted), media_type="text/csv; charset=utf-8",
                             headers=headers)


def list_response(
    request: Request, viewer: Viewer, engine: Engine, query: Select[Any], spec: ListSpec, template: str,
    narrow: Select[Any] | None = None, **context: Any,
) -> Response:
    """`template` rendered with `listing` (a `ListPage`), or the CSV of the view when `format=csv` is asked.
    `narrow`: see `fetch_page`."""
    wanted = requested(request, spec)
    if request.query_params.get("format") == "csv":
        return whole_list(engine, query, spec, wanted, request.url.path.strip("/").replace("/", "-") or "list")
    listing = page_of(engine, query, spec, wanted, request.url.path, narrow)
    return render(request, template, viewer, listing=listing, **context)


def page_of(
    engine: Engine, query: Select[Any], spec: ListSpec, wanted: ListQuery, path: str, narrow: Select[Any] | None
) -> ListPage:
    with engine.connect() as connection:
        listing = fetch_page(connection, query, spec, wanted, narrow)
        listing.choices = filter_choices(connection, query, spec)
    listing.path = path
    return listing


def lists_of(
    request: Request, engine: Engine, lists: Sequence[tuple[ListSpec, Select[Any], str]],
    transient: tuple[str, ...] = (),
) -> Response | list[ListPage]:
    """The lists of a page that holds several, each (spec, query, CSV name) with a prefix of its own (one may have
    none): the CSV of the list whose `format=csv` is asked, else a page of each. A parameter belongs to the list
    with the longest prefix it begins with, and each page's links keep the other lists' parameters (not the
    `transient` ones, such as a one-time message)."""
    asked = request.query_params
    wanted = [requested(request, spec) for spec, _, _ in lists]
    for (spec, query, name), chosen in zip(lists, wanted, strict=True):
        if asked.get(spec.prefix + "format") == "csv":
            return whole_list(engine, query, spec, chosen, name)
    pages = [page_of(engine, query, spec, chosen, request.url.path, None)
             for (spec, query, _), chosen in zip(lists, wanted, strict=True)]  # fmt: skip
    prefixes = [spec.prefix for spec, _, _ in lists]

    def owner(key: str) -> str | None:
        return max((prefix for prefix in prefixes if key.startswith(prefix)), key=len, default=None)

    for page in pages:
        page.kept = {key: value for key, value in asked.items()
                     if key not in transient and owner(key) not in (None, page.spec.prefix)}  # fmt: skip
    return pages
