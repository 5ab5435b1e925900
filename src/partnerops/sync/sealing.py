"""CRM secrets sealed at rest with libsodium's secretbox (XSalsa20-Poly1305) under PARTNEROPS_SECRET_KEY: the
database holds only the sealed text, so a copy of it without the key reveals no token."""

from __future__ import annotations

import base64
import binascii
import importlib
import json
from types import ModuleType

from partnerops.sync.errors import SecretKeyMissing, SyncError

KEY_BYTES = 32


class SecretKeyInvalid(SyncError):
    def __init__(self) -> None:
        super().__init__(f"PARTNEROPS_SECRET_KEY must be {KEY_BYTES} bytes in base64; make one with "
                         "`partnerops connections new-key`")


class SealBroken(SyncError):
    """The sealed text does not open with this key (another key, or altered)."""


def _sodium() -> ModuleType:
    # Loaded on use: libsodium is needed only by commands that touch a connection's secrets.
    return importlib.import_module("pysodium")


def new_key() -> str:
    """A fresh random key, base64, for PARTNEROPS_SECRET_KEY."""
    return base64.b64encode(_sodium().randombytes(KEY_BYTES)).decode()


def secret_key(text: str | None) -> bytes:
    """The key from its base64 text; a clear error when it is missing or malformed."""
    if not text:
        raise SecretKeyMissing()
    try:
        key = base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise SecretKeyInvalid() from exc
    if len(key) != KEY_BYTES:
        raise SecretKeyInvalid()
    return key


def seal(values: dict[str, str], key: bytes) -> str:
    sodium = _sodium()
    nonce = sodium.randombytes(sodium.crypto_secretbox_NONCEBYTES)
    box = sodium.crypto_secretbox(json.dumps(values, sort_keys=True).encode(), nonce, key)
    return base64.b64encode(nonce + box).decode()


def unseal(sealed: str, key: bytes) -> dict[str, str]:
    sodium = _sodium()
    raw = base64.b64decode(sealed)
    size = sodium.crypto_secretbox_NONCEBYTES
    try:
        opened = sodium.crypto_secretbox_open(raw[size:], raw[:size], key)
    except ValueError as exc:
        raise SealBroken() from exc
    values: dict[str, str] = json.loads(opened)
    return values
