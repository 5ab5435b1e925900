"""Open questions answered by quoting the program documents' best passages, with links to them."""

from __future__ import annotations

from sqlalchemy import Engine

from partnerops.assistant.answers import Answer, Intent, Question, Source, SourceKind, not_known
from partnerops.assistant.asker import Asker
from partnerops.assistant.retrieval import PassageHit, search_passages

# A passage supports an answer when it is close in meaning to the question, or close enough and sharing its
# words. Measured on the labelled questions in bench/bench_assistant.py (unanswerable ones included).
CLOSE_IN_MEANING = 0.45
CLOSE_WITH_SHARED_WORDS = 0.25
QUOTED = 3


def supports(hit: PassageHit) -> bool:
    shared_words = hit.keyword_score > 0
    return hit.similarity >= CLOSE_IN_MEANING or (shared_words and hit.similarity >= CLOSE_WITH_SHARED_WORDS)


def from_documents(engine: Engine, asker: Asker, question: Question) -> Answer:
    with engine.connect() as conn:
        hits = search_passages(conn, question.text)
    quoted = [hit for hit in hits if supports(hit)][:QUOTED]
    if not quoted:
        return not_known(Intent.DOCUMENTS, "nothing in the program documents answers that.", asker.contact)
    lines = [f"{hit.text}\n(“{hit.heading}”, {hit.document}, passage {hit.passage_id})" for hit in quoted]
    text = "From the program documents:\n\n" + "\n\n".join(lines)
    return Answer(Intent.DOCUMENTS, text, tuple(passage_source(hit) for hit in quoted), facts=tuple(lines))


def passage_source(hit: PassageHit) -> Source:
    label = f"{hit.document} — {hit.heading}"
    return Source(SourceKind.PASSAGE, hit.passage_id, label, f"/assistant/docs/{hit.document_id}#{hit.anchor}")
