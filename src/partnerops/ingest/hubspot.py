"""HubSpot exports: deals and companies with their UI labels; a deal's currency comes from a column or
an explicit --currency, never assumed."""

from __future__ import annotations

import polars as pl

from partnerops.ingest import history_columns
from partnerops.ingest.options import ImportOptions

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "opportunities": {
        "id": ("Record ID", "Deal ID"), "name": ("Deal Name",), "stage": ("Deal Stage",),
        "amount": ("Amount",), "close_date": ("Close Date",), "created_on": ("Create Date",),
        # The ids column of newer exports; without one, the company is found by the name in
        # "Associated Company" among the companies already imported (ingest/company_names.py).
        "account_id": ("Associated Company IDs (Primary)", "Associated Company IDs", "Associated Company ID"),
        "account_name": ("Associated Company",),
        "currency": ("Currency", "Deal Currency Code", "Deal currency code"),
    },
    "accounts": {
        "id": ("Record ID", "Company ID"), "name": ("Company name", "Company Name"),
        "domain": ("Company Domain Name", "Website URL"), "country": ("Country/Region", "Country"),
    },
    "partners": {
        "id": ("Record ID", "Company ID"), "name": ("Company name", "Company Name"),
        "domain": ("Company Domain Name", "Website URL"),
    },
}
COLUMNS |= history_columns.HUBSPOT


def derive(frame: pl.DataFrame, kind: str, options: ImportOptions) -> pl.DataFrame:
    return frame
