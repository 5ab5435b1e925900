"""Regions, countries and what follows from a country: currency, legal form and web domain."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    code: str
    region: str
    weight: float
    currency: str
    legal_form: str
    tld: str


COUNTRIES = (
    Country("US", "NA", 0.42, "USD", "Inc.", "com"),
    Country("CA", "NA", 0.08, "USD", "Ltd.", "ca"),
    Country("GB", "EMEA", 0.09, "GBP", "Ltd", "co.uk"),
    Country("DE", "EMEA", 0.07, "EUR", "GmbH", "de"),
    Country("FR", "EMEA", 0.05, "EUR", "SAS", "fr"),
    Country("NL", "EMEA", 0.03, "EUR", "B.V.", "nl"),
    Country("ES", "EMEA", 0.02, "EUR", "S.L.", "es"),
    Country("IE", "EMEA", 0.02, "EUR", "Ltd", "ie"),
    Country("SE", "EMEA", 0.02, "USD", "AB", "se"),
    Country("JP", "APAC", 0.05, "JPY", "K.K.", "co.jp"),
    Country("AU", "APAC", 0.04, "USD", "Pty Ltd", "com.au"),
    Country("SG", "APAC", 0.02, "USD", "Pte. Ltd.", "com.sg"),
    Country("IN", "APAC", 0.01, "USD", "Pvt. Ltd.", "in"),
    Country("BR", "LATAM", 0.04, "USD", "Ltda.", "com.br"),
    Country("MX", "LATAM", 0.03, "USD", "S.A. de C.V.", "com.mx"),
    Country("CL", "LATAM", 0.01, "USD", "SpA", "cl"),
)

SEGMENTS = ("enterprise", "mid_market", "smb")
SEGMENT_WEIGHTS = (0.2, 0.35, 0.45)
# How much larger a segment's deals are than the plan's median (which is for a mid-market deal).
SEGMENT_SIZE = {"enterprise": 2.6, "mid_market": 1.0, "smb": 0.45}
