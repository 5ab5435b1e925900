"""Reading a versioned settings document (policy, rules of engagement, program settings) from a file, or the
default that ships in the package."""

from __future__ import annotations

from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from partnerops.domain.settings_document import Model, parse_settings


def read_settings_file(model: type[Model], path: Path | None, default: Traversable, *, name: str, what: str,
                       error: type[ValueError]) -> Model:
    """The document in `path`, or `default` when there is none, as a `model`. A file that cannot be read,
    bad YAML and every field at fault raise `error` naming the file (or "default `name`")."""
    source = str(path) if path else f"default {name}"
    try:
        text = (path or default).read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{source}: cannot be read: {exc.strerror}") from exc
    return parse_settings(model, text, source=source, what=what, error=error)


def read_configured_file(model: type[Model], path: Path | None, configured: str | None, default: Traversable, *,
                         setting: str, name: str, what: str, error: type[ValueError]) -> Model:  # fmt: skip
    """The document in `path` when one is given; else the one in the file the setting names (read again whenever the
    file changes), else `default` (read once): what every surface decides with, so the CLI, API, pages and jobs
    agree."""
    if path:
        return read_settings_file(model, path, default, name=name, what=what, error=error)
    if not configured:
        return _cached(model, None, 0, default, name=name, what=what, error=error)
    named = Path(configured)
    try:
        stamp = named.stat().st_mtime_ns
    except OSError as exc:
        raise error(f"{configured} (named by {setting}): cannot be read: {exc.strerror}") from exc
    return _cached(model, named, stamp, default, name=name, what=what, error=error)


# Documents read, by model, file (None: the default) and the file's modification time.
_READ: dict[tuple[type, Path | None, int], Any] = {}


def _cached(model: type[Model], path: Path | None, stamp: int, default: Traversable, *, name: str, what: str,
            error: type[ValueError]) -> Model:  # fmt: skip
    key = (model, path, stamp)
    if key not in _READ:
        if len(_READ) >= 16:
            _READ.clear()
        _READ[key] = read_settings_file(model, path, default, name=name, what=what, error=error)
    found: Model = _READ[key]
    return found
