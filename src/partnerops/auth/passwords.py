"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106's recommendations)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from partnerops.auth.password_rules import MIN_PASSWORD_LENGTH, WeakPassword, check_password

__all__ = ["MIN_PASSWORD_LENGTH", "WeakPassword", "hash_password", "needs_rehash", "verify_password"]

_hasher = PasswordHasher()


def hash_password(password: str, email: str | None = None) -> str:
    """The hash of a new password, after the rules of `password_rules` accepted it (for the user `email`)."""
    check_password(password, email)
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; a user without a password never matches."""
    if not password_hash:
        # Hash anyway so that an unknown or password-less user takes as long as a wrong password.
        _hasher.hash(password)
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def rehash(password: str) -> str:
    """A fresh hash of a password already in use (its rules were checked when it was set)."""
    return _hasher.hash(password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
