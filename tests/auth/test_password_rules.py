"""The rules a new password must pass, each refusal naming the rule: length, blank, common (the shipped list,
case-insensitive) and the email; and every place a password is set applies them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerops.auth.password_rules import MIN_PASSWORD_LENGTH, WeakPassword, check_password, common_passwords
from partnerops.auth.passwords import hash_password

LONG_COMMON = sorted(word for word in common_passwords() if len(word) >= MIN_PASSWORD_LENGTH)


def _refusal(password: str, email: str | None = None) -> WeakPassword:
    with pytest.raises(WeakPassword) as refused:
        check_password(password, email)
    return refused.value


def test_a_short_password_is_refused_saying_how_long_it_must_be() -> None:
    refusal = _refusal("short one")
    assert refusal.rule == "length" and "at least 12 characters" in str(refusal) and "has 9" in str(refusal)


@pytest.mark.parametrize("blank", ["", " " * 12, "\t \n" * 5, "\u00a0" * 14])
def test_a_blank_password_is_refused_whatever_its_length(blank: str) -> None:
    assert _refusal(blank).rule == "blank"


@pytest.mark.parametrize("common", ["password1234", "PASSWORD1234", "Qwertyuiop123", "iloveyou2024", "1q2w3e4r5t6y"])
def test_a_common_password_is_refused_in_any_case(common: str) -> None:
    refusal = _refusal(common)
    assert refusal.rule == "common" and "common passwords" in str(refusal)


def test_the_email_or_its_name_part_is_refused_as_a_password() -> None:
    assert _refusal("Maria.Longname@Example.com", "maria.longname@example.com").rule == "email"
    assert _refusal("maria.longname", "Maria.Longname@example.com").rule == "email"


def test_a_good_password_passes_and_hashes() -> None:
    check_password("correct horse battery staple", "ann@example.com")
    assert hash_password("tangerine-otter-galaxy", "ann@example.com").startswith("$argon2id$")
    with pytest.raises(WeakPassword):
        hash_password("password1234")


def test_the_shipped_list_holds_thousands_of_entries_beyond_the_minimum_length() -> None:
    assert len(common_passwords()) > 3000 and len(LONG_COMMON) > 3000
    assert all(word == word.lower().strip() for word in common_passwords())


@given(st.sampled_from(LONG_COMMON), st.data())
def test_every_listed_password_is_refused_whatever_its_letter_case(word: str, data: st.DataObject) -> None:
    flips = data.draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    cased = "".join(ch.upper() if flip else ch for ch, flip in zip(word, flips, strict=True))
    assert _refusal(cased).rule == "common"
