"""The deal history kinds (merged into `partnerops.ingest.kinds.KINDS`): opportunity stage history and line
items (products)."""

from __future__ import annotations

from partnerops.ingest.kinds import Field, KindSpec
from partnerops.store.history_tables import line_items, stage_history

KINDS: dict[str, KindSpec] = {
    # One row per stage a deal entered, when: the forecast learns stage-by-stage win rates from them.
    "stage_history": KindSpec("stage_history", stage_history, (
        Field("id"), Field("opportunity_id", "ref", True, ref="opportunities"),
        Field("stage", required=True), Field("changed_on", "date", True),
        Field("amount", "amount"), Field("currency", "currency"), Field("expected_close_on", "date"),
        Field("forecast_category"),
    )),
    "line_items": KindSpec("line_items", line_items, (
        Field("id"), Field("opportunity_id", "ref", True, ref="opportunities"),
        Field("product", required=True), Field("product_code"), Field("product_id"),
        Field("quantity", "rate"), Field("unit_price", "amount"), Field("amount", "amount"),
        Field("currency", "currency"),
    )),
}
# A row without an id gets a stable key from what identifies it (see ingest/history_shapes.py).
DERIVABLE: dict[str, frozenset[str]] = {
    "stage_history": frozenset({"id"}),
    "line_items": frozenset({"id"}),
}
