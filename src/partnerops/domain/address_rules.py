"""E-mail addresses and web domains as the standards define them, checked by `email-validator` (syntax only: no
DNS lookup, so this stays pure). Names reserved for examples and tests (`.test`, `.example`) are accepted;
those that can never be reached from outside (`.local`, `.localhost`, `.invalid`) are not."""

from __future__ import annotations

from partnerops.domain.input_errors import InvalidValue

__all__ = ["checked_email", "checked_web_domain"]


def checked_email(value: str, field: str) -> str:
    """The address trimmed, or InvalidValue saying what is wrong with it."""
    from email_validator import EmailNotValidError, validate_email

    text = value.strip()
    try:
        validate_email(text, check_deliverability=False, test_environment=True)
    except EmailNotValidError as exc:
        raise InvalidValue(field, value, f"is not an e-mail address: {exc}") from exc
    return text


def checked_web_domain(value: str, host: str | None, field: str) -> str:
    """`value` trimmed when `host` (the host it names, e.g. from `https://www.acme.com/about`) is a domain name.
    The host is checked as the part after the @ of an address, which is exactly a domain name's syntax."""
    from email_validator import EmailNotValidError, validate_email

    try:
        if not host or "@" in host:
            raise EmailNotValidError("It names no host.")
        validate_email(f"postmaster@{host}", check_deliverability=False, test_environment=True)
    except EmailNotValidError as exc:
        reason = str(exc).replace("The part after the @-sign", "The domain").replace("after the @-sign", "in it")
        reason = reason.replace(" with email", "")
        raise InvalidValue(field, value, f"is not a web domain such as acme.com: {reason}") from exc
    return value.strip()
