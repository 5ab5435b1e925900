"""Reading attribution policies from YAML files; the default one ships in the package."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from partnerops.domain.policy import AttributionPolicy, PolicyError
from partnerops.domain.settings_document import parse_settings

DEFAULT_POLICY = files("partnerops.attribution") / "policies" / "default.yaml"


def load_policy(path: Path | None = None) -> AttributionPolicy:
    """The policy in `path`, or the default policy when no path is given."""
    source = str(path) if path else "default policy"
    text = path.read_text(encoding="utf-8") if path else DEFAULT_POLICY.read_text(encoding="utf-8")
    return parse_settings(AttributionPolicy, text, source=source, what="policy", error=PolicyError)


def default_policy_text() -> str:
    return DEFAULT_POLICY.read_text(encoding="utf-8")
