"""Speaker labels in caption and text transcripts (`Ann Lee: we looked at Acme`) and the organisation a label
may carry ("Greg K | Lido", "Etan (Nimbus)", "Jo Park - Initech").

A line's `Word: rest` is a speaker label only when the label reads as a name and the file is a speaker-labelled
transcript (a name-like label recurs, or several label most lines): "Next steps with Docker: pricing on Friday"
names no one, and a one-off "Agenda: ..." in meeting notes is the text, not a speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from partnerops.ingest.conversations.model import SideRule, Utterance

LABELLED = re.compile(r"^(?P<label>[^:\n]{1,80}?):\s+(?P<text>.*)$", re.DOTALL)
# "Name | Org", "Name (Org)", "Name [Org]", "Name - Org", "Name @ Org": the organisation a label names.
ORGANISATION = (
    re.compile(r"^(?P<name>[^|]+?)\s*\|\s*(?P<org>[^|]+)$"),
    re.compile(r"^(?P<name>.+?)\s*[(\[](?P<org>[^()\[\]]+)[)\]]$"),
    re.compile(r"^(?P<name>.+?)\s+[-–—@]{1,2}\s+(?P<org>.+)$"),
)
NAME_WORD = re.compile(r"^[\w.'’-]+$")
# Lower-case words a name may hold ("Ludwig van Beethoven", "Maria de la Cruz", "Speaker 1").
PARTICLES = frozenset({"de", "del", "della", "der", "den", "di", "da", "dos", "du", "la", "le", "van", "von", "bin",
                       "al", "y", "ter", "zu", "st"})
MAX_NAME_WORDS = 5
TITLE_WORDS = frozenset({"chief", "officer", "president", "vice", "director", "analyst", "manager", "head", "founder",
                         "cofounder", "chairman", "chair", "ceo", "cfo", "coo", "cto", "cio", "cmo", "vp", "svp",
                         "evp", "treasurer", "secretary", "operator", "investor", "relations", "executive", "engineer",
                         "lead", "counsel"})


# ">> " opens a new speaker's words in captions and court-reporter transcripts (">> MAYOR REYES: ..."); it quotes
# nothing.
SPEAKER_CHANGE = re.compile(r"^[ \t]*>>[ \t]*(?=\S)", re.MULTILINE)


def without_speaker_change(text: str) -> str:
    return SPEAKER_CHANGE.sub("", text)


@dataclass(frozen=True)
class Speaker:
    name: str
    affiliation: str | None = None


def split_affiliation(label: str) -> Speaker:
    """"Greg K | Lido" -> Greg K of Lido; a label without an organisation is the name alone, and a job title
    ("Etan Levi -- Chief Executive Officer", as earnings-call transcripts write it) is no organisation."""
    label = " ".join(label.split())
    for pattern in ORGANISATION:
        found = pattern.match(label)
        if found and found["name"].strip() and found["org"].strip():
            # "Erik Woodring -- Morgan Stanley -- Analyst": the part that is not a job title is the organisation.
            orgs = [part.strip() for part in re.split(r"\s+[-–—]{1,2}\s+", found["org"]) if part.strip()]
            org = next((part for part in orgs if not _is_title(part)), None)
            return Speaker(found["name"].strip(), org)
    return Speaker(label)


def _is_title(text: str) -> bool:
    return bool(set(re.findall(r"[a-z]+", text.lower())) & TITLE_WORDS)


def is_name_like(label: str) -> bool:
    """A person's name or a generic speaker ("Speaker 1", "SPEAKER_01", "Operator"), with an optional
    organisation; not a phrase of ordinary words."""
    words = split_affiliation(label).name.split()
    if not words or len(words) > MAX_NAME_WORDS or not _capitalised(words[0]):
        return False
    return all(NAME_WORD.match(word) and (_capitalised(word) or word in PARTICLES) for word in words)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def label_of(line: str) -> tuple[str, str] | None:
    """(label, text) of a `Label: text` line whose label reads as a name, else None."""
    found = LABELLED.match(line)
    if found is None or not is_name_like(found["label"]):
        return None
    return found["label"].strip(), found["text"]


def speaker_labels(lines: Iterable[str]) -> frozenset[str]:
    """The labels of a file that are speakers: every name-like label, when one of them recurs or two or more
    label at least half of the lines."""
    texts = list(lines)
    counts = Counter(found[0] for found in map(label_of, texts) if found is not None)
    recurs = any(count > 1 for count in counts.values())
    dialogue = len(counts) > 1 and 2 * sum(counts.values()) >= len(texts)
    return frozenset(counts) if recurs or dialogue else frozenset()


def read_label(line: str, speakers: frozenset[str]) -> tuple[Speaker | None, str]:
    """The speaker and the spoken text of a line, given the file's speaker labels."""
    found = label_of(line)
    if found is None or found[0] not in speakers:
        return None, line
    return split_affiliation(found[0]), found[1]


def spoken(speaker: Speaker | None, text: str, seconds: float | None, rule: SideRule) -> Utterance:
    """The utterance of a (possibly unnamed) speaker, its side told by the rule from the name."""
    if speaker is None:
        return Utterance("", rule.side_of_speaker(""), text, seconds)
    return Utterance(speaker.name, rule.side_of_speaker(speaker.name), text, seconds,
                     affiliation=speaker.affiliation)
