"""From a parsed file to signal candidates: one pass of the matcher, then the word, exclusion and speaker rules."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta

from partnerops.ingest.conversations.model import Conversation, Side, Utterance
from partnerops.signals.catalog import TrackerCatalog
from partnerops.signals.phrases import Hit
from partnerops.signals.trackers import SpeakerFilter, Tracker

SNIPPET_CHARS = 240


@dataclass(frozen=True)
class Mention:
    """One counted hit: which tracker, where in the file's text, and what was being said by whom."""

    tracker: Tracker
    offset: int
    phrase: str
    snippet: str
    conversation: int
    utterance: Utterance
    occurred_at: datetime | None


@dataclass(frozen=True)
class FileText:
    text: str
    starts: list[int]
    places: list[tuple[int, Utterance]]


def file_text(conversations: list[Conversation]) -> FileText:
    """The utterances of all conversations joined by newlines, with where each one starts."""
    starts, places, parts, at = [], [], [], 0
    for number, conversation in enumerate(conversations):
        for utterance in conversation.utterances:
            starts.append(at)
            places.append((number, utterance))
            parts.append(utterance.text)
            at += len(utterance.text) + 1
    return FileText("\n".join(parts), starts, places)


def mentions(catalog: TrackerCatalog, conversations: list[Conversation]) -> list[Mention]:
    joined = file_text(conversations)
    hits = catalog.matcher.find_words(joined.text)
    counted = _longest_per_tracker(_not_excluded(hits, catalog), catalog)
    found = [_mention(catalog, joined, conversations, hit) for hit in counted]
    return [m for m in found if _speaker_counts(m.tracker.rules.speaker, m.utterance.side)]


def _not_excluded(hits: list[Hit], catalog: TrackerCatalog) -> list[Hit]:
    """An alias hit inside the span of one of its tracker's exclusion hits does not count."""
    exclusions: dict[int, list[Hit]] = {}
    for hit in hits:
        if catalog.phrases[hit.phrase].excluded:
            exclusions.setdefault(catalog.phrases[hit.phrase].tracker, []).append(hit)
    return [h for h in hits if not catalog.phrases[h.phrase].excluded and not any(
        x.start <= h.start and h.end <= x.end for x in exclusions.get(catalog.phrases[h.phrase].tracker, []))]


def _longest_per_tracker(hits: list[Hit], catalog: TrackerCatalog) -> list[Hit]:
    """"Acme Cloud" and "Acme" at the same place are one mention of the tracker, by its longest alias."""
    kept: list[Hit] = []
    reach: dict[int, int] = {}
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start), h.phrase)):
        tracker = catalog.phrases[hit.phrase].tracker
        # Sorted by start, a hit lies inside an earlier kept hit of its tracker exactly when it ends before the
        # furthest end kept so far.
        if hit.end > reach.get(tracker, -1):
            kept.append(hit)
            reach[tracker] = hit.end
    return kept


def _mention(catalog: TrackerCatalog, joined: FileText, conversations: list[Conversation], hit: Hit) -> Mention:
    index = bisect_right(joined.starts, hit.start) - 1
    number, utterance = joined.places[index]
    local = hit.start - joined.starts[index]
    started = conversations[number].started_at
    when = started
    if started is not None and utterance.at_seconds is not None:
        when = started + timedelta(seconds=utterance.at_seconds)
    return Mention(catalog.trackers[catalog.phrases[hit.phrase].tracker], hit.start, joined.text[hit.start:hit.end],
                   snippet(utterance.text, local, local + hit.end - hit.start), number, utterance, when)


def snippet(text: str, start: int, end: int) -> str:
    """The sentence around the hit, cut to about SNIPPET_CHARS characters centred on it."""
    if len(text) <= SNIPPET_CHARS:
        return text
    left = max(0, min(start - SNIPPET_CHARS // 2, len(text) - SNIPPET_CHARS))
    cut = text[left:left + max(SNIPPET_CHARS, end - start)]
    return ("…" if left else "") + cut + ("…" if left + len(cut) < len(text) else "")


def _speaker_counts(wanted: SpeakerFilter, side: Side) -> bool:
    if wanted is SpeakerFilter.ANYONE or side is Side.UNKNOWN:
        return True
    return (wanted is SpeakerFilter.CUSTOMER) == (side is Side.CUSTOMER)
