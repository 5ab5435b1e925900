"""The account mapping pages as lists: the partners with an account list and their overlap counts, and one
partner's overlap rows, built on `mapping_overlap` so they page, sort and count in the database. The accounts
partners share are `shared_account_list`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, String, case, cast, func, literal, select, union

from partnerops.ingest.runs import FINISHED
from partnerops.mapping.matching import MatchStatus
from partnerops.mapping.overlap import COLUMNS as OVERLAP_COLUMNS
from partnerops.mapping.overlap import OverlapCategory
from partnerops.mapping.sharing import SharingLevel
from partnerops.store.mapping_tables import account_matches, mapping_sharing, partner_accounts
from partnerops.store.tables import accounts, import_batches, partners
from partnerops.web.listing import Column, Filter, ListSpec
from partnerops.web.queries.mapping_overlap import (
    STATUS_BY_RANK,
    best_matches,
    best_ranks,
    counted_matches,
    listed_overlap,
    our_status,
    overlap_category,
)

__all__ = ["MAPPING_OVERVIEW", "OVERLAP_LIST", "category_counts", "mapping_overview", "mapping_overview_base",
           "overlap_choices", "overlap_counts", "overlap_lean", "overlap_list", "pending_matches", "same_text",
           "with_our_side"]

CATEGORY_COLUMNS = tuple(Column(c.value, c.label.capitalize()) for c in OverlapCategory)
MAPPING_OVERVIEW = ListSpec(
    noun="partners with an account list",
    columns=(Column("name", "Partner"), Column("external_id", "Id"), Column("listed", "Accounts listed"),
             *CATEGORY_COLUMNS, Column("awaiting_review", "Awaiting review"), Column("sharing", "Sharing"),
             Column("last_import", "Last list import")),
    default_sort="name",
    search=("name", "external_id"),
    filters=(Filter("sharing", "Sharing", tuple(s.value for s in SharingLevel)),),
)  # fmt: skip
# The download keeps the columns and headers it had before the page became a list.
OVERLAP_LIST = ListSpec(
    noun="overlapping accounts",
    columns=(Column("category", "Category"), Column("their_name", "Their account"),
             Column("their_status", "Their status"), Column("our_name", "Our account"),
             Column("our_status", "Our status"), Column("segment", "Segment"), Column("region", "Region"),
             Column("score", "Tier (score)")),
    default_sort="category",
    search=("their_name", "their_domain", "our_name"),
    filters=(Filter("category", "Category", tuple(c.value for c in OverlapCategory),
                    words=tuple(c.label for c in OverlapCategory)), Filter("segment", "Segment"),
             Filter("region", "Region")),
    tiebreak="their_account_id",
    exported=tuple(Column(key, key) for key in OVERLAP_COLUMNS),
)  # fmt: skip
def _category_counts(partner_ids: list[int] | None = None) -> Select[Any]:
    listed = listed_overlap(partner_ids)
    counted = (func.sum(case((listed.c.category == c.value, 1), else_=0)).label(c.value) for c in OverlapCategory)
    return select(listed.c.partner_id, *counted).group_by(listed.c.partner_id)


def overlap_counts(connection: Connection, partner_ids: list[int]) -> dict[int, dict[str, int]]:
    """The count in each category of the partners in `partner_ids` (a page of the overview): their lists alone
    are read."""
    rows = connection.execute(_category_counts(partner_ids)).mappings()
    return {row["partner_id"]: {c.value: int(row[c.value]) for c in OverlapCategory} for row in rows}


def _awaiting_review() -> Select[Any]:
    m = account_matches.c
    return (select(m.partner_id, func.count().label("awaiting_review"))
            .where(m.status == MatchStatus.PENDING.value).group_by(m.partner_id))  # fmt: skip


def _last_imports() -> Select[Any]:
    """When each partner's list was last imported: its imports are keyed under the source system "partner-<id>"."""
    b = import_batches.c
    system = b.options["source_system"].as_string()
    return (select(system.label("source_system"), func.max(b.finished_at).label("at"))
            .where(b.kind == partner_accounts.name, b.status == FINISHED).group_by(system))  # fmt: skip


def _sharing() -> ColumnElement[Any]:
    return func.coalesce(mapping_sharing.c.level, SharingLevel.HIDDEN.value).label("sharing")


def _listed() -> ColumnElement[Any]:
    p = partner_accounts.c
    return select(func.count()).where(p.partner_id == partners.c.id).scalar_subquery().label("listed")


def mapping_overview(with_categories: bool = True) -> Select[Any]:
    """Every partner with an account list (a partner its CRM deleted too: its list is still ours to map), how many
    accounts it lists, its matches awaiting review, sharing level, last list import and, `with_categories`, its
    overlap counts (every list read in one pass), for `MAPPING_OVERVIEW`."""
    p = partners.c
    pending, last = _awaiting_review().subquery("pending"), _last_imports().subquery("last_imports")
    own_system = literal("partner-") + cast(p.id, String)
    query = (select(p.id, p.name, p.external_id, p.deleted_at, _listed(),
                    func.coalesce(pending.c.awaiting_review, 0).label("awaiting_review"), _sharing(),
                    last.c.at.label("last_import"))
             .outerjoin(pending, pending.c.partner_id == p.id)
             .outerjoin(mapping_sharing, mapping_sharing.c.partner_id == p.id)
             .outerjoin(last, last.c.source_system == own_system))  # fmt: skip
    if not with_categories:
        return query.where(p.id.in_(select(partner_accounts.c.partner_id)))
    counts = _category_counts().subquery("counts")
    return query.join(counts, counts.c.partner_id == p.id).add_columns(*(counts.c[c.value] for c in OverlapCategory))


