"""Evaluating alert rules over the stored signals: each rule's filters run over one frame of signals with their
tracker, partner and deal, and every match not alerted before gets its deliveries — exactly once per rule and
signal (or proposed touch), however often evaluation runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, select

from partnerops.analytics.currency import convert, load_rates
from partnerops.analytics.frames import read_frame
from partnerops.analytics.live import live_opportunity, live_partner
from partnerops.domain.enums import Outcome
from partnerops.domain.money import Money
from partnerops.signals.alert_messages import Alert
from partnerops.signals.alert_outbox import add_deliveries
from partnerops.signals.alert_rule_repo import StoredRule, active_rules
from partnerops.signals.alert_rules import AlertRule, Granularity
from partnerops.store.alert_tables import alert_deliveries
from partnerops.store.signal_tables import signals, trackers
from partnerops.store.tables import accounts, opportunities, partners


@dataclass(frozen=True)
class EvaluationReport:
    alerts: int = 0
    deliveries: int = 0


def evaluate_rules(engine: Engine, now: datetime) -> EvaluationReport:
    """Match every active rule against the signals it has not alerted on yet and queue their deliveries."""
    alerts = deliveries = 0
    with engine.begin() as conn:
        rules = active_rules(conn)
        if not rules:
            return EvaluationReport()
        candidates = _candidates(conn, rules)
        for stored in rules:
            fresh = _unalerted(conn, stored, matching(conn, stored, candidates, now))
            for row in fresh.iter_rows(named=True):
                deliveries += add_deliveries(conn, stored, _alert(stored, row), now)
            alerts += fresh.height
    return EvaluationReport(alerts, deliveries)


def _candidates(conn: Connection, rules: list[StoredRule]) -> pl.DataFrame:
    """Signals with their tracker, partner, deal and account, from the oldest moment any rule watches."""
    query = (select(signals.c.id.label("signal_id"), signals.c.touch_id, signals.c.file, signals.c.offset,
                    signals.c.phrase, signals.c.snippet, signals.c.speaker, signals.c.side, signals.c.created_at,
                    signals.c.opportunity_id, trackers.c.name.label("tracker"), trackers.c.kind.label("tracker_kind"),
                    partners.c.name.label("partner"), partners.c.external_id.label("partner_key"),
                    opportunities.c.name.label("deal"), opportunities.c.amount_minor, opportunities.c.currency,
                    opportunities.c.outcome, accounts.c.name.label("account"))
             .join(trackers, trackers.c.id == signals.c.tracker_id)
             .outerjoin(partners, partners.c.id == signals.c.partner_id)
             .outerjoin(opportunities, opportunities.c.id == signals.c.opportunity_id)
             .outerjoin(accounts, accounts.c.id == signals.c.account_id)
             # A signal on a deal or partner deleted in the CRM alerts no one (with no deal or partner: still live).
             .where(live_opportunity(), live_partner())
             # Quoted email text repeats an earlier message: no news for an alert.
             .where(signals.c.quoted.is_(False)))
    if not any(stored.rule.include_existing for stored in rules):
        query = query.where(signals.c.created_at >= min(stored.created_at for stored in rules))
    return read_frame(conn, query)


def matching(conn: Connection, stored: StoredRule, candidates: pl.DataFrame, now: datetime) -> pl.DataFrame:
    """The rows the rule matches; for a rule on touches, one row per proposed touch (its first mention)."""
    rule = stored.rule
    found = candidates.filter(_conditions(stored))
    if rule.threshold is not None and found.height:
        found = _worth_at_least(conn, found, rule.threshold, now)
    if rule.each is Granularity.TOUCH:
        found = (found.sort("offset", "signal_id").group_by("touch_id", maintain_order=True)
                 .agg(pl.all().first(), pl.len().alias("mentions")))
    return found.with_columns(subject_id=pl.col(_subject_column(rule)))


def _conditions(stored: StoredRule) -> list[pl.Expr]:
    rule: AlertRule = stored.rule
    conditions = [pl.lit(True)]
    if not rule.include_existing:
        # astimezone: PostgreSQL hands back "Etc/UTC", which Polars will not compare with "UTC".
        conditions.append(pl.col("created_at") >= stored.created_at.astimezone(UTC))
    for column, values in (("tracker_kind", [k.value for k in rule.tracker_kinds]), ("tracker", list(rule.trackers)),
                           ("side", [s.value for s in rule.sides])):
        if values:
            conditions.append(pl.col(column).is_in(values))
    if rule.partners:
        conditions.append(pl.col("partner").is_in(rule.partners) | pl.col("partner_key").is_in(rule.partners))
    if rule.open_deals_only:
        conditions.append(pl.col("outcome") == Outcome.OPEN.value)
    if rule.threshold is not None:
        conditions.append(pl.col("opportunity_id").is_not_null())
    if rule.each is Granularity.TOUCH:
        conditions.append(pl.col("touch_id").is_not_null())
    return conditions


def _worth_at_least(conn: Connection, found: pl.DataFrame, threshold: Money, now: datetime) -> pl.DataFrame:
    """Deals worth at least `threshold`, their amounts converted into its currency at today's rate."""
    priced = convert(found.with_columns(rate_on=pl.lit(now.date())), load_rates(conn, threshold.currency),
                     threshold.currency)
    return priced.filter(pl.col("value_minor") >= threshold.minor).drop("rate_on", "value_minor").sort("signal_id")


def _subject_column(rule: AlertRule) -> str:
    return "touch_id" if rule.each is Granularity.TOUCH else "signal_id"


def _unalerted(conn: Connection, stored: StoredRule, found: pl.DataFrame) -> pl.DataFrame:
    done = conn.execute(select(alert_deliveries.c.subject_id).where(
        alert_deliveries.c.rule_id == stored.id, alert_deliveries.c.subject_kind == stored.rule.each.value)).scalars()
    return found.filter(~pl.col("subject_id").is_in(list(done)))


def _alert(stored: StoredRule, row: dict[str, Any]) -> Alert:
    amount = Money.from_minor(row["amount_minor"], row["currency"]) if row["amount_minor"] is not None else None
    return Alert(rule=stored.name, tracker=row["tracker"], partner=row["partner"], deal=row["deal"],
                 account=row["account"], amount=amount, phrase=row["phrase"], snippet=row["snippet"],
                 speaker=row["speaker"], side=row["side"], file=row["file"], signal_id=row["signal_id"],
                 touch_id=row["touch_id"], mentions=row.get("mentions", 1))
