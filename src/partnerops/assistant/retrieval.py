"""Finding the passages that answer a question: BM25 and embeddings ranked separately, then fused by
reciprocal rank (RRF), so neither a keyword match nor a paraphrase alone decides."""

from __future__ import annotations

from dataclasses import dataclass

import bm25s
import numpy as np
import Stemmer
from sqlalchemy import Connection, select

from partnerops.assistant.embeddings import Vectors, embed, from_bytes
from partnerops.store.assistant_tables import document_passages, program_documents

# The usual RRF constant (Cormack et al. 2009): damps the weight of the very top ranks.
RRF_K = 60
_stemmer = Stemmer.Stemmer("english")
_built: dict[tuple[str, tuple[tuple[int, str], ...]], _Corpus] = {}


@dataclass(frozen=True)
class PassageHit:
    passage_id: int
    document_id: int
    document: str
    heading: str
    anchor: str
    text: str
    keyword_score: float
    similarity: float
    fused: float


@dataclass(frozen=True)
class _Corpus:
    rows: tuple[tuple[int, int, str, str, str, str], ...]
    vectors: Vectors
    index: bm25s.BM25 | None


def search_passages(conn: Connection, question: str, limit: int = 5) -> list[PassageHit]:
    """The `limit` best passages for `question`, best first."""
    corpus = _corpus(conn)
    if not corpus.rows:
        return []
    keyword = _keyword_scores(corpus, question)
    similarity = corpus.vectors @ embed([question])[0]
    fused = _fuse(keyword, similarity)
    best = np.argsort(-fused, kind="stable")[:limit]
    return [_hit(corpus.rows[i], float(keyword[i]), float(similarity[i]), float(fused[i])) for i in best]


def _fuse(keyword: np.ndarray, similarity: np.ndarray) -> np.ndarray:
    """RRF over the two rankings; a passage sharing no term with the question gets no keyword rank."""
    fused = 1.0 / (RRF_K + _ranks(similarity))
    return fused + np.where(keyword > 0, 1.0 / (RRF_K + _ranks(keyword)), 0.0)


def _ranks(scores: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(scores), dtype=np.float64)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return ranks


def _keyword_scores(corpus: _Corpus, question: str) -> np.ndarray:
    tokens = _tokens([question])[0]
    if corpus.index is None or not tokens:
        return np.zeros(len(corpus.rows))
    return np.asarray(corpus.index.get_scores(tokens), dtype=np.float64)


def _tokens(texts: list[str]) -> list[list[str]]:
    found = bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer, return_ids=False, show_progress=False)
    return [list(tokens) for tokens in found]


def _signature(conn: Connection) -> tuple[tuple[int, str], ...]:
    """Which documents, at which content, the store holds: the cached index is rebuilt when it changes."""
    d = program_documents.c
    return tuple((int(r.id), str(r.content_sha256)) for r in conn.execute(select(d.id, d.content_sha256)))


def _corpus(conn: Connection) -> _Corpus:
    """The passages with their vectors and BM25 index, built once per database and set of documents."""
    key = (str(conn.engine.url), _signature(conn))
    if key not in _built:
        _built.clear()
        _built[key] = _load_corpus(conn)
    return _built[key]


def _load_corpus(conn: Connection) -> _Corpus:
    p, d = document_passages.c, program_documents.c
    query = (
        select(p.id, p.document_id, d.name, p.heading, p.anchor, p.text, p.embedding)
        .join(program_documents, d.id == p.document_id)
        .order_by(p.id)
    )
    found = conn.execute(query).all()
    rows = tuple((int(r.id), int(r.document_id), r.name, r.heading, r.anchor, r.text) for r in found)
    return _Corpus(rows, from_bytes([bytes(r.embedding) for r in found]), _bm25([f"{r[3]}\n{r[5]}" for r in rows]))


def _bm25(texts: list[str]) -> bm25s.BM25 | None:
    if not texts:
        return None
    index = bm25s.BM25()
    index.index(_tokens(texts), show_progress=False)
    return index


def _hit(row: tuple[int, int, str, str, str, str], keyword: float, similarity: float, fused: float) -> PassageHit:
    passage_id, document_id, document, heading, anchor, text = row
    return PassageHit(passage_id, document_id, document, heading, anchor, text, keyword, similarity, fused)
