"""Whether an amount in one currency can ever be reported in another: the rates table holds a path (direct,
inverse or crossed, as `rate_paths` derives them). Submissions check it so a report never meets the gap later."""

from __future__ import annotations

from sqlalchemy import Connection, select

from partnerops.analytics.rate_paths import rate_series, rates_into
from partnerops.store.tables import currency_rates

__all__ = ["convertible_currencies", "has_rate_path"]


def convertible_currencies(connection: Connection, target: str) -> set[str]:
    """Every currency with a rate path into `target`, `target` itself included."""
    c = currency_rates.c
    rows = connection.execute(select(c.currency, c.quote_currency, c.valid_on, c.rate)).all()
    return set(rates_into(rate_series((r[0], r[1], r[2], r[3]) for r in rows), target)) | {target}


def has_rate_path(connection: Connection, currency: str, target: str) -> bool:
    return currency == target or currency in convertible_currencies(connection, target)
