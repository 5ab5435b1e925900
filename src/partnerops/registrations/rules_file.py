"""Reading registration rules from YAML files; the default rules ship in the package."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from partnerops.domain.registration_rules import RulesError
from partnerops.domain.registration_settings import RegistrationRules
from partnerops.store.settings_files import read_settings_file

DEFAULT_RULES = files("partnerops.registrations") / "rules" / "default.yaml"


def load_rules(path: Path | None = None) -> RegistrationRules:
    """The rules in `path`, or the default rules when no path is given."""
    return _read_rules(path) if path else _default_rules()


@cache
def _default_rules() -> RegistrationRules:
    """The shipped rules are package data that cannot change while the process runs: parsed once."""
    return _read_rules(None)


def _read_rules(path: Path | None) -> RegistrationRules:
    return read_settings_file(RegistrationRules, path, DEFAULT_RULES, name="registration rules", what="rules",
                              error=RulesError)


def default_rules_text() -> str:
    return DEFAULT_RULES.read_text(encoding="utf-8")
