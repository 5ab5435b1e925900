"""From a parsed file to signal candidates: one pass of the matcher over the file's text (whitespace folded, one
voice's lines joined), then the word, exclusion and speaker rules. Quoted email text gives quoted mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from partnerops.ingest.conversations.model import Conversation, Side, Utterance
from partnerops.signals.catalog import TrackerCatalog
from partnerops.signals.match_text import FileText, MatchText, continues, file_text, match_text
from partnerops.signals.phrases import Hit
from partnerops.signals.trackers import SpeakerFilter, Tracker

SNIPPET_CHARS = 240
PRONOUN_I = re.compile(r"\bI\b")
ADDRESS_BEFORE = re.compile(r"[\w.+-]@$")
DOMAIN_AT = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
CONTEXT_UTTERANCES = 3

__all__ = ["FileText", "Mention", "counted_hits", "file_text", "mentions", "snippet"]


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

    @property
    def quoted(self) -> bool:
        return self.utterance.quoted


def mentions(catalog: TrackerCatalog, conversations: list[Conversation]) -> list[Mention]:
    joined = file_text(conversations)
    matched = match_text(joined)
    counted = counted_hits(catalog, matched.text)
    found = [_mention(catalog, joined, matched, conversations, hit) for hit in counted]
    return [m for m in found if _speaker_counts(m.tracker.rules.speaker, m.utterance.side)]


def counted_hits(catalog: TrackerCatalog, text: str) -> list[Hit]:
    """Whole-word alias hits outside their tracker's exclusions, one per place and tracker (its longest)."""
    hits = [h for h in catalog.matcher.find_words(text)
            if (not catalog.phrases[h.phrase].uncased_only or _uncased_around(text, h)) and not _in_address(text, h)]
    return _longest_per_tracker(_not_excluded(hits, catalog), catalog)


def _in_address(text: str, hit: Hit) -> bool:
    """Whether the hit is the domain of an email address ("jo@lido.io"): who someone is, as a sender's
    affiliation is, not a mention. A list archive's "jo at lido.io" cannot be told from "our contact at
    lido.io", so it counts."""
    return bool(DOMAIN_AT.match(text, hit.start)) and bool(ADDRESS_BEFORE.search(text, max(0, hit.start - 64),
                                                                             hit.start))


def _uncased_around(text: str, hit: Hit) -> bool:
    """Whether the voice's text around the hit has no capital letter but the pronoun "I"."""
    line = text[text.rfind("\n", 0, hit.start) + 1:_line_end(text, hit.end)]
    return not any(c.isupper() for c in PRONOUN_I.sub("", line))


def _line_end(text: str, end: int) -> int:
    found = text.find("\n", end)
    return len(text) if found < 0 else found


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


def _mention(catalog: TrackerCatalog, joined: FileText, matched: MatchText, conversations: list[Conversation],
             hit: Hit) -> Mention:
    start, end = matched.file_offset(hit.start), matched.file_offset(hit.end - 1) + 1
    first, last = joined.index_at(start), joined.index_at(end - 1)
    number, utterance = joined.places[first]
    started = conversations[number].started_at
    when = started
    if started is not None and utterance.at_seconds is not None:
        when = started + timedelta(seconds=utterance.at_seconds)
    begin, finish = _voice_around(joined, first, last)
    spoken = " ".join(joined.places[i][1].text for i in range(begin, finish + 1))
    # The utterances are joined by newlines in the file's text and by one space in `spoken`: the same length.
    local = start - joined.starts[begin]
    tracker = catalog.trackers[catalog.phrases[hit.phrase].tracker]
    return Mention(tracker, start, " ".join(joined.text[start:end].split()),
                   snippet(spoken, local, end - joined.starts[begin]), number, utterance, when)


def _voice_around(joined: FileText, first: int, last: int) -> tuple[int, int]:
    """The utterances around a hit that go on in the same voice (an email's wrapped lines, one speaker's cues),
    up to CONTEXT_UTTERANCES each way: the evidence reads as the sentence it is in."""
    begin, finish = first, last
    while begin > max(0, first - CONTEXT_UTTERANCES) and continues(joined.places[begin - 1], joined.places[begin]):
        begin -= 1
    limit = min(len(joined.places) - 1, last + CONTEXT_UTTERANCES)
    while finish < limit and continues(joined.places[finish], joined.places[finish + 1]):
        finish += 1
    return begin, finish


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
