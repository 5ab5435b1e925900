"""What can go wrong when paying partners, each with the message a user can act on."""

from __future__ import annotations

__all__ = ["MissingDetails", "PaymentConflict", "PaymentError", "ProviderNotConfigured", "ProviderUnavailable",
           "SignatureInvalid", "UnknownProvider"]  # fmt: skip


class PaymentError(Exception):
    """Base of the payment errors the surfaces turn into a clear message."""


class UnknownProvider(PaymentError, ValueError):
    """A provider name other than the ones supported."""


class ProviderNotConfigured(PaymentError):
    """The provider's credentials are not set."""


class PaymentConflict(PaymentError):
    """The batch is not in a state to execute, or its lines already go through another provider (HTTP 409)."""


class MissingDetails(PaymentError):
    """A partner has no payment details for the provider (its line waits)."""


class ProviderUnavailable(PaymentError):
    """The provider did not answer for certain (timeout, 5xx, 429): the outcome is unknown, retry with the same
    idempotency key. `retry_after` is the provider's own wait in seconds when it gave one."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SignatureInvalid(PaymentError):
    """A webhook whose signature does not verify (refused with 400, nothing applied)."""
