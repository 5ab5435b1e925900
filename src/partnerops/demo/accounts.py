"""The demo's customers and prospects, as a CRM holds them."""

from __future__ import annotations

import numpy as np
import polars as pl

from partnerops.demo.geography import COUNTRIES, SEGMENT_WEIGHTS, SEGMENTS
from partnerops.demo.names import company_stems
from partnerops.demo.salesforce_ids import ACCOUNT_PREFIX, random_start, salesforce_ids


def draw_accounts(rng: np.random.Generator, count: int) -> pl.DataFrame:
    """Accounts with Salesforce ids, names, domains, country, segment and region.

    `currency` is what the account is billed in and `appetite` how many deals it tends to bring.
    """
    weights = np.array([c.weight for c in COUNTRIES])
    countries = [COUNTRIES[i] for i in rng.choice(len(COUNTRIES), size=count, p=weights / weights.sum())]
    segments = rng.choice(len(SEGMENTS), size=count, p=SEGMENT_WEIGHTS)
    stems, labels = company_stems(rng, count)
    return pl.DataFrame({
        "id": salesforce_ids(ACCOUNT_PREFIX, random_start(rng), count),
        "name": [f"{stem} {country.legal_form}" for stem, country in zip(stems, countries, strict=True)],
        "domain": [f"{label}.{country.tld}" for label, country in zip(labels, countries, strict=True)],
        "country": [country.code for country in countries],
        "region": [country.region for country in countries],
        "segment": [SEGMENTS[s] for s in segments],
        "currency": [country.currency for country in countries],
        "appetite": rng.lognormal(0.0, 0.6, size=count) * np.array([1.8, 1.0, 0.7])[segments],
    })
