"""The hand-written corpora of meetings, calls, chats and list threads (tests/fixtures/conversations/corpus, with
invented partners, and corpus-listed, with listed companies): the seeded trackers find their mentions with recall
>= 0.95 and precision >= 0.98, as bench/bench_signal_corpus.py reports them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_signal_corpus.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_signal_corpus", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up by name.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("corpus", "least"), [("corpus", 50), ("corpus-listed", 40)])
def test_the_corpus_mentions_are_found_with_the_target_precision_and_recall(corpus: str, least: int) -> None:
    bench = _bench()
    result = bench.score(bench.CORPORA / corpus)
    assert result.expected >= least
    assert result.recall >= 0.95, result.misses
    assert result.precision >= 0.98, result.false_mentions
