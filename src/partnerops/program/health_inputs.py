"""The raw inputs of the partner health score, for every partner at once as of a day: mean PSAT, portal
sign-ins of the partner's users, trainings completed, won attributed deals, and days since the last deal."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import polars as pl
from sqlalchemy import Connection, func, select

from partnerops.analytics.frames import read_frame
from partnerops.analytics.live import live_opportunity, live_partner
from partnerops.program.program_settings import HealthSettings
from partnerops.store.attribution_runs import NoAttributionRun, find_run
from partnerops.store.auth_tables import login_attempts
from partnerops.store.program_tables import enablement_completions, psat_responses
from partnerops.store.tables import attribution_results, opportunities, partners, users

RAW_COLUMNS = ("psat", "portal_activity", "trainings", "deals", "recency")


def health_inputs(conn: Connection, settings: HealthSettings, as_of: date) -> pl.DataFrame:
    """partner_id and one raw column per input (psat and recency are null when there is no survey or deal)."""
    frame = read_frame(conn, select(partners.c.id.label("partner_id")).where(live_partner()))
    for part in (_psat(conn, settings, as_of), _sign_ins(conn, settings, as_of), _trainings(conn, settings, as_of),
                 *_deals(conn, settings, as_of)):  # fmt: skip
        frame = frame.join(part, on="partner_id", how="left")
    counts = ("portal_activity", "trainings", "deals")
    return frame.with_columns(pl.col(counts).fill_null(0)).select("partner_id", *RAW_COLUMNS)


def _psat(conn: Connection, settings: HealthSettings, as_of: date) -> pl.DataFrame:
    p = psat_responses.c
    since = as_of - timedelta(days=settings.psat_days)
    answers = read_frame(conn, select(p.partner_id, p.score).where(p.responded_on > since, p.responded_on <= as_of))
    return answers.group_by("partner_id").agg(psat=pl.col("score").cast(pl.Float64).mean())


def _sign_ins(conn: Connection, settings: HealthSettings, as_of: date) -> pl.DataFrame:
    a, u = login_attempts.c, users.c
    end = datetime.combine(as_of, time.max, tzinfo=UTC)
    query = (
        select(u.partner_id, func.count().label("portal_activity"))
        .join_from(login_attempts, users, u.email == a.email)
        .where(u.partner_id.is_not(None), a.succeeded.is_(True), a.at > end - timedelta(days=settings.activity_days),
               a.at <= end)
        .group_by(u.partner_id)
    )  # fmt: skip
    return read_frame(conn, query)


def _trainings(conn: Connection, settings: HealthSettings, as_of: date) -> pl.DataFrame:
    e = enablement_completions.c
    since = as_of - timedelta(days=settings.trainings_days)
    query = (select(e.partner_id, func.count().label("trainings"))
             .where(e.completed_on > since, e.completed_on <= as_of).group_by(e.partner_id))  # fmt: skip
    return read_frame(conn, query)


def _deals(conn: Connection, settings: HealthSettings, as_of: date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Won attributed deals closed in the window, and days since the partner's last attributed deal was created."""
    empty = (pl.DataFrame(schema={"partner_id": pl.Int64, "deals": pl.UInt32}),
             pl.DataFrame(schema={"partner_id": pl.Int64, "recency": pl.Int64}))  # fmt: skip
    try:
        run = find_run(conn)
    except NoAttributionRun:
        return empty
    o, a = opportunities.c, attribution_results.c
    attributed = read_frame(conn, select(a.partner_id, o.outcome, o.created_on, o.closed_on)
                            .join_from(attribution_results, opportunities, o.id == a.opportunity_id)
                            .where(a.run_id == run.id, live_opportunity(), o.created_on <= as_of))  # fmt: skip
    since = as_of - timedelta(days=settings.deals_days)
    won = attributed.filter((pl.col("outcome") == "won") & (pl.col("closed_on") > since)
                            & (pl.col("closed_on") <= as_of))  # fmt: skip
    last = attributed.group_by("partner_id").agg(
        recency=(pl.lit(as_of) - pl.col("created_on").max()).dt.total_days()
    )
    return won.group_by("partner_id").agg(deals=pl.len()), last
