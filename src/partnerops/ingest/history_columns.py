"""Column names of the deal history kinds (stage history, line items) in Salesforce and HubSpot exports, kept
apart from the kinds themselves so the format modules can read them without importing the store."""

from __future__ import annotations

# Salesforce: Data Loader / API names, report labels, then the snake_case names ELT tools write.
SALESFORCE: dict[str, dict[str, tuple[str, ...]]] = {
    "stage_history": {
        "id": ("Id", "Opportunity History ID"),
        "opportunity_id": ("OpportunityId", "Opportunity ID", "opportunity_id"),
        "stage": ("StageName", "Stage Name", "To Stage", "stage_name"),
        # A history row is written when the deal changes: its creation time is when the stage was entered.
        "changed_on": ("CreatedDate", "Created Date", "Last Modified", "created_date"),
        "amount": ("Amount", "amount"),
        "currency": ("CurrencyIsoCode", "Currency ISO Code", "currency_iso_code"),
        "expected_close_on": ("CloseDate", "Close Date", "close_date"),
        "forecast_category": ("ForecastCategory", "To Forecast Category", "forecast_category"),
        "is_deleted": ("IsDeleted", "_fivetran_deleted"),
    },
    "line_items": {
        "id": ("Id", "Line Item ID", "Opportunity Product ID"),
        "opportunity_id": ("OpportunityId", "Opportunity ID", "opportunity_id"),
        # The product's own name first: an OpportunityLineItem's Name joins the deal's name to it.
        "product": ("Product2.Name", "Product Name", "Name", "product_name", "name"),
        "product_code": ("ProductCode", "Product Code", "product_code"),
        "product_id": ("Product2Id", "Product ID", "product_2_id", "product2_id"),
        "quantity": ("Quantity", "quantity"),
        "unit_price": ("UnitPrice", "Sales Price", "unit_price"),
        "amount": ("TotalPrice", "Total Price", "total_price"),
        "currency": ("CurrencyIsoCode", "Currency ISO Code", "currency_iso_code"),
        "is_deleted": ("IsDeleted", "_fivetran_deleted"),
    },
}

# HubSpot: UI export labels, the `property_*` names of API extracts, and the property-history shape
# (one row per change: deal id, the property's name, its new value, when).
HUBSPOT: dict[str, dict[str, tuple[str, ...]]] = {
    "stage_history": {
        "opportunity_id": ("deal_id", "dealId", "Deal ID", "Record ID", "hs_object_id"),
        "stage": ("property_dealstage", "dealstage", "Deal Stage", "value"),
        "changed_on": ("timestamp", "Timestamp", "changed_at", "Date entered stage"),
        "currency": ("property_deal_currency_code", "Deal Currency Code", "Currency"),
        "amount": ("property_amount", "Amount"),
        "expected_close_on": ("property_closedate", "Close Date"),
        # Which property a property-history row changed: only `dealstage` rows are stage history.
        "property": ("name", "property", "property_name"),
        "is_deleted": ("_fivetran_deleted",),
    },
    "line_items": {
        "id": ("hs_object_id", "id", "Record ID", "Line Item ID"),
        "opportunity_id": ("deal_id", "dealId", "Deal ID", "Associated Deal", "Associated Deal IDs"),
        "product": ("property_name", "Name"),
        "product_code": ("property_hs_sku", "SKU"),
        "product_id": ("property_hs_product_id", "Product ID"),
        "quantity": ("property_quantity", "Quantity"),
        "unit_price": ("property_price", "Unit price", "Unit Price"),
        "amount": ("property_amount", "Net price", "Amount"),
        "currency": ("property_hs_line_item_currency_code", "Currency", "Line item currency code"),
        "is_deleted": ("archived", "_fivetran_deleted"),
    },
}
