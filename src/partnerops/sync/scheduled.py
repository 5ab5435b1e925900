"""The scheduled sync: every connection pulled, then its attribution pushed when its mapping names push fields; a
connection whose sync starts failing is mailed to the admins once (through the mail queue), not every run, and
sent through the alert deliveries of the alert rule its mapping names."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from partnerops.domain.roles import Role
from partnerops.mail.queue import enqueue
from partnerops.settings import Settings
from partnerops.signals.alert_rule_repo import AlertRuleNotFound
from partnerops.store.tables import attribution_runs, users
from partnerops.sync.connections import list_connections, load_connection
from partnerops.sync.errors import MappingInvalid
from partnerops.sync.failure_alerts import failure_message, queue_failure_alert
from partnerops.sync.mapping import default_mapping_path, load_mapping
from partnerops.sync.runs import FAILED, RunReport, SyncRunning, past_runs
from partnerops.sync.sealing import secret_key
from partnerops.sync.service import SyncOptions, connection_mapping, run_push, run_sync
from partnerops.sync.transport import RetryPolicy

COUNTED = ("inserted", "updated", "deleted", "quarantined", "written", "conflicts")


def sync_every_connection(engine: Engine, now: datetime, settings: Settings,
                          retry: RetryPolicy | None = None) -> dict[str, int]:
    """Pull (and push) each connection once; counts summed over all of them, with how many failed or were busy."""
    totals = dict.fromkeys(("connections", "failed", "busy", *COUNTED), 0)
    connections = list_connections(engine)
    key = secret_key(settings.secret_key) if connections else b""
    for connection in connections:
        totals["connections"] += 1
        try:
            reports = _sync_one(engine, connection["name"], key, settings, retry or RetryPolicy())
        except SyncRunning:
            totals["busy"] += 1
            continue
        for report in reports:
            _add(totals, report)
            if report.status == FAILED:
                totals["failed"] += 1
                _alert_once(engine, report, now, settings, _alert_rule(connection))
    return totals


def _sync_one(engine: Engine, name: str, key: bytes, settings: Settings, retry: RetryPolicy) -> list[RunReport]:
    options = SyncOptions(actor="scheduler", retry=retry)
    pulled = run_sync(engine, name, key, options)
    if pulled.status == FAILED:
        return [pulled]
    mapping = connection_mapping(load_connection(engine, name, key))
    attributed = mapping.push is not None and _attributed(engine)
    if not attributed and mapping.create_registered_in_stage is None:
        return [pulled]
    return [pulled, run_push(engine, name, key, settings.base_url, options, attribution=attributed)]


def _attributed(engine: Engine) -> bool:
    """Whether an attribution run exists to push (before the first one there is nothing to write)."""
    with engine.connect() as conn:
        return conn.execute(select(attribution_runs.c.id).limit(1)).first() is not None


def _add(totals: dict[str, int], report: RunReport) -> None:
    for counts in report.counts.values():
        for name in COUNTED:
            totals[name] += counts.get(name, 0)


def _alert_rule(connection: dict[str, Any]) -> str | None:
    """The alert rule the connection's mapping names (none when the mapping itself cannot be read)."""
    path = connection["mapping_path"]
    try:
        return load_mapping(Path(path) if path else default_mapping_path(connection["crm"])).alert_rule
    except MappingInvalid:
        return None


def _alert_once(engine: Engine, report: RunReport, now: datetime, settings: Settings, rule: str | None) -> None:
    """Mail the admins, and queue the mapping's alert rule deliveries, when this failure follows a run that did not
    fail."""
    runs = [r for r in past_runs(engine, report.connection, 10) if r["direction"] == report.direction]
    if len(runs) > 1 and runs[1]["status"] == FAILED:
        return
    subject, body = failure_message(report, settings.base_url)
    with engine.begin() as conn:
        if rule is not None:
            try:
                queue_failure_alert(conn, rule, report, now, settings.base_url)
            except AlertRuleNotFound as exc:
                body += f"\n(The mapping's alert_rule could not be used: {exc}.)\n"
        admins = conn.execute(select(users.c.email).where(users.c.role == Role.ADMIN.value,
                                                          users.c.disabled_at.is_(None))).scalars().all()
        for email in admins:
            enqueue(conn, email, subject, body, now)
