"""Benchmark: the partner assistant's answer accuracy and retrieval recall@5 on labelled questions.

Loads the demo program (300 opportunities, 40 partners) through the real importers with a user per partner,
imports the sample program documents, then asks every labelled question (partnerops.assistant.evaluation):
26 document questions phrased unlike the documents, 4 questions nothing answers ("I don't know" is right),
and per partner its referral link, the status of its own registration, and another partner's registration
(which must be answered as unknown). Recall@5 is also measured for BM25 alone and embeddings alone, the two
rankings the hybrid fuses, as the peers the fusion must beat.

    .venv/bin/python bench/bench_assistant.py
    .venv/bin/python bench/bench_assistant.py --partners 5     # a quick run on the first 5 partners
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from assistant.demo_world import TODAY, load_demo  # noqa: E402
from partnerops.assistant.evaluation import (  # noqa: E402
    DOCUMENT_QUESTIONS,
    RECALL_AT,
    document_questions,
    evaluate,
    record_questions,
)
from partnerops.assistant.retrieval import search_passages  # noqa: E402
from partnerops.settings import Settings  # noqa: E402
from partnerops.store.database import make_engine, migrate  # noqa: E402


def single_ranking_recall(engine, score: str) -> float:  # type: ignore[no-untyped-def]
    """Recall@5 when passages are ranked by one score alone ("keyword_score" or "similarity")."""
    found = 0
    with engine.connect() as conn:
        for question, _, passage in DOCUMENT_QUESTIONS:
            hits = sorted(search_passages(conn, question, limit=100_000), key=lambda h: -getattr(h, score))
            found += any((h.document, h.heading) == passage for h in hits[:RECALL_AT])
    return found / len(DOCUMENT_QUESTIONS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--partners", type=int, default=None, help="Ask record questions for this many partners.")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        migrate(engine)
        program = load_demo(engine, Path(folder) / "exports")[: args.partners]
        settings = Settings(database_url=url)
        records = [q for partner in program for q in record_questions(engine, partner.principal, settings.base_url)]
        started = time.perf_counter()
        documents = evaluate(engine, document_questions(program[0].principal), settings, TODAY)
        own = evaluate(engine, records, settings, TODAY)
        seconds = time.perf_counter() - started
        keyword, meaning = single_ranking_recall(engine, "keyword_score"), single_ranking_recall(engine, "similarity")
        engine.dispose()
    asked = documents.answered + own.answered
    print(f"questions: {asked} ({len(program)} partners), answered in {seconds:.1f} s "
          f"({1000 * seconds / asked:.0f} ms per question)")  # fmt: skip
    print(f"answer accuracy, program documents: {documents.accuracy:.1%} ({documents.correct}/{documents.answered})")
    print(f"answer accuracy, partners' own records: {own.accuracy:.1%} ({own.correct}/{own.answered})")
    print(f"answer accuracy, all: {(documents.correct + own.correct) / asked:.1%}")
    print(f"retrieval recall@{RECALL_AT}: hybrid (RRF) {documents.recall_at_5:.1%} "
          f"({documents.retrieved}/{documents.retrieval_questions}); BM25 alone {keyword:.1%}; "
          f"embeddings alone {meaning:.1%}")  # fmt: skip
    for failure in documents.failures + own.failures:
        print(f"  miss: {failure}")


if __name__ == "__main__":
    main()
