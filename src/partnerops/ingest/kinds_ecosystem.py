"""The revenue-after-the-deal kinds (merged into `partnerops.ingest.kinds.KINDS`): recurring revenue periods per
account, go-live and first-usage events, and program costs per partner."""

from __future__ import annotations

from partnerops.ingest.kinds import Field, KindSpec
from partnerops.store.ecosystem_tables import program_costs, revenue_periods, value_events

INTERVALS = ("month", "quarter", "year")
VALUE_EVENT_TYPES = ("go_live", "first_usage")

KINDS: dict[str, KindSpec] = {
    # `amount` per `interval` from starts_on until ends_on (exclusive, blank while it runs): an invoice's
    # service period or a subscription's term.
    "revenue": KindSpec("revenue", revenue_periods, (
        Field("id", required=True), Field("account_id", "ref", True, ref="accounts"),
        Field("starts_on", "date", True), Field("ends_on", "date"),
        Field("interval", "enum", True, INTERVALS), Field("amount", "amount", True),
        Field("currency", "currency", True), Field("subscription"), Field("product"),
    )),
    "value_events": KindSpec("value_events", value_events, (
        Field("id", required=True), Field("account_id", "ref", True, ref="accounts"),
        Field("type", "enum", True, VALUE_EVENT_TYPES), Field("occurred_on", "date", True), Field("note"),
    )),
    "program_costs": KindSpec("program_costs", program_costs, (
        Field("id", required=True), Field("partner_id", "ref", True, ref="partners"),
        Field("incurred_on", "date", True), Field("category", required=True), Field("amount", "amount", True),
        Field("currency", "currency", True), Field("note"),
    )),
}  # fmt: skip
# A Stripe invoice says its interval through its service period (ingest/stripe.py); currency may come from
# --currency.
DERIVABLE: dict[str, frozenset[str]] = {
    "revenue": frozenset({"interval", "currency"}),
    "program_costs": frozenset({"currency"}),
}
