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

import yaml
from sqlalchemy import Connection

from partnerops.signals.seeding import partner_id
from partnerops.signals.tracker_repo import save_tracker
from partnerops.signals.trackers import Tracker, TrackerKind, TrackerRuleError, rules_from_json


class TrackerFileError(ValueError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path


def read_tracker_file(path: Path) -> list[dict[str, Any]]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TrackerFileError(path, f"cannot read YAML: {exc}") from exc
    entries = document.get("trackers") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("name") for e in entries):
        raise TrackerFileError(path, "expected a `trackers:` list of mappings, each with a name")
    return entries


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
