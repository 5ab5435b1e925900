"""Sharing levels: what a partner's own users may see of its overlap with us, on every surface."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import polars as pl
from sqlalchemy import Connection, Engine, delete, insert, select

from partnerops.domain.roles import Principal
from partnerops.mapping.overlap import Overlap, OverlapCategory, OverlapFilter, overlap
from partnerops.store.audit import record_field_changes
from partnerops.store.mapping_tables import mapping_sharing

__all__ = ["OverlapView", "SharingLevel", "set_sharing_level", "sharing_level", "view_for", "visible_overlap"]


class SharingLevel(StrEnum):
    """hidden: nothing; counts: the number per category; overlaps: also which of their own accounts
    overlap ours and how; full: also our matched account and the white space."""

    HIDDEN = "hidden"
    COUNTS = "counts"
    OVERLAPS = "overlaps"
    FULL = "full"


# What each level shows of a row (internal users always see the full row).
OVERLAP_COLUMNS = ("category", "their_account_id", "their_name", "their_domain", "their_status")
FULL_COLUMNS = (*OVERLAP_COLUMNS, "our_name", "our_status", "segment", "region", "tier", "score")
OVERLAP_CATEGORIES = tuple(c.value for c in OverlapCategory if c is not OverlapCategory.WHITE_SPACE)


@dataclass(frozen=True)
class OverlapView:
    """The part of an overlap one viewer may see: counts and rows are None where the level hides them."""

    partner_id: int
    level: SharingLevel
    counts: dict[OverlapCategory, int] | None
    rows: pl.DataFrame | None
    awaiting_review: int | None


def sharing_level(conn: Connection, partner_id: int) -> SharingLevel:
    found = conn.execute(select(mapping_sharing.c.level).where(mapping_sharing.c.partner_id == partner_id)).scalar()
    return SharingLevel(found) if found else SharingLevel.HIDDEN


def set_sharing_level(engine: Engine, partner_id: int, level: SharingLevel, actor: str,
                      at: datetime | None = None) -> SharingLevel:
    """Set what the partner's users may see; the change is audited. Returns the previous level."""
    at = at or datetime.now(UTC)
    with engine.begin() as conn:
        before = sharing_level(conn, partner_id)
        conn.execute(delete(mapping_sharing).where(mapping_sharing.c.partner_id == partner_id))
        conn.execute(insert(mapping_sharing).values(partner_id=partner_id, level=level.value, updated_by=actor,
                                                    updated_at=at))
        record_field_changes(conn, mapping_sharing.name, partner_id, {"sharing_level": (before.value, level.value)},
                             actor, at)
    return before


def view_for(principal: Principal, overlap: Overlap, level: SharingLevel) -> OverlapView:
    """What `principal` may see of `overlap`: everything when internal, else what `level` allows."""
    if not principal.is_partner:
        return OverlapView(overlap.partner_id, level, overlap.counts, overlap.rows, overlap.awaiting_review)
    if level is SharingLevel.HIDDEN:
        return OverlapView(overlap.partner_id, level, None, None, None)
    if level is SharingLevel.COUNTS:
        return OverlapView(overlap.partner_id, level, overlap.counts, None, None)
    if level is SharingLevel.OVERLAPS:
        rows = overlap.rows.filter(pl.col("category").is_in(OVERLAP_CATEGORIES)).select(OVERLAP_COLUMNS)
        counts: dict[OverlapCategory, int] = {c: n for c, n in overlap.counts.items()
                                              if c is not OverlapCategory.WHITE_SPACE}
        return OverlapView(overlap.partner_id, level, counts, rows, None)
    return OverlapView(overlap.partner_id, level, overlap.counts, overlap.rows.select(FULL_COLUMNS), None)


def visible_overlap(conn: Connection, principal: Principal, partner_id: int,
                    where: OverlapFilter | None = None) -> OverlapView:
    """The partner's overlap as far as `principal` may see it, under the partner's current sharing level."""
    return view_for(principal, overlap(conn, partner_id, where), sharing_level(conn, partner_id))
