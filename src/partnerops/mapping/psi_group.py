"""Ristretto255 through libsodium (pysodium): registrable domains hashed to points, and points blinded by a secret.

Points travel packed, one `bytes` of 32-byte encodings per set, so 100,000 points are one object rather than
100,000. ctypes releases the GIL around each libsodium call, so chunks of a set run on every core in threads.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import importlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from partnerops.mapping.psi_errors import LibsodiumMissing, MalformedPoint
from partnerops.mapping.threads import pool_map

__all__ = [
    "HASH_PREFIX",
    "POINT_BYTES",
    "SessionSecret",
    "blind",
    "check_points",
    "hash_to_points",
    "point_count",
    "points_of",
]

POINT_BYTES = 32
# Domain separation: these points mean "a PartnerOps v1 registrable domain" and nothing else.
HASH_PREFIX = b"PartnerOps PSI v1 ristretto255 registrable-domain\x00"
_CHUNK_POINTS = 4096


@functools.cache
def _pysodium() -> ModuleType:
    """pysodium, loaded on first use: everything but private overlap runs where libsodium is not installed."""
    try:
        return importlib.import_module("pysodium")
    except (ImportError, OSError, ValueError) as exc:
        raise LibsodiumMissing(str(exc)) from exc


def _sodium() -> Any:
    return _pysodium().sodium


@dataclass(frozen=True)
class SessionSecret:
    """A non-zero scalar modulo the group order, fresh for every session; never printed."""

    scalar: bytes = field(repr=False)

    @classmethod
    def fresh(cls) -> SessionSecret:
        return cls(_pysodium().crypto_core_ristretto255_scalar_random())

    def __post_init__(self) -> None:
        if len(self.scalar) != _pysodium().crypto_core_ristretto255_SCALARBYTES or not any(self.scalar):
            raise ValueError("a session secret is a non-zero 32-byte scalar")


def point_count(points: bytes) -> int:
    return len(points) // POINT_BYTES


def points_of(packed: bytes) -> Iterator[bytes]:
    """Each 32-byte point of a packed set, in order."""
    return (packed[start : start + POINT_BYTES] for start in range(0, len(packed), POINT_BYTES))


def _domain_digest(domain: str) -> bytes:
    return hashlib.sha512(HASH_PREFIX + domain.encode("utf-8")).digest()


def _hash_chunk(domains: Sequence[str]) -> bytes:
    out = ctypes.create_string_buffer(len(domains) * POINT_BYTES)
    from_hash = _sodium().crypto_core_ristretto255_from_hash
    for index, domain in enumerate(domains):
        from_hash(ctypes.byref(out, index * POINT_BYTES), _domain_digest(domain))
    return out.raw


def _blind_chunk(secret: SessionSecret, points: bytes) -> tuple[bytes, int | None]:
    """The chunk times the secret, and the index of the first point libsodium refused (None when all were fine)."""
    source = ctypes.create_string_buffer(points, len(points))
    out = ctypes.create_string_buffer(len(points))
    multiply = _sodium().crypto_scalarmult_ristretto255
    for index in range(point_count(points)):
        offset = index * POINT_BYTES
        # -1: not a canonical encoding of a group element, or the product is the identity.
        if multiply(ctypes.byref(out, offset), secret.scalar, ctypes.byref(source, offset)) != 0:
            return b"", index
    return out.raw, None


def hash_to_points(domains: Sequence[str], workers: int = 1) -> bytes:
    """Each domain as a group point: ristretto255 from_hash over SHA-512 of the domain-separated name (packed)."""
    chunks = [domains[start : start + _CHUNK_POINTS] for start in range(0, len(domains), _CHUNK_POINTS)]
    return b"".join(pool_map(_hash_chunk, chunks, workers))


def blind(points: bytes, secret: SessionSecret, field_name: str, workers: int = 1) -> bytes:
    """Every point times the secret, in order; refuses the whole set at the first malformed point."""
    if len(points) % POINT_BYTES:
        raise MalformedPoint(field_name, point_count(points))
    width = _CHUNK_POINTS * POINT_BYTES
    chunks = [points[start : start + width] for start in range(0, len(points), width)]
    results = pool_map(functools.partial(_blind_chunk, secret), chunks, workers)
    for number, (_, refused) in enumerate(results):
        if refused is not None:
            raise MalformedPoint(field_name, number * _CHUNK_POINTS + refused)
    return b"".join(blinded for blinded, _ in results)


def check_points(points: bytes, field_name: str) -> None:
    """Refuse a set holding anything but canonical, non-identity ristretto255 points."""
    is_valid = _sodium().crypto_core_ristretto255_is_valid_point
    for index, point in enumerate(points_of(points)):
        # The identity encodes as 32 zero bytes; libsodium's check only asks for a canonical encoding.
        if len(point) != POINT_BYTES or not any(point) or is_valid(point) != 1:
            raise MalformedPoint(field_name, index)
