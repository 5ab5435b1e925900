"""Reading attribution policies from YAML files; the default one ships in the package."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import yaml

from partnerops.domain.policy import AttributionPolicy, PolicyError

DEFAULT_POLICY = files("partnerops.attribution") / "policies" / "default.yaml"


def load_policy(path: Path | None = None) -> AttributionPolicy:
    """The policy in `path`, or the default policy when no path is given."""
    source = str(path) if path else "default policy"
    text = path.read_text(encoding="utf-8") if path else DEFAULT_POLICY.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PolicyError(f"{source}: not valid YAML: {exc}") from exc
    return AttributionPolicy.from_mapping(data, source=source)


def default_policy_text() -> str:
    return DEFAULT_POLICY.read_text(encoding="utf-8")
