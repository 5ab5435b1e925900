"""Storing alert rules: each change writes a new version; removing a rule stops it, keeping its deliveries.

A YAML file (`partnerops alerts rule load FILE`) holds a `rules:` list, one mapping per rule:

    rules:
      - name: big-deal mentions
        tracker_kinds: [partner]
        open_deals_only: true
        min_amount: 50000
        currency: USD
        webhook: https://hooks.slack.com/services/T000/B000/XXXX
        emails: [partner-team@ourco.com]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, update

from partnerops.mail.queue import as_utc
from partnerops.signals.alert_rules import AlertRule, AlertRuleError, rule_from_json
from partnerops.signals.config_file import named_entries
from partnerops.store.alert_tables import alert_rule_versions, alert_rules


class AlertRuleNotFound(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no alert rule named {name!r} (see `partnerops alerts rule list`)")
        self.name = name


@dataclass(frozen=True)
class StoredRule:
    id: int
    name: str
    version: int
    rule: AlertRule
    # Signals stored from this moment on are "new" to the rule.
    created_at: datetime


def save_rule(conn: Connection, name: str, rule: AlertRule, actor: str, now: datetime) -> StoredRule:
    """Create the rule, or add a version when it changed; saving a removed rule brings it back."""
    row = conn.execute(select(alert_rules).where(alert_rules.c.name == name)).mappings().one_or_none()
    if row is None:
        values = {"name": name, "current_version": 1, "created_at": now, "updated_at": now}
        rule_id = int(conn.execute(alert_rules.insert().values(values).returning(alert_rules.c.id)).scalar_one())
        _add_version(conn, rule_id, 1, rule, actor, now)
        return StoredRule(rule_id, name, 1, rule, now)
    current = _stored(conn, row)
    changed = current.rule != rule
    version = current.version + 1 if changed else current.version
    if changed:
        _add_version(conn, current.id, version, rule, actor, now)
    conn.execute(update(alert_rules).where(alert_rules.c.id == current.id).values(
        current_version=version, removed_at=None, updated_at=now))
    return StoredRule(current.id, name, version, rule, current.created_at)


def _add_version(conn: Connection, rule_id: int, version: int, rule: AlertRule, actor: str, now: datetime) -> None:
    conn.execute(alert_rule_versions.insert().values(rule_id=rule_id, version=version, definition=rule.as_json(),
                                                     created_at=now, created_by=actor))


def remove_rule(conn: Connection, name: str, now: datetime) -> None:
    removed = conn.execute(update(alert_rules).where(alert_rules.c.name == name, alert_rules.c.removed_at.is_(None))
                           .values(removed_at=now, updated_at=now))
    if removed.rowcount != 1:
        raise AlertRuleNotFound(name)


def active_rules(conn: Connection) -> list[StoredRule]:
    query = select(alert_rules).where(alert_rules.c.removed_at.is_(None)).order_by(alert_rules.c.name)
    return [_stored(conn, row) for row in conn.execute(query).mappings()]


def _stored(conn: Connection, row: Any) -> StoredRule:
    definition = conn.execute(select(alert_rule_versions.c.definition).where(
        alert_rule_versions.c.rule_id == row["id"], alert_rule_versions.c.version == row["current_version"],
    )).scalar_one()
    return StoredRule(row["id"], row["name"], row["current_version"],
                      rule_from_json(definition, f"rule {row['name']!r}"), as_utc(row["created_at"]))


def load_rule_file(conn: Connection, path: Path, actor: str, now: datetime) -> list[StoredRule]:
    """Save every rule of the file; the whole file is checked before anything is saved."""
    rules = [(str(entry["name"]), rule_from_json({k: v for k, v in entry.items() if k != "name"},
                                                 f"{path}: rule {entry['name']!r}"))
             for entry in _entries(path)]
    return [save_rule(conn, name, rule, actor, now) for name, rule in rules]


def _entries(path: Path) -> list[dict[str, Any]]:
    return named_entries(path, "rules", lambda reason: AlertRuleError(f"{path}: {reason}"))
