"""Reading a YAML config file that holds one list of named mappings (`trackers:`, `rules:`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml


def named_entries(path: Path, key: str, failure: Callable[[str], Exception]) -> list[dict[str, Any]]:
    """The `key:` list of `path`; `failure(reason)` is raised when the file is unreadable or not that shape."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise failure(f"cannot read YAML: {exc}") from exc
    entries = document.get(key) if isinstance(document, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("name") for e in entries):
        raise failure(f"expected a `{key}:` list of mappings, each with a name")
    return entries
