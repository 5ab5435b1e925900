"""Precision and recall of partner mentions on the hand-written conversation corpora
(tests/fixtures/conversations/corpus, invented partners, and corpus-listed, listed companies): trackers seeded
from each corpus's partners.csv as `partnerops trackers seed` seeds them, every file read and matched as
`partnerops signals scan` reads it, and each mention found compared with truth.json (same file, partner and
quoted flag, and the truth's words in the mention's snippet; one to one).

    .venv/bin/python bench/bench_signal_corpus.py            # figures, then every miss and false mention
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.formats import read_conversation_file
from partnerops.ingest.conversations.model import side_rule
from partnerops.signals.catalog import compile_catalog
from partnerops.signals.extract import mentions
from partnerops.signals.seed_aliases import partner_rules
from partnerops.signals.trackers import Tracker, TrackerKind

CORPORA = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "conversations"
CORPUS = CORPORA / "corpus"
LISTED = CORPORA / "corpus-listed"
RULE = side_rule(["ourco.com"], ["Dana Rep"])


@dataclass
class Score:
    found: int = 0
    expected: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)
    false_mentions: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def _words(text: str) -> str:
    return " ".join(text.split())


def corpus_trackers(corpus: Path = CORPUS) -> list[Tracker]:
    with (corpus / "partners.csv").open(encoding="utf-8") as rows:
        return [Tracker(number, row["name"], TrackerKind.PARTNER, 1, partner_rules(row["name"], row["domain"]),
                        number) for number, row in enumerate(csv.DictReader(rows), start=1)]


def found_mentions(path: Path, trackers: list[Tracker]) -> list[tuple[str, bool, str]]:
    """(partner, quoted, snippet) of every mention the scan counts in the file."""
    try:
        conversations = read_conversation_file(path, RULE).conversations
    except ConversationParseError:
        return []
    return [(m.tracker.name, m.quoted, _words(m.snippet)) for m in mentions(compile_catalog(trackers), conversations)]


def score(corpus: Path = CORPUS) -> Score:
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))["mentions"]
    trackers, result = corpus_trackers(corpus), Score()
    for file in sorted({entry["file"] for entry in truth} | {p.name for p in corpus.iterdir()} - {
            "partners.csv", "truth.json", "README.md"}):
        expected = [e for e in truth if e["file"] == file]
        found = found_mentions(corpus / file, trackers)
        result.found, result.expected = result.found + len(found), result.expected + len(expected)
        for entry in expected:
            match = next((m for m in found if (m[0], m[1]) == (entry["partner"], entry["quoted"])
                          and _words(entry["near"]) in m[2]), None)
            if match is None:
                result.misses.append(f"{file}: {entry['partner']} {'(quoted) ' if entry['quoted'] else ''}"
                                     f"near {entry['near']!r}")
            else:
                found.remove(match)
                result.correct += 1
        result.false_mentions += [f"{file}: {partner} in {snippet!r}" for partner, _, snippet in found]
    return result


def main() -> None:
    total = Score()
    for corpus in (CORPUS, LISTED):
        result = score(corpus)
        print(f"{corpus.name}: {result.expected} mentions, {result.found} found, {result.correct} right")
        print(f"  precision {result.precision:.3f}  recall {result.recall:.3f}")
        for miss in result.misses:
            print(f"    missed  {miss}")
        for wrong in result.false_mentions:
            print(f"    wrong   {wrong}")
        total.found, total.expected = total.found + result.found, total.expected + result.expected
        total.correct += result.correct
    print(f"both: precision {total.precision:.3f}  recall {total.recall:.3f}")


if __name__ == "__main__":
    main()
