"""Reading attribution policies from YAML files; the default one ships in the package."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from partnerops.domain.policy import AttributionPolicy, PolicyError
from partnerops.store.settings_files import read_settings_file

DEFAULT_POLICY = files("partnerops.attribution") / "policies" / "default.yaml"


def load_policy(path: Path | None = None) -> AttributionPolicy:
    """The policy in `path`, or the default policy when no path is given."""
    return read_settings_file(AttributionPolicy, path, DEFAULT_POLICY, name="policy", what="policy",
                              error=PolicyError)


def default_policy_text() -> str:
    return DEFAULT_POLICY.read_text(encoding="utf-8")
