"""Reading a versioned settings document (policy, rules of engagement, program settings) from a file, or the
default that ships in the package."""

from __future__ import annotations

from importlib.resources.abc import Traversable
from pathlib import Path

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
