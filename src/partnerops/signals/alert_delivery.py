"""Sending due webhook deliveries: each is tried once per run; a failure is retried later with exponential
backoff (the mail queue's policy), and after the last attempt it is a dead letter, kept until replayed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import Engine, select, update

from partnerops.mail.delivery import DeliveryReport, RetryPolicy
from partnerops.signals.alert_outbox import Channel, DeliveryStatus
from partnerops.signals.webhook import WebhookRefused, post_alert, webhook_client
from partnerops.store.alert_tables import alert_deliveries


def deliver_webhooks(engine: Engine, now: datetime, policy: RetryPolicy | None = None,
                     client: httpx.Client | None = None) -> DeliveryReport:
    """Post every pending webhook delivery whose next attempt is due at `now`."""
    policy = policy or RetryPolicy()
    with client or webhook_client() as http:
        outcomes = [_deliver(engine, http, delivery_id, now, policy) for delivery_id in _due(engine, now)]
    return DeliveryReport(outcomes.count(DeliveryStatus.SENT), outcomes.count(DeliveryStatus.PENDING),
                          outcomes.count(DeliveryStatus.DEAD))


def _due(engine: Engine, now: datetime) -> list[int]:
    query = select(alert_deliveries.c.id).where(alert_deliveries.c.channel == Channel.WEBHOOK.value,
                                                alert_deliveries.c.status == DeliveryStatus.PENDING.value,
                                                alert_deliveries.c.next_attempt_at <= now)
    with engine.connect() as conn:
        return list(conn.scalars(query.order_by(alert_deliveries.c.id)))


def _deliver(engine: Engine, http: httpx.Client, delivery_id: int, now: datetime,
             policy: RetryPolicy) -> DeliveryStatus | None:
    delivery = _claim(engine, delivery_id, now, policy)
    if delivery is None:
        return None
    attempts = delivery["attempts"] + 1
    try:
        post_alert(http, delivery["destination"], delivery["payload"])
    except (httpx.HTTPError, WebhookRefused) as exc:
        status = DeliveryStatus.DEAD if attempts >= policy.max_attempts else DeliveryStatus.PENDING
        _record(engine, delivery_id, status=status.value, attempts=attempts, last_error=f"{type(exc).__name__}: {exc}",
                next_attempt_at=now + policy.delay(attempts))
        return status
    _record(engine, delivery_id, status=DeliveryStatus.SENT.value, attempts=attempts, sent_at=now, last_error=None)
    return DeliveryStatus.SENT


def _claim(engine: Engine, delivery_id: int, now: datetime, policy: RetryPolicy) -> dict[str, Any] | None:
    """Lease the delivery so a concurrent worker does not post it twice; None when another worker has it."""
    with engine.begin() as conn:
        claimed = conn.execute(update(alert_deliveries).where(
            alert_deliveries.c.id == delivery_id, alert_deliveries.c.status == DeliveryStatus.PENDING.value,
            alert_deliveries.c.next_attempt_at <= now).values(next_attempt_at=now + policy.lease))
        if claimed.rowcount != 1:
            return None
        return dict(conn.execute(select(alert_deliveries).where(alert_deliveries.c.id == delivery_id)).mappings().one())


def _record(engine: Engine, delivery_id: int, **values: object) -> None:
    with engine.begin() as conn:
        conn.execute(update(alert_deliveries).where(alert_deliveries.c.id == delivery_id).values(**values))
