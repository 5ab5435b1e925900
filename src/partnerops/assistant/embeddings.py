"""Sentence embeddings from WordLlama, whose wheel carries its weights and tokenizer: loaded offline, never
downloaded. Vectors are unit length, so a dot product is the cosine similarity."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
import wordllama
from wordllama import WordLlama
from wordllama.inference import WordLlamaInference

DIMENSIONS = 256
Vectors = npt.NDArray[np.float32]


@cache
def _model() -> WordLlamaInference:
    # WordLlama looks for the tokenizer in <cache_dir>/tokenizers: pointing the cache at the installed package
    # makes it find the bundled files, and disable_download turns a missing file into an error, not a download.
    package = Path(wordllama.__file__).parent
    return WordLlama.load("l2_supercat", dim=DIMENSIONS, cache_dir=package, disable_download=True)


def embed(texts: list[str]) -> Vectors:
    """One unit vector per text (DIMENSIONS float32 values each)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(_model().embed(texts, norm=True), dtype=np.float32)
    return vectors


def to_bytes(vector: Vectors) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(blobs: list[bytes]) -> Vectors:
    if not blobs:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(blobs), DIMENSIONS).astype(np.float32)
