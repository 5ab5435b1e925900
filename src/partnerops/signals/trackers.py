"""Trackers: a named phrase set for one partner or theme, with exclusions, word and case rules, a speaker filter."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any


class TrackerKind(StrEnum):
    PARTNER = "partner"
    INTEGRATION = "integration"
    MARKETPLACE = "marketplace"
    IMPLEMENTATION_PARTNER = "implementation_partner"
    COMPETITOR = "competitor"
    THEME = "theme"


class SpeakerFilter(StrEnum):
    """Whose words count. A speaker whose side the source cannot tell (a bare VTT label) passes every filter."""

    ANYONE = "anyone"
    CUSTOMER = "customer"
    OURS = "ours"


class TrackerRuleError(ValueError):
    """A tracker definition that cannot be used (no aliases, an empty phrase)."""


@dataclass(frozen=True)
class TrackerRules:
    aliases: tuple[str, ...]
    exclusions: tuple[str, ...] = ()
    whole_word: bool = True
    case_sensitive: bool = False
    speaker: SpeakerFilter = SpeakerFilter.ANYONE
    # Aliases matched only as written, whatever `case_sensitive` says: acronyms ("AWS" but not "aws" or "Aws").
    exact_case: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        rules = {"aliases": list(self.aliases), "exclusions": list(self.exclusions), "whole_word": self.whole_word,
                 "case_sensitive": self.case_sensitive, "speaker": self.speaker.value}
        return rules | ({"exact_case": list(self.exact_case)} if self.exact_case else {})


@dataclass(frozen=True)
class Tracker:
    id: int
    name: str
    kind: TrackerKind
    version: int
    rules: TrackerRules
    partner_id: int | None = None


def rules_from_json(values: dict[str, Any]) -> TrackerRules:
    """Validated rules from a stored or loaded mapping; phrases are trimmed, blank ones refused, duplicates dropped."""
    rules = TrackerRules(
        aliases=_phrases(values.get("aliases", [])), exclusions=_phrases(values.get("exclusions", [])),
        whole_word=bool(values.get("whole_word", True)), case_sensitive=bool(values.get("case_sensitive", False)),
        speaker=SpeakerFilter(values.get("speaker", SpeakerFilter.ANYONE.value)),
        exact_case=_phrases(values.get("exact_case", [])),
    )
    if not rules.aliases and not rules.exact_case:
        raise TrackerRuleError("a tracker needs at least one alias")
    return replace(rules, aliases=_distinct(rules.aliases, rules.case_sensitive),
                   exclusions=_distinct(rules.exclusions, rules.case_sensitive),
                   exact_case=_distinct(rules.exact_case, True))


def _phrases(values: object) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise TrackerRuleError(f"phrases must be a list, got {values!r}")
    phrases = tuple(" ".join(str(v).split()) for v in values)
    if any(not p for p in phrases):
        raise TrackerRuleError("a phrase is blank")
    return phrases


def _distinct(phrases: tuple[str, ...], case_sensitive: bool) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for phrase in phrases:
        seen.setdefault(phrase if case_sensitive else phrase.lower(), phrase)
    return tuple(seen.values())