def mapping_overview_base() -> Select[Any]:
    """The rows of `mapping_overview` without their counts: what its total, search, filter and name sort need."""
    p = partners.c
    listing = select(partner_accounts.c.partner_id)
    return (select(p.id, p.name, p.external_id, _sharing())
            .outerjoin(mapping_sharing, mapping_sharing.c.partner_id == p.id).where(p.id.in_(listing)))  # fmt: skip


def _overlap_rows(partner_id: int) -> Select[Any]:
    p = partner_accounts.c
    best = best_matches(account_matches.c.partner_id == partner_id)
    return (select(p.id.label("their_account_id"), p.name.label("their_name"), p.domain.label("their_domain"),
                   p.status.label("their_status"), best.c.account_id.label("our_account_id"),
                   best.c.name.label("our_name"), our_status(best.c.rank).label("our_status"),
                   func.coalesce(best.c.segment, p.segment).label("segment"),
                   func.coalesce(best.c.region, p.region).label("region"), best.c.tier, best.c.score,
                   overlap_category(p.status, best.c.rank).label("category"))
            .outerjoin(best, best.c.partner_account_id == p.id).where(p.partner_id == partner_id))  # fmt: skip


def overlap_list(partner_id: int) -> Select[Any]:
    """Every account on the partner's list that falls in a category, with our best-matched account, for
    `OVERLAP_LIST` (the rows `overlap()` gives)."""
    rows = _overlap_rows(partner_id).subquery("overlap")
    return select(rows).where(rows.c.category.is_not(None))


def overlap_lean(partner_id: int) -> Select[Any]:
    """`overlap_list`'s rows without our matched account's columns (`with_our_side` adds them to a page): the
    category needs only how far along we are with the best match, not which match it is, so a long list is counted
    and sorted by category without ranking every match."""
    p = partner_accounts.c
    best = best_ranks(account_matches.c.partner_id == partner_id)
    rows = (select(p.id.label("their_account_id"), p.name.label("their_name"), p.domain.label("their_domain"),
                   p.status.label("their_status"), p.segment.label("their_segment"),
                   p.region.label("their_region"), overlap_category(p.status, best.c.rank).label("category"))
            .outerjoin(best, best.c.partner_account_id == p.id).where(p.partner_id == partner_id)
            .subquery("overlap_lean"))  # fmt: skip
    return select(rows).where(rows.c.category.is_not(None))


def with_our_side(connection: Connection, partner_id: int, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` of `overlap_lean` with the columns of our best-matched account, read for these rows alone."""
    m = account_matches.c
    best = best_matches(m.partner_id == partner_id, m.partner_account_id.in_([r["their_account_id"] for r in rows]))
    found = {match["partner_account_id"]: match for match in connection.execute(select(best)).mappings()}
    return [row | _our_side(found.get(row["their_account_id"]), row) for row in rows]


def _our_side(match: Any, row: dict[str, Any]) -> dict[str, Any]:
    if match is None:
        return {"our_account_id": None, "our_name": None, "our_status": None, "segment": row["their_segment"],
                "region": row["their_region"], "tier": None, "score": None}
    return {"our_account_id": match["account_id"], "our_name": match["name"],
            "our_status": STATUS_BY_RANK[match["rank"]].value,
            "segment": row["their_segment"] if match["segment"] is None else match["segment"],
            "region": row["their_region"] if match["region"] is None else match["region"],
            "tier": match["tier"], "score": match["score"]}


def category_counts(connection: Connection, rows: Select[Any]) -> dict[OverlapCategory, int]:
    """How many of `rows` (an `overlap_list` or `overlap_lean`, narrowed) fall in each category."""
    found = rows.subquery("counted")
    query = select(found.c.category, func.count()).group_by(found.c.category)
    counted: dict[str, int] = {str(category): int(n) for category, n in connection.execute(query).all()}
    return {c: int(counted.get(c.value, 0)) for c in OverlapCategory}


def same_text(column: ColumnElement[Any], value: str) -> ColumnElement[bool]:
    """`column` equals `value` whatever the case of either, as `overlap` and `shared_accounts` compare a segment
    or region."""
    return func.lower(column) == value.lower()


def pending_matches(connection: Connection, partner_id: int) -> int:
    m = account_matches.c
    query = select(func.count()).where(m.partner_id == partner_id, m.status == MatchStatus.PENDING.value)
    return int(connection.execute(query).scalar_one())


def _distinct(connection: Connection, *parts: Select[Any]) -> tuple[str, ...]:
    found = connection.execute(union(*parts)).scalars()
    return tuple(sorted({str(v) for v in found if v is not None}))


def overlap_choices(connection: Connection, partner_id: int, key: str) -> tuple[str, ...]:
    """The segments (or regions, by `key`) the partner's overlap can show: its list's and those of our accounts
    matched to it, read from those rows rather than from the list's every row."""
    a, p = accounts.c, partner_accounts.c
    matched = a.id.in_(counted_matches(account_matches.c.partner_id == partner_id))
    return _distinct(connection, select(a[key]).where(matched), select(p[key]).where(p.partner_id == partner_id))
