"""Sentence embeddings from WordLlama, whose wheel carries its weights and tokenizer: loaded offline, never
downloaded. Vectors are unit length, so a dot product is the cosine similarity."""

from __future__ import annotations

import importlib
import logging
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from wordllama.inference import WordLlamaInference

DIMENSIONS = 256
Vectors = npt.NDArray[np.float32]


@cache
def _model() -> WordLlamaInference:
    wordllama = _import_quietly("wordllama")
    # WordLlama looks for the tokenizer in <cache_dir>/tokenizers: pointing the cache at the installed package
    # makes it find the bundled files, and disable_download turns a missing file into an error, not a download.
    package = Path(str(wordllama.__file__)).parent
    model: WordLlamaInference = wordllama.WordLlama.load("l2_supercat", dim=DIMENSIONS, cache_dir=package,
                                                         disable_download=True)
    return model


def _import_quietly(name: str) -> ModuleType:
    """Import `name` on first use, undoing the `logging.basicConfig` WordLlama runs on import (it would print
    every library's INFO lines, alembic's among them, on every command)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    module = importlib.import_module(name)
    root.handlers[:], root.level = handlers, level
    return module


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
