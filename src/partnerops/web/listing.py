"""One list component for every list: a spec (columns, search, filters, default sort) applied in SQL to a query,
giving a page of rows with the total of the filtered view, and that whole view as a formula-safe CSV stream."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import ColumnClause, ColumnElement, Connection, Engine, Label, Select, func, or_, select

from partnerops.store.text_search import among, contains_text

__all__ = ["BadListRequest", "Column", "Filter", "Joined", "ListPage", "ListQuery", "ListSpec", "csv_lines",
           "fetch_page", "filter_choices", "list_query", "matching", "minor_amount", "ordered"]

PAGE_SIZES = (25, 50, 100, 200)
Cell = Callable[[Mapping[Any, Any]], object]


class BadListRequest(ValueError):
    """A sort, filter, page or page size the list does not offer; the message names the parameter and value."""


@dataclass(frozen=True)
class Column:
    """A column of the list: `key` is the query's label for it; `cell` formats it for the CSV export."""

    key: str
    label: str
    sortable: bool = True
    cell: Cell | None = None


ANY = "*"


@dataclass(frozen=True)
class Filter:
    """An equality filter on the column labelled `key`; no `choices`: the values the data holds. With a `default`
    the list starts filtered; the value `*` (ANY) then asks for every row. The URL and CSV keep the values as they
    are; the menu shows `words` for them when given."""

    key: str
    label: str
    choices: tuple[str, ...] = ()
    default: str = ""
    # How a person says each of the choices, in their order ("co-sell targets" for co_sell_targets); none: as
    # they are.
    words: tuple[str, ...] = ()

    def word(self, value: str) -> str:
        """`value` as the filter's menu shows it."""
        return dict(zip(self.choices, self.words, strict=True)).get(value, value) if self.words else value


@dataclass(frozen=True)
class Joined:
    """A column of the list held by another table, reached from the list's own table through foreign keys: `path`
    is each foreign-key column in turn, then the column itself (`touches.c.opportunity_id, opportunities.c.account_id,
    accounts.c.name`). A search in it reads that table alone and keeps the rows whose keys lead to a match, and a
    sort by it joins only the tables on the path, so neither makes the list's every join for every row."""

    key: str
    path: tuple[ColumnElement[Any], ...]


@dataclass(frozen=True)
class ListSpec:
    """What a list offers. `noun` names what it counts ("claimed touches"); `tiebreak` is a unique column that
    keeps the order stable from page to page; `default_sort` is a column key, `-key` for descending."""

    noun: str
    columns: tuple[Column, ...]
    default_sort: str
    search: tuple[str, ...] = ()
    filters: tuple[Filter, ...] = ()
    tiebreak: str = "id"
    exported: tuple[Column, ...] = ()
    # Before each parameter's name when a page holds two lists ("claims_" + "q"); empty for a page's only list.
    prefix: str = ""
    joined: tuple[Joined, ...] = ()

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def joined_by(self, key: str) -> Joined | None:
        return next((j for j in self.joined if j.key == key), None)

    @property
    def export_columns(self) -> tuple[Column, ...]:
        return self.exported or self.columns


@dataclass(frozen=True)
class ListQuery:
    """What the viewer asked for: search text, filters, sort and the page."""

    search: str = ""
    filters: tuple[tuple[str, str], ...] = ()
    sort: str = ""
    descending: bool = False
    page: int = 1
    size: int = 50

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def params(self) -> dict[str, str]:
        """As query-string parameters, leaving out what is empty."""
        found = {"q": self.search, "sort": ("-" if self.descending else "") + self.sort}
        found |= dict(self.filters) | {"page": str(self.page), "size": str(self.size)}
        return {key: value for key, value in found.items() if value}


