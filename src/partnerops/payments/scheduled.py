"""The scheduled retry: every due payment line of every configured provider sent again (held lines whose holding
period ended, failed lines whose backoff is over, unknown outcomes under their same key), and sent lines whose
webhook never came settled by asking the provider."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from partnerops.payments.config import PROVIDERS, provider_named
from partnerops.payments.errors import ProviderNotConfigured
from partnerops.payments.execute import send_due
from partnerops.payments.lines import due
from partnerops.payments.providers import Provider
from partnerops.payments.reconcile import poll_unconfirmed
from partnerops.settings import Settings
from partnerops.sync.sealing import secret_key

__all__ = ["retry_due_payments"]


def retry_due_payments(engine: Engine, now: datetime, settings: Settings) -> dict[str, int]:
    """Counts of what the run did: lines sent, unknown (retried later), refused (retried later), waiting for
    details; sent lines without a webhook for an hour confirmed or found reversed by asking the provider."""
    counts = {"sent": 0, "unknown": 0, "refused": 0, "waiting": 0, "confirmed": 0, "reversed": 0}
    providers: dict[str, Provider] = {}
    for name in PROVIDERS:
        try:
            providers[name] = provider_named(name)
        except ProviderNotConfigured:
            continue
    if not providers:
        return counts
    polled = poll_unconfirmed(engine, providers, now)
    counts |= {"confirmed": polled.get("confirmed", 0), "reversed": polled.get("failed", 0)}
    with engine.connect() as conn:
        if not any(line.provider in providers for line in due(conn, now)):
            return counts
    report = send_due(engine, providers, secret_key(settings.secret_key), now)
    names = {"sent": "sent", "unknown": "unknown, will retry", "refused": "failed, will retry",
             "waiting": "waiting for details"}  # fmt: skip
    return counts | {count: report.outcomes[outcome] for count, outcome in names.items()}
