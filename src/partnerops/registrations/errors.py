"""What can go wrong with a registration, each carrying what the user needs to act on it."""

from __future__ import annotations

from partnerops.domain.registration_rules import RegistrationStatus
from partnerops.domain.roles import ScopeError


class RegistrationError(Exception):
    """Base of every registration error the CLI and API turn into a clear message."""


class RegistrationNotFound(RegistrationError, LookupError):
    """No registration with this id, or one the principal may not see (the two are not told apart)."""

    def __init__(self, registration_id: int) -> None:
        super().__init__(f"registration {registration_id} not found")
        self.registration_id = registration_id


class RegistrationForbidden(RegistrationError, ScopeError):
    """The principal's role does not allow this action."""

    def __init__(self, action: str, needed: str) -> None:
        super().__init__(f"{action} needs {needed}")
        self.action = action
        self.needed = needed


class InvalidRegistration(RegistrationError, ValueError):
    """A submitted registration with a field that cannot be accepted."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class InvalidTransition(RegistrationError):
    """The action does not apply to a registration in its current state."""

    def __init__(self, registration_id: int, status: RegistrationStatus, action: str, why: str = "") -> None:
        detail = why or f"it is {status.value}"
        super().__init__(f"registration {registration_id}: cannot {action}: {detail}")
        self.registration_id = registration_id
        self.status = status
        self.action = action


class ReasonRequired(RegistrationError, ValueError):
    """A rejection must say why: the partner reads the reason."""

    def __init__(self, registration_id: int) -> None:
        super().__init__(f"registration {registration_id}: a rejection needs a reason")
        self.registration_id = registration_id


class DuplicateRegistration(InvalidTransition):
    """The partner already holds a live registration for this company: a second one would only be a double."""

    def __init__(self, existing_id: int, status: RegistrationStatus, company_name: str) -> None:
        RegistrationError.__init__(
            self, f"your registration {existing_id} for {company_name} is already {status.value}; it was not "
            "registered twice")
        self.registration_id = existing_id
        self.status = status
        self.action = "register"
        self.company_name = company_name


class IdempotencyKeyReused(RegistrationError):
    """An Idempotency-Key already used for a different submission."""

    def __init__(self, key: str, registration_id: int) -> None:
        super().__init__(f"Idempotency-Key {key!r} was already used for registration {registration_id} with other "
                         "values; send a new key for a new registration")
        self.key = key
        self.registration_id = registration_id
