"""Column names of the deal history kinds (stage history, line items) in Salesforce and HubSpot exports, kept
apart from the kinds themselves so the format modules can read them without importing the store."""

from __future__ import annotations

SALESFORCE: dict[str, dict[str, tuple[str, ...]]] = {}
HUBSPOT: dict[str, dict[str, tuple[str, ...]]] = {}
