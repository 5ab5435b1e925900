"""Generic CSV/JSON exports: the canonical headers are the field names themselves."""

from __future__ import annotations

import polars as pl

from partnerops.ingest.options import ImportOptions

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {}


def derive(frame: pl.DataFrame, kind: str, options: ImportOptions) -> pl.DataFrame:
    return frame
