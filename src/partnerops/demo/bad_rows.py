"""A handful of broken rows mixed into the export files, as real exports have, for the importer to quarantine.

Every broken row is an extra row: the good rows, and so the planted ground truth, stay as drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from partnerops.demo.salesforce_ids import OPPORTUNITY_PREFIX, UNUSED_ID_START, salesforce_ids

OPPORTUNITIES = "opportunities-salesforce.csv"
TOUCHES = "touches.csv"
PARTNERS = "partners.csv"
# Generated partner ids have five digits; this one names no partner (its own row is broken too).
UNKNOWN_PARTNER = "PRT-0999"


@dataclass(frozen=True)
class BadRow:
    """One planted broken row: the file, the row's id there, the field that is wrong and how."""

    file: str
    id: str
    field: str
    problem: str


def plant_bad_rows(
    rng: np.random.Generator, files: dict[str, pl.DataFrame]
) -> tuple[dict[str, pl.DataFrame], tuple[BadRow, ...]]:
    """The files (all columns as text) with broken rows inserted at random places, and what was planted."""
    opportunities, opportunity_rows = _bad_opportunities(rng, files[OPPORTUNITIES])
    touches, touch_rows = _bad_touches(rng, files[TOUCHES])
    partners, partner_rows = _bad_partners(rng, files[PARTNERS])
    planted = {**files, OPPORTUNITIES: opportunities, TOUCHES: touches, PARTNERS: partners}
    return planted, (*opportunity_rows, *touch_rows, *partner_rows)


def _bad_opportunities(rng: np.random.Generator, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[BadRow]]:
    closed = frame.filter(pl.col("IsClosed") == "true")
    template = closed.row(int(rng.integers(0, closed.height)), named=True)
    ids = salesforce_ids(OPPORTUNITY_PREFIX, UNUSED_ID_START, 3)
    created = template["CreatedDate"]
    changes = [
        ("currency", "CurrencyIsoCode", "USX", "unknown currency"),
        ("amount", "Amount", "12,5O0.00", "amount with a letter O for a zero"),
        ("closed_on", "CloseDate", _days_before(created[:10], 20), "close date before the creation date"),
    ]
    pairs = list(zip(ids, changes, strict=True))
    rows = [{**template, "Id": new_id, header: value} for new_id, (_, header, value, _) in pairs]
    planted = [BadRow(OPPORTUNITIES, new_id, field, problem) for new_id, (field, _, _, problem) in pairs]
    return _insert(rng, frame, rows), planted


def _bad_touches(rng: np.random.Generator, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[BadRow]]:
    # Every broken touch is a rejected one, so that even a touch that slipped through counts for no tier.
    rejected = frame.filter(pl.col("status") == "rejected")
    original = rejected.row(int(rng.integers(0, rejected.height)), named=True)
    last = int(frame.select(pl.col("id").str.strip_prefix("TCH-").cast(pl.Int64).max()).item())
    ids = [f"TCH-{last + n}" for n in (1, 2, 3)]
    rows = [
        {**original, "id": ids[0], "partner_id": UNKNOWN_PARTNER},
        {**original, "id": ids[1], "touched_on": "03/04/2026"},
        {**original, "id": ids[2], "opportunity_id": salesforce_ids(OPPORTUNITY_PREFIX, UNUSED_ID_START + 3, 1)[0]},
    ]
    duplicate = {**original, "evidence": "Logged twice by the partner portal"}
    planted = [
        BadRow(TOUCHES, ids[0], "partner_id", "names a partner that is not in partners.csv"),
        BadRow(TOUCHES, ids[1], "touched_on", "ambiguous date 03/04/2026 (March 4 or 3 April)"),
        BadRow(TOUCHES, ids[2], "opportunity_id", "names an opportunity that is not in the export"),
        BadRow(TOUCHES, original["id"], "id", "the same id twice in one file"),
    ]
    with_rows = _insert(rng, frame, rows)
    return _insert_after(with_rows, original["id"], duplicate, rng), planted


def _bad_partners(rng: np.random.Generator, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[BadRow]]:
    template = frame.row(int(rng.integers(0, frame.height)), named=True)
    row = {**template, "id": UNKNOWN_PARTNER, "name": f"{template['name']} EMEA", "type": "wholesaler"}
    return _insert(rng, frame, [row]), [BadRow(PARTNERS, UNKNOWN_PARTNER, "type", "unknown partner type")]


def _insert(rng: np.random.Generator, frame: pl.DataFrame, rows: list[dict[str, str]]) -> pl.DataFrame:
    """`frame` with `rows` placed at random positions among its rows."""
    positions = 2 * np.arange(frame.height, dtype=np.float64)
    extra = 2 * rng.integers(0, frame.height, len(rows)) + 1.0
    combined = pl.concat([frame, pl.DataFrame(rows, schema=frame.schema)])
    order = np.argsort(np.concatenate([positions, extra]), kind="stable")
    return combined[order]


def _insert_after(frame: pl.DataFrame, row_id: str, row: dict[str, str], rng: np.random.Generator) -> pl.DataFrame:
    """`frame` with `row` placed a little after the row whose id is `row_id`."""
    first = int(frame["id"].index_of(row_id) or 0)
    at = min(frame.height, first + 1 + int(rng.integers(0, 50)))
    return pl.concat([frame[:at], pl.DataFrame([row], schema=frame.schema), frame[at:]])


def _days_before(iso_day: str, days: int) -> str:
    return (date.fromisoformat(iso_day) - timedelta(days=days)).isoformat()
