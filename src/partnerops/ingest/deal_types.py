"""A deal's type as the vendors' default picklists name it, in our words: new business, expansion or renewal.
A value no default picklist defines (Salesforce's "Existing Customer - Downgrade", a custom one) is kept as given."""

from __future__ import annotations

import polars as pl

from partnerops.ingest.checks import looked_up

# Salesforce Opportunity.Type defaults (New Customer, Existing Customer - Upgrade), HubSpot dealtype defaults
# (newbusiness, existingbusiness: labels New Business, Existing Business), and the renewal type most orgs add.
# Keys are lower case, letters and digits only.
DEAL_TYPES: dict[str, str] = {
    "newbusiness": "new_business", "newcustomer": "new_business",
    "existingbusiness": "expansion", "existingcustomerupgrade": "expansion", "expansion": "expansion",
    "renewal": "renewal", "existingcustomerrenewal": "renewal",
}


def normalised_deal_type(text: pl.Expr) -> pl.Expr:
    key = text.str.to_lowercase().str.replace_all(r"[^0-9a-z]", "")
    return pl.coalesce(looked_up(key, DEAL_TYPES, pl.String()), text)
