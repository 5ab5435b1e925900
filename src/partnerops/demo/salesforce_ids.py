"""Salesforce-shaped record ids: a 15-character case-sensitive id plus its 3-character checksum."""

from __future__ import annotations

import string

import numpy as np

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
_SUFFIX_ALPHABET = string.ascii_uppercase + "012345"
ACCOUNT_PREFIX = "001"
OPPORTUNITY_PREFIX = "006"
_POD = "Dn0000"
ID_SPACE = 62**6
# Generated records take ids from the lower half, at a random place so that programs drawn from other
# seeds do not reuse each other's ids; the top of the range is kept for ids no record has.
UNUSED_ID_START = ID_SPACE - 1_000


def salesforce_ids(prefix: str, start: int, count: int) -> list[str]:
    """`count` consecutive 18-character ids of one object type (its 3-character key prefix)."""
    return [with_checksum(f"{prefix}{_POD}{_base62(start + n, 6)}") for n in range(count)]


def random_start(rng: np.random.Generator) -> int:
    return int(rng.integers(0, ID_SPACE // 2))


def with_checksum(id15: str) -> str:
    """The 18-character form: each 5-character chunk adds a letter encoding which of its characters are upper case."""
    suffix = ""
    for chunk_start in range(0, 15, 5):
        chunk = id15[chunk_start : chunk_start + 5]
        bits = sum(1 << i for i, char in enumerate(chunk) if char.isupper())
        suffix += _SUFFIX_ALPHABET[bits]
    return id15 + suffix


def _base62(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, digit = divmod(number, 62)
        digits.append(BASE62[digit])
    if number:
        raise ValueError(f"{width} base-62 digits cannot hold the id")
    return "".join(reversed(digits))
