"""What a new password must be: long enough, not blank, not on the shipped list of common passwords, not the
email. Each refusal names the rule it broke, so a person knows what to change."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

__all__ = ["MIN_PASSWORD_LENGTH", "WeakPassword", "check_password", "common_passwords"]

MIN_PASSWORD_LENGTH = 12


class WeakPassword(ValueError):
    """A password a rule refuses; `rule` names which (length, blank, common, email)."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list (auth/common_passwords.txt, read once, offline), lower-cased."""
    text = files("partnerops.auth").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def check_password(password: str, email: str | None = None) -> None:
    """Raise `WeakPassword` naming the first rule `password` breaks."""
    if not password.strip():
        raise WeakPassword("blank", "a password cannot be empty or only spaces")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword("length", f"a password needs at least {MIN_PASSWORD_LENGTH} characters "
                                     f"(this one has {len(password)})")  # fmt: skip
    folded = password.strip().lower()
    if folded in common_passwords():
        raise WeakPassword("common", "this password is on the list of common passwords: choose another")
    if email is not None and folded in _email_forms(email):
        raise WeakPassword("email", "a password cannot be the email address")


def _email_forms(email: str) -> set[str]:
    address = email.strip().lower()
    return {address, address.split("@", 1)[0]}
