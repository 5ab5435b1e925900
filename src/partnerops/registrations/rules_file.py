"""Reading registration rules from YAML files: the rules in force are the file PARTNEROPS_REGISTRATION_RULES
names, else the default rules that ship in the package."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from partnerops.domain.registration_rules import RulesError
from partnerops.domain.registration_settings import RegistrationRules
from partnerops.settings import get_settings
from partnerops.store.settings_files import read_configured_file

DEFAULT_RULES = files("partnerops.registrations") / "rules" / "default.yaml"


def load_rules(path: Path | None = None) -> RegistrationRules:
    """The rules in `path`, else the rules in force (PARTNEROPS_REGISTRATION_RULES's file, else the defaults)."""
    return read_configured_file(RegistrationRules, path, get_settings().registration_rules, DEFAULT_RULES,
                                setting="PARTNEROPS_REGISTRATION_RULES", name="registration rules", what="rules",
                                error=RulesError)  # fmt: skip


def default_rules_text() -> str:
    return DEFAULT_RULES.read_text(encoding="utf-8")
