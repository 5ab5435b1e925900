"""The embedding model ships inside the wordllama wheel and loads with no network at all."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from partnerops.assistant import embeddings


def test_the_model_loads_and_embeds_with_every_socket_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the embedding model tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embeddings._model.cache_clear()
    vectors = embeddings.embed(["When do I get paid?", "Commissions are paid on the 15th", "Gold tier benefits"])
    assert vectors.shape == (3, embeddings.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_vectors_survive_the_round_trip_through_the_database_bytes() -> None:
    vectors = embeddings.embed(["deal registration", "market development funds"])
    restored = embeddings.from_bytes([embeddings.to_bytes(v) for v in vectors])
    assert np.array_equal(restored, vectors)
