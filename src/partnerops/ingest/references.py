"""Resolving reference columns (an opportunity's account, a touch's partner and opportunity) to stored
records, in bulk per chunk; a reference to nothing is a row error, never a new empty record."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from sqlalchemy import Connection

from partnerops.ingest.checks import failing
from partnerops.ingest.kinds import KINDS, Field, KindSpec
from partnerops.store.upsert import lookup_ids

SINGULAR = {"accounts": "account", "partners": "partner", "opportunities": "opportunity", "candidates": "candidate"}
FOUND_SCHEMA = {"external_id": pl.String, "id": pl.Int64}


@dataclass
class FoundIds:
    """Database ids found so far in one import, per (kind, source system): an import never deletes the
    records it refers to, so each id is asked for once (the foreign keys still check every insert)."""

    found: dict[tuple[str, str], pl.DataFrame] = field(default_factory=dict)

    def ids(self, conn: Connection, kind: str, system: str, wanted: pl.Series) -> pl.DataFrame:
        """[external_id, id] for the values of `wanted` that are stored."""
        known = self.found.get((kind, system), pl.DataFrame(schema=FOUND_SCHEMA))
        asked = wanted.drop_nulls().unique().alias("external_id").to_frame()
        new = asked.join(known, on="external_id", how="anti").get_column("external_id").to_list()
        if new:
            known = pl.concat([known, lookup_ids(conn, KINDS[kind].table, system, new)])
            self.found[(kind, system)] = known
        return known


def resolve_references(conn: Connection, frame: pl.DataFrame, spec: KindSpec, systems: dict[str, str],
                       found: FoundIds | None = None) -> pl.DataFrame:
    """For each ref field, adds `<field>__id` (the database id) and `<field>__ref__e` (why not found).
    `systems` maps a referenced kind to the source system its ids belong to."""
    found = found or FoundIds()
    for ref in (f for f in spec.fields if f.ref):
        frame = _resolve(conn, frame, ref, systems[ref.ref or ""], found)
    return frame


def _resolve(conn: Connection, frame: pl.DataFrame, ref: Field, system: str, found: FoundIds) -> pl.DataFrame:
    referenced = KINDS[ref.ref or ""]
    value, db_id = f"{ref.name}__v", f"{ref.name}__id"
    ids = found.ids(conn, referenced.name, system, frame.get_column(value))
    frame = frame.join(ids.rename({"external_id": value, "id": db_id}), on=value, how="left",
                       maintain_order="left")
    missing = pl.col(value).is_not_null() & pl.col(db_id).is_null()
    one = SINGULAR[referenced.name]
    reason = pl.format(
        f"unknown {one} '{{}}' (no {referenced.name} record with this id from source system "
        f"'{system}'; import {referenced.name} first or pass --ref {one}=SYSTEM)", pl.col(value))
    return frame.with_columns(failing(missing, reason).alias(f"{ref.name}__ref__e"))
