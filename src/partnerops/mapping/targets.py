"""Co-sell targets of one partner, likeliest first, with the reasons for each score."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Connection

from partnerops.mapping.overlap import OverlapCategory, OverlapFilter, overlap
from partnerops.mapping.partner_lists import partner_by_id
from partnerops.mapping.propensity import fit_propensity, ranked_targets

__all__ = ["co_sell_targets"]


def co_sell_targets(conn: Connection, partner_id: int, segment: str | None = None,
                    region: str | None = None) -> pl.DataFrame:
    """Their customers that are our open deals or prospects, ranked by propensity."""
    partner = partner_by_id(conn, partner_id)
    found = overlap(conn, partner_id, OverlapFilter(OverlapCategory.CO_SELL_TARGETS, segment, region))
    return ranked_targets(conn, found.rows, partner.type, fit_propensity(conn))