def list_query(spec: ListSpec, params: Mapping[str, str], default_size: int = 50) -> ListQuery:
    """The viewer's request from query parameters (q, sort, page, size and the filters' keys, each after the
    spec's prefix), checked."""
    if spec.prefix:
        params = {key.removeprefix(spec.prefix): value for key, value in params.items() if key.startswith(spec.prefix)}
    sort = params.get("sort") or spec.default_sort
    key = sort.removeprefix("-")
    column = spec.column(key)
    if column is None or not column.sortable:
        offered = ", ".join(c.key for c in spec.columns if c.sortable)
        raise BadListRequest(f"sort: {sort!r} is not a column this list sorts by ({offered})")
    given = {f.key: (params.get(f.key) if params.get(f.key) is not None else f.default) for f in spec.filters}
    filters = tuple((key, value.strip()) for key, value in given.items() if value and value.strip())
    for f in spec.filters:
        chosen = dict(filters).get(f.key)
        if chosen is not None and chosen != ANY and f.choices and chosen not in f.choices:
            raise BadListRequest(f"{f.key}: {chosen!r} is not one of {', '.join(f.choices)}")
    return ListQuery((params.get("q") or "").strip(), filters, key, sort.startswith("-"),
                     _whole(params, "page", 1, 1), _page_size(params, default_size))  # fmt: skip


def matching(query: Select[Any], spec: ListSpec, wanted: ListQuery) -> Select[Any]:
    """`query` narrowed to the rows the search and filters select (search: any searched column contains the
    text, case-insensitively; a `%` or `_` in it means itself)."""
    columns = query.selected_columns
    conditions: list[ColumnElement[bool]] = [columns[key] == value for key, value in wanted.filters if value != ANY]
    if wanted.search and spec.search:
        conditions.append(or_(*(_holding(query, spec, key, wanted.search) for key in spec.search)))
    return query.where(*conditions) if conditions else query


def _holding(query: Select[Any], spec: ListSpec, key: str, text: str) -> ColumnElement[bool]:
    """The condition that the row's `key` column contains `text`: on the query's column, or for a joined column
    as the rows whose foreign key is among the ids of the other table's matching rows (read on their own)."""
    joined = spec.joined_by(key)
    if joined is None:
        return contains_text(query.selected_columns[key], text)
    *links, searched = joined.path
    held = searched.table.alias()
    condition: ColumnElement[bool] = contains_text(held.c[searched.name], text)
    for link in reversed(links):
        (reference,) = link.foreign_keys
        ids = select(held.c[reference.column.name]).where(condition)
        if link is links[0]:
            return among(link, ids)
        held = link.table.alias()
        condition = among(held.c[link.name], ids)
    return condition


def ordered(query: Select[Any], spec: ListSpec, wanted: ListQuery) -> Select[Any]:
    columns = query.selected_columns
    chosen, tie = columns[wanted.sort], columns[spec.tiebreak]
    if wanted.descending:
        return query.order_by(chosen.desc(), tie.desc())
    return query.order_by(chosen.asc(), tie.asc())


