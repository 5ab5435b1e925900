"""The cloud marketplace kind (merged into `partnerops.ingest.kinds.KINDS`): transactions billed through AWS
Marketplace, Microsoft's commercial marketplace or Google Cloud Marketplace, with fee, payout date and reseller."""

from __future__ import annotations

from partnerops.ingest.kinds import Field, KindSpec
from partnerops.store.marketplace_tables import marketplace_transactions

MARKETPLACES = ("aws", "azure", "gcp")
OFFER_TYPES = ("public", "private", "channel_private")
ENTRIES = ("charge", "refund")

KINDS: dict[str, KindSpec] = {
    "marketplace_transactions": KindSpec("marketplace_transactions", marketplace_transactions, (
        Field("id", required=True), Field("marketplace", "enum", True, MARKETPLACES),
        Field("account_id", "ref", True, ref="accounts"),
        Field("opportunity_id", "ref", ref="opportunities"), Field("partner_id", "ref", ref="partners"),
        Field("offer_type", "enum", True, OFFER_TYPES), Field("offer_id"), Field("product"),
        Field("entry", "enum", True, ENTRIES),
        Field("transacted_on", "date", True), Field("amount", "amount", True), Field("fee", "amount"),
        Field("currency", "currency", True), Field("disbursed_on", "date"),
    )),
}  # fmt: skip
# A marketplace format names its marketplace and reads the offer type from the export (ingest/cloud_marketplaces.py);
# a Google report row has no id of its own.
DERIVABLE: dict[str, frozenset[str]] = {
    "marketplace_transactions": frozenset({"id", "marketplace", "offer_type", "entry", "currency"}),
}
