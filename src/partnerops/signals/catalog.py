"""A tracker set compiled once: its phrases (aliases and exclusions of every tracker) in one matcher."""

from __future__ import annotations

from dataclasses import dataclass

from partnerops.signals.matcher import Engine, compile_matcher
from partnerops.signals.phrases import Matcher, Phrase
from partnerops.signals.trackers import Tracker


@dataclass(frozen=True)
class TrackerCatalog:
    trackers: tuple[Tracker, ...]
    phrases: tuple[Phrase, ...]
    matcher: Matcher


def tracker_phrases(trackers: tuple[Tracker, ...]) -> list[Phrase]:
    phrases: list[Phrase] = []
    for index, tracker in enumerate(trackers):
        rules = tracker.rules
        phrases += [Phrase(a, index, False, rules.case_sensitive, rules.whole_word) for a in rules.aliases]
        phrases += [Phrase(a, index, False, True, rules.whole_word) for a in rules.exact_case]
        # Automatic captions write every word in lower case, "aws" too: counted only where nothing is capitalised.
        phrases += [Phrase(a.lower(), index, False, True, rules.whole_word, uncased_only=True)
                    for a in rules.exact_case if a.isupper()]
        # Exclusions match whatever the case so "Snowflake storm" excludes however it is written.
        phrases += [Phrase(x, index, True, False, rules.whole_word) for x in rules.exclusions]
    return phrases


def compile_catalog(trackers: list[Tracker], engine: Engine = "auto") -> TrackerCatalog:
    ordered = tuple(trackers)
    phrases = tracker_phrases(ordered)
    return TrackerCatalog(ordered, tuple(phrases), compile_matcher(phrases, engine))
