"""The record kinds the commissions features import (merged into `partnerops.ingest.kinds.KINDS`)."""

from __future__ import annotations

from partnerops.ingest.kinds import Field, KindSpec
from partnerops.store.commission_tables import commission_events

# Refunds and churn from finance: `amount` is the refunded or churned part (blank: all of the deal), in `currency`.
KINDS: dict[str, KindSpec] = {
    "commission_events": KindSpec("commission_events", commission_events, (
        Field("id", required=True), Field("opportunity_id", "ref", True, ref="opportunities"),
        Field("type", "enum", True, ("refund", "churn")), Field("occurred_on", "date", True),
        Field("amount", "amount"), Field("currency", "currency", True), Field("note"),
    )),
}  # fmt: skip
# Fields a file may leave out because the import fills them in.
DERIVABLE: dict[str, frozenset[str]] = {}
