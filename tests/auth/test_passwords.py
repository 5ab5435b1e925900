"""Passwords are stored as argon2id hashes and checked against them."""

from __future__ import annotations

import pytest

from partnerops.auth.passwords import WeakPassword, hash_password, verify_password


def test_a_hash_verifies_its_password_only() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "wrong horse battery")


def test_a_user_without_a_password_never_signs_in() -> None:
    assert not verify_password(None, "anything at all")


def test_short_passwords_are_refused() -> None:
    with pytest.raises(WeakPassword):
        hash_password("short")
