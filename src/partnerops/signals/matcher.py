"""Choosing the matcher: Hyperscan when it imports, pyahocorasick otherwise (or when asked for by name)."""

from __future__ import annotations

from typing import Literal

from partnerops.signals.aho_engine import AhoCorasickMatcher
from partnerops.signals.phrases import Matcher, Phrase

Engine = Literal["auto", "hyperscan", "ahocorasick"]


def compile_matcher(phrases: list[Phrase], engine: Engine = "auto") -> Matcher:
    if engine == "ahocorasick":
        return AhoCorasickMatcher(phrases)
    try:
        from partnerops.signals.hyperscan_engine import HyperscanMatcher
    except ImportError:
        if engine == "hyperscan":
            raise
        return AhoCorasickMatcher(phrases)
    return HyperscanMatcher(phrases)


def available_engines() -> list[Engine]:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return ["ahocorasick"]
    return ["hyperscan", "ahocorasick"]
