"""A partner's score: win rate, deal size and cycle time on the closed deals where the partner has a touch (not
rejected) or an account overlap (a matched or confirmed mapping of the deal's account), against the other deals
closed in the same span, with 95% intervals. A score rests on at least `MINIMUM_WON` won deals with the partner;
below that it is shown as not yet proven."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import numpy.typing as npt
import polars as pl
from sqlalchemy import Connection, select, union

from partnerops.analytics.currency import convert, load_rates
from partnerops.analytics.frames import read_frame
from partnerops.analytics.live import live_opportunity, live_touch
from partnerops.analytics.stats import Interval, uplift, win_rate
from partnerops.domain.enums import TouchStatus
from partnerops.domain.money import minor_digits
from partnerops.ecosystem.bootstrap import Columns, data_seed, interval
from partnerops.ecosystem.model import Estimate
from partnerops.mapping.matching import MatchStatus
from partnerops.store.mapping_tables import account_matches
from partnerops.store.tables import opportunities, touches

MINIMUM_WON = 10
METHOD = (
    "With the partner: closed deals where it has a touch that is not rejected or a matched or confirmed overlap "
    "of the deal's account. Without: every other deal closed between the first and last close of those deals.",
    "Win rate: won ÷ closed with a Wilson interval; uplift: the ratio of the two win rates (Katz log interval). "
    "Deal size: mean won amount, at the rate of its close day; cycle time: median days from creation to close of "
    "won deals; both with 95% bootstrap intervals seeded from the deals.",
    f"A score needs at least {MINIMUM_WON} won deals with the partner; with fewer it is not yet proven.",
)


@dataclass(frozen=True)
class ScoreSide:
    closed: int
    won: int
    win_rate: Interval
    deal_size: Estimate
    cycle_days: Estimate


@dataclass(frozen=True)
class PartnerScore:
    currency: str
    span: tuple[date, date] | None
    with_partner: ScoreSide
    without_partner: ScoreSide
    uplift: Interval
    draws: int

    @property
    def proven(self) -> bool:
        return self.with_partner.won >= MINIMUM_WON

    @property
    def method(self) -> tuple[str, ...]:
        return METHOD


def partner_score(conn: Connection, partner_id: int, currency: str, draws: int = 1000) -> PartnerScore:
    """The score of `partner_id` in `currency` (deals converted at their close day's rate)."""
    deals = _closed_deals(conn, currency)
    mine = deals.filter(pl.col("opportunity_id").is_in(_partner_deals(conn, partner_id).implode()))
    if mine.height == 0:
        empty = _side(mine, currency, draws)
        return PartnerScore(currency, None, empty, empty, uplift(0, 0, 0, 0), draws)
    span = (mine["closed_on"].min(), mine["closed_on"].max())
    others = deals.filter(~pl.col("opportunity_id").is_in(mine["opportunity_id"].implode()),
                          pl.col("closed_on").is_between(*span))  # fmt: skip
    with_partner, without_partner = _side(mine, currency, draws), _side(others, currency, draws)
    ratio = uplift(with_partner.won, with_partner.closed, without_partner.won, without_partner.closed)
    return PartnerScore(currency, span, with_partner, without_partner, ratio, draws)  # type: ignore[arg-type]


def _closed_deals(conn: Connection, currency: str) -> pl.DataFrame:
    o = opportunities.c
    closed = o.outcome.in_(("won", "lost")) & o.closed_on.is_not(None)
    frame = read_frame(conn, select(o.id.label("opportunity_id"), o.outcome, o.amount_minor, o.currency,
                                    o.created_on, o.closed_on).where(closed, live_opportunity()))  # fmt: skip
    converted = convert(frame.with_columns(rate_on=pl.col("closed_on")), load_rates(conn, currency), currency)
    return converted.with_columns(cycle_days=(pl.col("closed_on") - pl.col("created_on")).dt.total_days())


def _partner_deals(conn: Connection, partner_id: int) -> pl.Series:
    t, o, m = touches.c, opportunities.c, account_matches.c
    touched = select(t.opportunity_id).where(t.partner_id == partner_id, t.status != TouchStatus.REJECTED.value,
                                             live_touch())  # fmt: skip
    overlap = (select(o.id).join_from(opportunities, account_matches, m.account_id == o.account_id)
               .where(m.partner_id == partner_id,
                      m.status.in_((MatchStatus.MATCHED.value, MatchStatus.CONFIRMED.value))))  # fmt: skip
    ids = conn.execute(union(touched, overlap)).scalars().all()
    return pl.Series("opportunity_id", [int(i) for i in ids], dtype=pl.Int64)


def _side(deals: pl.DataFrame, currency: str, draws: int) -> ScoreSide:
    won = deals.filter(pl.col("outcome") == "won").sort("opportunity_id")
    amounts = won["value_minor"].drop_nulls().cast(pl.Float64).to_numpy()
    days = won["cycle_days"].cast(pl.Float64).to_numpy()
    seed = data_seed(won["opportunity_id"].to_numpy(), amounts, days)
    digits = minor_digits(currency)
    size = Estimate(None)
    if amounts.size:
        low, high = interval({"v": amounts}, _mean, draws, seed, places=0)
        size = Estimate(_major(Decimal(int(won["value_minor"].drop_nulls().sum())) / amounts.size, digits),
                        _major(low, digits), _major(high, digits), int(amounts.size))  # fmt: skip
    cycle = Estimate(None)
    if days.size:
        low, high = interval({"v": days}, _median, draws, seed, places=1)
        cycle = Estimate(Decimal(str(float(np.median(days)))).quantize(Decimal("0.1")), low, high, int(days.size))
    return ScoreSide(deals.height, won.height, win_rate(won.height, deals.height), size, cycle)


def _mean(c: Columns) -> npt.NDArray[np.float64]:
    return np.asarray(c["v"].mean(1), dtype=np.float64)


def _median(c: Columns) -> npt.NDArray[np.float64]:
    return np.asarray(np.median(c["v"], axis=1), dtype=np.float64)


def _major(minor: Decimal | None, digits: int) -> Decimal | None:
    return None if minor is None else minor.quantize(Decimal(1)).scaleb(-digits).quantize(Decimal(1).scaleb(-digits))
