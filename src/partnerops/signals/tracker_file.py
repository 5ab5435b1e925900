"""Trackers from a YAML file (`partnerops trackers load FILE`): a `trackers:` list, one mapping per tracker.

    trackers:
      - name: Acme Cloud
        kind: partner
        partner: Acme Cloud          # a partner's name or external id
        aliases: [Acme Cloud, acme-cloud.com, acme cloud]
        exclusions: []
        speaker: customer            # customer, ours or anyone
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from partnerops.signals.config_file import named_entries
from partnerops.signals.seeding import partner_id
from partnerops.signals.tracker_repo import save_tracker
from partnerops.signals.trackers import Tracker, TrackerKind, TrackerRuleError, rules_from_json


class TrackerFileError(ValueError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path


def read_tracker_file(path: Path) -> list[dict[str, Any]]:
    return named_entries(path, "trackers", lambda reason: TrackerFileError(path, reason))


def load_tracker_file(conn: Connection, path: Path, actor: str, now: datetime) -> list[Tracker]:
    """Save every tracker of the file; a tracker whose rules changed gets a new version."""
    saved = []
    for entry in read_tracker_file(path):
        try:
            rules = rules_from_json(entry)
            kind = TrackerKind(entry.get("kind", TrackerKind.THEME.value))
        except (TrackerRuleError, ValueError) as exc:
            raise TrackerFileError(path, f"tracker {entry['name']!r}: {exc}") from exc
        partner = partner_id(conn, str(entry["partner"])) if entry.get("partner") else None
        saved.append(save_tracker(conn, str(entry["name"]), kind, rules, actor, now, partner))
    return saved
