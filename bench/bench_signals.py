"""Throughput of the signal matcher on generated transcript text: Hyperscan (ours) against pyahocorasick and
against Python `re` alternation, with 1,000 and 10,000 tracker phrases, on one core. Measured twice: the raw
occurrences a matcher reports, and the whole-word hits the scanner counts (`re` gives only those).

    .venv/bin/python bench/bench_signals.py                   # 500 MB per engine and phrase count
    .venv/bin/python bench/bench_signals.py --megabytes 50    # a quick run
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from partnerops.signals.aho_engine import AhoCorasickMatcher
from partnerops.signals.hyperscan_engine import HyperscanMatcher
from partnerops.signals.phrases import Phrase, fold_ascii, whole_word_hits

WORDS = ("the", "deal", "rollout", "budget", "security", "review", "pricing", "integration", "warehouse", "team",
         "quarter", "renewal", "pipeline", "contract", "legal", "procurement", "demo", "dashboard", "migrate")
CHUNK_MB = 8


def phrases(count: int, rng: random.Random) -> list[str]:
    syllables = ("ac", "me", "glo", "bex", "ini", "tech", "zen", "lo", "vor", "qua", "tri", "nex", "sol", "ar")
    names = {" ".join("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()
                      for _ in range(rng.randint(1, 2))) for _ in range(count * 2)}
    return sorted(names)[:count]


def transcript_chunk(rng: random.Random, names: list[str], megabytes: int) -> str:
    """Speaker-labelled sentences with a partner name in about one sentence in fifty."""
    lines, size = [], 0
    while size < megabytes * 1_000_000:
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
        if rng.random() < 0.02:
            words.insert(rng.randrange(len(words)), rng.choice(names))
        line = f"Speaker {rng.randint(1, 6)}: {' '.join(words)}."
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


def regex_matcher(names: list[str]) -> Callable[[str], int]:
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)
    return lambda text: sum(1 for _ in pattern.finditer(text))


def hyperscan_matcher(names: list[str], words: bool) -> Callable[[str], int]:
    matcher = HyperscanMatcher([Phrase(n, i) for i, n in enumerate(names)])
    find = matcher.find_words if words else matcher.find
    return lambda text: len(find(text))


def aho_matcher(names: list[str], words: bool) -> Callable[[str], int]:
    phrase_set = [Phrase(n, i) for i, n in enumerate(names)]
    matcher = AhoCorasickMatcher(phrase_set)
    if words:
        return lambda text: len(whole_word_hits(text, matcher.find(text), phrase_set))
    return lambda text: len(matcher.find(text))


@dataclass(frozen=True)
class Rate:
    wall: float
    cpu: float
    hits_per_pass: int


def throughput(find: Callable[[str], int], chunk: str, megabytes: int) -> Rate:
    """MB/s over `megabytes` of text (the chunk scanned repeatedly, or its start for less than a chunk), by the
    clock and by this process's CPU time (one core's work, whatever else the machine runs), and the hits found per
    pass."""
    chunk = chunk[:megabytes * 1_000_000]
    passes = max(1, megabytes // CHUNK_MB)
    hits, wall, cpu = 0, time.perf_counter(), time.process_time()
    for _ in range(passes):
        hits += find(chunk)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    scanned = passes * len(chunk.encode()) / 1e6
    return Rate(scanned / wall, scanned / cpu, hits // passes)


def run(count: int, megabytes: int, regex_megabytes: int) -> None:
    rng = random.Random(count)
    names = phrases(count, rng)
    chunk = transcript_chunk(rng, names, CHUNK_MB)
    assert fold_ascii(chunk) == chunk.lower()
    print(f"\n{count:,} phrases, {megabytes} MB per engine (re: {regex_megabytes} MB, same text)")
    for words, level in ((False, "raw occurrences (Matcher.find)"), (True, "whole-word hits (the scanner's)")):
        results = {"hyperscan": throughput(hyperscan_matcher(names, words), chunk, megabytes),
                   "pyahocorasick": throughput(aho_matcher(names, words), chunk, megabytes)}
        if words:
            results["re alternation"] = throughput(regex_matcher(names), chunk, regex_megabytes)
        ours = results["hyperscan"]
        print(f"  {level}")
        for label, rate in results.items():
            print(f"    {label:15} {rate.wall:9.2f} MB/s wall {rate.cpu:9.2f} MB/s CPU   ours ÷ it: "
                  f"{ours.wall / rate.wall:7.1f}x wall {ours.cpu / rate.cpu:7.1f}x CPU   "
                  f"hits per pass: {rate.hits_per_pass}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=int, default=504, help="Text scanned per engine (default 504).")
    parser.add_argument("--regex-megabytes", type=int, default=CHUNK_MB,
                        help="Text scanned by the `re` baseline, which is far slower (default 8, one chunk; less "
                             "scans the chunk's start).")
    args = parser.parse_args()
    for count in (1_000, 10_000):
        run(count, args.megabytes, min(args.regex_megabytes, args.megabytes))


if __name__ == "__main__":
    main()
