"""Resolving reference columns (an opportunity's account, a touch's partner and opportunity) to stored
records, in bulk per chunk; a reference to nothing is a row error, never a new empty record."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Connection

from partnerops.ingest.checks import failing
from partnerops.ingest.kinds import KINDS, KindSpec
from partnerops.store.upsert import lookup_ids

SINGULAR = {"accounts": "account", "partners": "partner", "opportunities": "opportunity"}


def resolve_references(conn: Connection, frame: pl.DataFrame, spec: KindSpec,
                       systems: dict[str, str]) -> pl.DataFrame:
    """For each ref field, adds `<field>__id` (the database id) and `<field>__ref__e` (why not found).
    `systems` maps a referenced kind to the source system its ids belong to."""
    for field in (f for f in spec.fields if f.ref):
        referenced = KINDS[field.ref or ""]
        system = systems[referenced.name]
        wanted = frame.get_column(f"{field.name}__v").drop_nulls().unique().to_list()
        found = lookup_ids(conn, referenced.table, system, wanted).rename(
            {"external_id": f"{field.name}__v", "id": f"{field.name}__id"})
        frame = frame.join(found, on=f"{field.name}__v", how="left", maintain_order="left")
        missing = pl.col(f"{field.name}__v").is_not_null() & pl.col(f"{field.name}__id").is_null()
        one = SINGULAR[referenced.name]
        reason = pl.format(
            f"unknown {one} '{{}}' (no {referenced.name} record with this id from source system "
            f"'{system}'; import {referenced.name} first or pass --ref {one}=SYSTEM)",
            pl.col(f"{field.name}__v"))
        frame = frame.with_columns(failing(missing, reason).alias(f"{field.name}__ref__e"))
    return frame
