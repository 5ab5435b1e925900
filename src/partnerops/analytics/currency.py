"""Converting amounts to a reporting currency at the rate valid on a given day, exactly.

A rate is exact decimal text (1 currency = rate quote currency). Conversion runs in DuckDB on 128-bit
integers: minor units x rate, rounded half-even to the reporting currency's minor unit, as `Money.convert`
does one amount at a time. A missing rate is an error, never a dropped row; an unknown amount (an open deal's,
None) needs no rate and stays unknown.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from sqlalchemy import Connection, select, union

from partnerops.analytics.frames import read_frame
from partnerops.analytics.rate_paths import MissingRate as MissingRate  # where it was first defined
from partnerops.analytics.rate_paths import rate_series, rates_into
from partnerops.domain.money import known_currencies, minor_digits
from partnerops.store.tables import currency_rates

RATE_SCALE = 18
_RATE_PATTERN = rf"^[0-9]+(\.[0-9]{{1,{RATE_SCALE}}})?$"


class InvalidRate(ValueError):
    """A rate whose text is not a plain non-negative decimal with at most 18 places."""

    def __init__(self, currency: str, on: date, text: str) -> None:
        super().__init__(f"rate {text!r} for {currency} valid on {on.isoformat()} is not a plain decimal")


class UnknownReportingCurrency(LookupError):
    """A reporting currency that is no ISO 4217 code; the message lists the currencies that have rates."""

    def __init__(self, given: str, with_rates: list[str]) -> None:
        self.given, self.with_rates = given, with_rates
        if with_rates:
            hint = f"give one that has rates: {', '.join(with_rates)}"
        else:
            hint = "no rates are loaded yet: report in your deals' currency, or load rates with `partnerops import " \
                   "rates FILE`"
        super().__init__(f"{given!r} is not a currency code (ISO 4217, such as USD or EUR); {hint}")


def reporting_currency_code(connection: Connection, given: str) -> str:
    """GIVEN as an ISO 4217 code in capitals, or UnknownReportingCurrency naming the currencies that have rates."""
    code = given.strip().upper()
    if code in known_currencies():
        return code
    raise UnknownReportingCurrency(given, currencies_with_rates(connection))


def currencies_with_rates(connection: Connection) -> list[str]:
    """Every currency a stored rate converts from or into, in alphabetical order."""
    c = currency_rates.c
    both = union(select(c.currency.label("code")), select(c.quote_currency.label("code"))).subquery()
    return sorted(str(code) for code in connection.execute(select(both.c.code).distinct()).scalars())


def load_rates(connection: Connection, quote_currency: str) -> pl.DataFrame:
    """The rates into `quote_currency`: currency, valid_on, rate (exact text), derived where needed."""
    c = currency_rates.c
    table = read_frame(connection, select(c.currency, c.quote_currency, c.valid_on, c.rate))
    bad = table.filter(~table["rate"].str.contains(_RATE_PATTERN))
    if bad.height:
        row = bad.row(0, named=True)
        raise InvalidRate(row["currency"], row["valid_on"], row["rate"])
    derived = rates_into(rate_series(table.iter_rows()), quote_currency)
    rows = [(currency, day, f"{rate:f}") for currency, series in derived.items() for day, rate in series]
    return pl.DataFrame(
        rows, schema={"currency": pl.String, "valid_on": pl.Date, "rate": pl.String}, orient="row"
    )


def convert(amounts: pl.DataFrame, rates: pl.DataFrame, currency: str) -> pl.DataFrame:
    """`amounts` (amount_minor, currency, rate_on, ...) with `value_minor` added: the amount in `currency`
    (null where amount_minor is)."""
    import duckdb

    db = duckdb.connect()
    db.register("amounts", amounts)
    db.register("rates", _with_identity(rates, currency))
    db.register("scales", _scales(amounts, currency))
    joined = db.sql(_CONVERT_SQL).pl()
    missing = joined.filter(pl.col("rate_units").is_null() & pl.col("amount_minor").is_not_null())
    if missing.height:
        row = missing.sort("rate_on").row(0, named=True)
        raise MissingRate(row["currency"], currency, row["rate_on"])
    converted: pl.DataFrame = joined.drop("rate_units")
    return converted


def _with_identity(rates: pl.DataFrame, currency: str) -> pl.DataFrame:
    identity = pl.DataFrame(
        {"currency": [currency], "valid_on": [date.min], "rate": ["1"]},
        schema={"currency": pl.String, "valid_on": pl.Date, "rate": pl.String},
    )
    return pl.concat([rates.filter(pl.col("currency") != currency), identity])


def _scales(amounts: pl.DataFrame, currency: str) -> pl.DataFrame:
    """Per source currency, the powers of ten that move its minor units to the target's."""
    target = minor_digits(currency)
    sources = amounts["currency"].unique().to_list()
    shifts = [target - minor_digits(source) for source in sources]
    return pl.DataFrame(
        {
            "currency": sources,
            "up": [max(shift, 0) for shift in shifts],
            "down": [RATE_SCALE + max(-shift, 0) for shift in shifts],
        },
        schema={"currency": pl.String, "up": pl.Int64, "down": pl.Int64},
    )


_CONVERT_SQL = f"""
WITH rate_units AS (
    SELECT currency, valid_on,
           CAST(split_part(rate, '.', 1) AS HUGEINT) * CAST('1{"0" * RATE_SCALE}' AS HUGEINT)
           + CAST(rpad(split_part(rate, '.', 2), {RATE_SCALE}, '0') AS HUGEINT) AS units
    FROM rates
),
priced AS (
    SELECT a.*, r.units AS rate_units,
           abs(CAST(a.amount_minor AS HUGEINT)) * r.units
               * CAST('1' || repeat('0', CAST(s.up AS INTEGER)) AS HUGEINT) AS numerator,
           CAST('1' || repeat('0', CAST(s.down AS INTEGER)) AS HUGEINT) AS denominator
    FROM amounts a
    ASOF LEFT JOIN rate_units r ON a.currency = r.currency AND a.rate_on >= r.valid_on
    JOIN scales s ON s.currency = a.currency
)
SELECT * EXCLUDE (numerator, denominator),
       CAST(sign(amount_minor) * (
           numerator // denominator
           + CASE WHEN 2 * (numerator % denominator) > denominator
                    OR (2 * (numerator % denominator) = denominator AND (numerator // denominator) % 2 = 1)
                  THEN 1 ELSE 0 END
       ) AS BIGINT) AS value_minor
FROM priced
"""