def fetch_page(
    connection: Connection, query: Select[Any], spec: ListSpec, wanted: ListQuery, narrow: Select[Any] | None = None
) -> ListPage:
    """One page of the filtered, sorted rows with the total the filter selects (one COUNT, one LIMIT/OFFSET).

    `narrow`: the same rows from fewer tables (no joined names, no computed counts). When it holds every column
    the request searches, filters and sorts by, the total is counted on it and the page's keys are found on it
    (walking an index), and only those rows are read in full. A search reads every row whichever way: its keys
    carry the total beside them, so the rows are read once rather than once to count and once for the page."""
    usable = narrow is not None and set(_used(spec, wanted)) <= set(narrow.selected_columns.keys())
    keyed = _sortable(narrow, spec, wanted.sort) if narrow is not None and usable else None
    if keyed is not None and spec.tiebreak not in keyed.selected_columns:
        keyed = None
    found = _keys_with_total(connection, query if keyed is None else keyed, spec, wanted) if wanted.search else None
    chosen: list[Any] | None = None
    if found is not None:
        total, chosen = found
    else:
        base = narrow if narrow is not None and usable else query
        total = int(connection.execute(select(func.count()).select_from(
            matching(base, spec, wanted).order_by(None).subquery())).scalar_one())  # fmt: skip
        if wanted.page > 1 and wanted.offset >= total:
            wanted = replace(wanted, page=max(1, -(-total // wanted.size)))
        chosen = None if keyed is None else _keys(connection, keyed, spec, wanted)
    if chosen is not None:
        paged = ordered(query.where(query.selected_columns[spec.tiebreak].in_(chosen)), spec, wanted)
    else:
        paged = ordered(matching(query, spec, wanted), spec, wanted).limit(wanted.size).offset(wanted.offset)
    rows = connection.execute(paged)
    return ListPage(spec, wanted, [dict(row._mapping) for row in rows], total)


def _keys(connection: Connection, keyed: Select[Any], spec: ListSpec, wanted: ListQuery) -> list[Any]:
    keys = ordered(matching(keyed, spec, wanted), spec, wanted).limit(wanted.size).offset(wanted.offset)
    return list(connection.execute(keys.with_only_columns(keyed.selected_columns[spec.tiebreak])).scalars())


def _keys_with_total(
    connection: Connection, keyed: Select[Any], spec: ListSpec, wanted: ListQuery
) -> tuple[int, list[Any]] | None:
    """The page's keys and the total in one read (the total as a window over every matching row); None when the
    page is past the end, which has no row to carry the total.

    The matching rows are found first, on their own (`OFFSET 0` keeps the database from merging the two): the total
    needs every one of them, so reading them in the sort's index order would only walk past the rows that do not
    match, where an index of the searched text (PostgreSQL's trigrams) finds just those that do."""
    columns = keyed.selected_columns
    kept = {key: columns[key] for key in (spec.tiebreak, wanted.sort)}
    found = matching(keyed, spec, wanted).with_only_columns(*kept.values()).offset(0).subquery()
    sort, tie = found.c[wanted.sort], found.c[spec.tiebreak]
    order = (sort.desc(), tie.desc()) if wanted.descending else (sort.asc(), tie.asc())
    read = select(tie, func.count().over()).order_by(*order).limit(wanted.size).offset(wanted.offset)
    rows = connection.execute(read).all()
    return (int(rows[0][1]), [key for key, _ in rows]) if rows else None


def _sortable(narrow: Select[Any], spec: ListSpec, key: str) -> Select[Any] | None:
    """`narrow` holding the column `key`: as it is, or joined to the tables on the path of a joined column (its
    foreign keys hold, so the join keeps every row once); None when neither."""
    if key in narrow.selected_columns:
        return narrow
    joined = spec.joined_by(key)
    if joined is None:
        return None
    *links, column = joined.path
    for link in links:
        (reference,) = link.foreign_keys
        narrow = narrow.join(reference.column.table, reference.column == link)
    return narrow.add_columns(column.label(key))


def filter_choices(connection: Connection, query: Select[Any], spec: ListSpec) -> dict[str, tuple[str, ...]]:
    """Each filter's values: its fixed choices, else the distinct values its column holds in its own table (not
    only in this list's rows: one indexed read instead of the list's joins)."""
    found: dict[str, tuple[str, ...]] = {}
    for f in spec.filters:
        if f.choices:
            found[f.key] = f.choices
            continue
        column = query.selected_columns[f.key]
        stored = column.element if isinstance(column, Label) else column
        values = select(stored).where(stored.is_not(None)).distinct().order_by(stored)
        if not isinstance(stored, ColumnClause):
            values = query.with_only_columns(column).distinct().order_by(None).order_by(column)
        found[f.key] = tuple(str(v) for v in connection.execute(values).scalars() if v is not None)
    return found


CSV_BATCH = 2000


def csv_lines(engine: Engine, query: Select[Any], spec: ListSpec, wanted: ListQuery) -> Iterator[str]:
    """Every row of the filtered view in its order as CSV (formula-safe): the header, then the rows `CSV_BATCH` at
    a time, each batch read from a server-side cursor and handed on as one piece of text (a server sends each piece
    it is given on its own, so a piece per line would cost more than writing the line)."""
    from partnerops.domain.spreadsheet import safe_writer

    line = _Line()
    writer = safe_writer(line)
    columns = spec.export_columns
    writer.writerow([c.label for c in columns])
    yield line.take()
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=CSV_BATCH).execute(
            ordered(matching(query, spec, wanted), spec, wanted))  # fmt: skip
        read = _cells(columns, list(result.keys()))
        for batch in result.partitions():
            writer.writerows(map(read, batch))
            yield line.take()


@dataclass
class ListPage:
    """A page of a list, with what its controls need: the summary, sort states and links."""

    spec: ListSpec
    wanted: ListQuery
    rows: list[dict[str, Any]]
    total: int
    path: str = ""
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The query parameters of the page's other list, kept in this list's links and form.
    kept: dict[str, str] = field(default_factory=dict)

    @property
    def first(self) -> int:
        return self.wanted.offset + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.wanted.offset + len(self.rows)

    @property
    def summary(self) -> str:
        """'1–50 of 1,604 claimed touches'."""
        if not self.total:
            return f"0 {self.spec.noun}"
        return f"{self.first:,}–{self.last:,} of {self.total:,} {self.spec.noun}"

    @property
    def has_previous(self) -> bool:
        return self.wanted.page > 1

    @property
    def has_next(self) -> bool:
        return self.last < self.total

    @property
    def page_sizes(self) -> tuple[int, ...]:
        return PAGE_SIZES

    def url(self, **changes: str | int) -> str:
        """This list's address with `changes` to its parameters (a new search, filter or sort starts at page 1)."""
        params = self.wanted.params() | {key: str(value) for key, value in changes.items()}
        if "page" not in changes:
            params.pop("page", None)
        params = self.kept | {self.spec.prefix + k: v for k, v in params.items() if v}
        return self.path + ("?" + urlencode(params) if params else "")

    def export_url(self) -> str:
        params = {self.spec.prefix + k: v for k, v in self.wanted.params().items() if k not in ("page", "size")}
        return self.path + "?" + urlencode(params | {self.spec.prefix + "format": "csv"})

    def aria_sort(self, key: str) -> str | None:
        if key != self.wanted.sort:
            return None
        return "descending" if self.wanted.descending else "ascending"

    def sort_url(self, key: str) -> str:
        """Sorting by `key`: ascending first, and the other way when it is already sorted ascending."""
        flip = key == self.wanted.sort and not self.wanted.descending
        return self.url(sort=("-" if flip else "") + key)

    def filter_value(self, key: str) -> str:
        return dict(self.wanted.filters).get(key, "")


class _Line:
    """A write target that hands back what was written since the last `take`."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    def write(self, text: str, /) -> int:
        self._parts.append(text)
        return len(text)

    def take(self) -> str:
        text, self._parts = "".join(self._parts), []
        return text


def minor_amount(minor_key: str = "amount_minor", currency_key: str = "currency") -> Cell:
    """A cell giving the Decimal amount of a row's integer minor units in its currency (empty when unknown)."""
    from partnerops.domain.money import Money

    def cell(row: Mapping[Any, Any]) -> object:
        minor = row.get(minor_key)
        return None if minor is None else Money.from_minor(int(minor), str(row[currency_key])).amount

    return cell


def _used(spec: ListSpec, wanted: ListQuery) -> list[str]:
    """The columns of the query that the request's search and filters read (a joined column is searched in its
    own table)."""
    searched = [key for key in spec.search if spec.joined_by(key) is None] if wanted.search else []
    return [key for key, value in wanted.filters if value != ANY] + searched


def _cells(columns: tuple[Column, ...], keys: list[str]) -> Callable[[Any], list[object]]:
    """What turns a result row into the exported columns' values (a column the query lacks is empty)."""
    at = {key: i for i, key in enumerate(keys)}
    plain = [(at.get(c.key), None) if c.cell is None else (None, c.cell) for c in columns]

    def read(row: Any) -> list[object]:
        values = [(row[i] if i is not None else None) if cell is None else cell(row._mapping) for i, cell in plain]
        return ["" if value is None else value for value in values]

    return read


def _whole(params: Mapping[str, str], name: str, default: int, least: int) -> int:
    raw = params.get(name) or ""
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < least or int(raw) > 2**31 - 1:
        raise BadListRequest(f"{name}: {raw!r} is not a whole number from {least}")
    return int(raw)


def _page_size(params: Mapping[str, str], default: int) -> int:
    size = _whole(params, "size", default, 1)
    if size not in PAGE_SIZES and size != default:
        raise BadListRequest(f"size: {size} is not one of {', '.join(map(str, PAGE_SIZES))}")
    return size
