"""Cloud marketplace reports as marketplace transactions: AWS Marketplace's billed revenue report, Microsoft
Partner Center's marketplace transaction history (earnings) export and Google Cloud Marketplace's detailed
disbursements report (headers: tests/fixtures/exports/<aws|azure|gcp>/README.md).

The buyer is linked to an account through the import's `links:` (a marketplace customer id, email domain or
company name -> account id), else by its customer id as an account id; a row that links to no account is
quarantined by the shared reference step, never matched by a guess. A reseller named on the row (a channel or
partner private offer) is linked the same way to a partner and makes the offer `channel_private`. A negative
amount is a refund: it lands as a `refund` entry with the amount (and the fee returned) positive.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from partnerops.ingest.options import ImportOptions

# Columns read only to derive the kind's fields (listed in formats.PSEUDO_FIELDS).
PSEUDO = ("account_name", "account_domain", "reseller_name", "offer_visibility", "net_amount")
_COMMON = {"opportunity_id": ("opportunity_id", "Opportunity ID")}

COLUMNS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "aws": {"marketplace_transactions": {
        "id": ("Transaction Reference ID", "Invoice ID"),
        "account_id": ("Customer AWS Account Number", "Customer AWS Account ID"),
        "account_name": ("Customer Company Name", "Customer Name"),
        "account_domain": ("Email Domain", "Customer Email Domain"),
        "partner_id": ("Reseller AWS Account ID",),
        "reseller_name": ("Reseller Name", "Reseller Company Name"),
        "offer_id": ("Offer ID",),
        "offer_visibility": ("Offer Visibility",),
        "product": ("Product Title", "Product Code"),
        "transacted_on": ("Invoice Date", "Transaction Date"),
        "amount": ("Gross Revenue",),
        "fee": ("Listing Fee", "AWS Revenue Share"),
        "currency": ("Currency",),
        "disbursed_on": ("Disbursement Date", "Disbursed Date"),
        **_COMMON,
    }},
    "azure": {"marketplace_transactions": {
        "id": ("earningId", "transactionId"),
        "account_id": ("customerId",),
        "account_name": ("customerName",),
        "account_domain": ("customerEmail",),
        "partner_id": ("resellerId",),
        "reseller_name": ("resellerName",),
        "offer_id": ("offerId", "OrderId"),
        "offer_visibility": ("isPrivateOffer",),
        "product": ("productName", "productId"),
        "transacted_on": ("transactionDate", "earningDate"),
        "amount": ("transactionAmount",),
        "net_amount": ("earningAmount",),
        "currency": ("transactionCurrency", "earningCurrency"),
        "disbursed_on": ("paymentSentDate",),
        **_COMMON,
    }},
    "gcp": {"marketplace_transactions": {
        "account_id": ("account_id",),
        "account_name": ("customer_name",),
        "account_domain": ("customer_domain",),
        "partner_id": ("reseller_id",),
        "reseller_name": ("reseller_name",),
        "offer_id": ("private_offer_id",),
        "product": ("solution_name", "sku_description", "sku_id"),
        "transacted_on": ("usage_start_date", "usage_month", "invoice_month"),
        "amount": ("customer_charges", "gross_revenue", "charges"),
        "fee": ("marketplace_fee", "google_fee"),
        "net_amount": ("partner_payout", "net_revenue"),
        "currency": ("currency", "payout_currency"),
        "disbursed_on": ("payout_date", "disbursement_date"),
        **_COMMON,
    }},
}
_PRIVATE = ("private", "true", "yes", "1")


def derive_for(marketplace: str) -> Callable[[pl.DataFrame, str, ImportOptions], pl.DataFrame]:
    """The derive step of one marketplace's format."""

    def derive(frame: pl.DataFrame, kind: str, options: ImportOptions) -> pl.DataFrame:
        if kind != "marketplace_transactions":
            return frame
        return _derived(frame, marketplace, options)

    return derive


def _derived(frame: pl.DataFrame, marketplace: str, options: ImportOptions) -> pl.DataFrame:
    """Marketplace, links, offer type, fee (from the net paid out where only that is given) and, for a report
    without row ids, an id from what the row is about."""
    frame = frame.with_columns(pl.lit(None, pl.String).alias(name) for name in PSEUDO if name not in frame.columns)
    frame = frame.with_columns(pl.lit(marketplace).alias("marketplace"),
                               pl.coalesce(pl.col("currency"), pl.lit(options.currency, pl.String)).alias("currency"))
    frame = frame.with_columns(_id(marketplace).alias("id"), _fee().alias("fee"))
    refund = pl.col("amount").str.strip_chars().str.starts_with("-")
    frame = frame.with_columns(pl.when(refund).then(pl.lit("refund")).otherwise(pl.lit("charge")).alias("entry"),
                               pl.col("amount").str.strip_chars().str.strip_prefix("-").alias("amount"))
    links = options.links
    account = pl.coalesce(_linked(pl.col("account_id"), links), _linked(_domain(pl.col("account_domain")), links),
                          _linked(pl.col("account_name"), links), pl.col("account_id"))
    partner = pl.coalesce(_linked(pl.col("partner_id"), links), _linked(pl.col("reseller_name"), links),
                          pl.col("partner_id"), pl.col("reseller_name"))
    private = pl.col("offer_visibility").str.strip_chars().str.to_lowercase().is_in(_PRIVATE)
    if marketplace == "gcp":
        private = pl.col("offer_id").is_not_null()
    offer = (pl.when(partner.is_not_null()).then(pl.lit("channel_private"))
             .when(private.fill_null(False)).then(pl.lit("private")).otherwise(pl.lit("public")))
    return frame.with_columns(account.alias("account_id"), partner.alias("partner_id"), offer.alias("offer_type"))


def _id(marketplace: str) -> pl.Expr:
    """The report's own id; Google's rows are one per SKU, account, private offer and month."""
    if marketplace != "gcp":
        return pl.col("id")
    parts = [pl.col(c).fill_null("") for c in ("account_id", "offer_id", "product", "transacted_on")]
    return pl.coalesce(pl.col("id"), pl.concat_str(parts, separator="|").str.slice(0, 128))


def _fee() -> pl.Expr:
    """The marketplace's fee as a positive amount (AWS writes it negative); where a report gives only what was
    paid out, billed minus paid out. The text as it was where it is no number, so validation names it."""
    number = pl.col("fee").str.strip_chars().str.strip_prefix("-").cast(pl.Decimal(38, 9), strict=False)
    given = pl.when(number.is_not_null()).then(number.cast(pl.String)).otherwise(pl.col("fee"))
    billed = pl.col("amount").str.strip_chars().cast(pl.Decimal(38, 9), strict=False)
    net = pl.col("net_amount").str.strip_chars().cast(pl.Decimal(38, 9), strict=False)
    return pl.coalesce(given, (billed - net).abs().cast(pl.String))


def _domain(text: pl.Expr) -> pl.Expr:
    """example.com from an email address or a domain."""
    return text.str.strip_chars().str.to_lowercase().str.replace(r"^.*@", "")


def _linked(value: pl.Expr, links: dict[str, str]) -> pl.Expr:
    """The record id `links` gives `value` (compared without case or surrounding space); null where none."""
    if not links:
        return pl.lit(None, pl.String)
    folded = {key.strip().lower(): target for key, target in links.items()}
    return value.str.strip_chars().str.to_lowercase().replace_strict(folded, default=None, return_dtype=pl.String)
