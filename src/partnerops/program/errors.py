"""What the program services refuse, each with the message a user can act on."""

from __future__ import annotations


class ProgramError(Exception):
    """Base of every refusal of the program services."""


class ProgramNotFound(ProgramError, LookupError):
    """The record does not exist, or the principal may not know that it does."""

    def __init__(self, what: str, record_id: int | str) -> None:
        super().__init__(f"{what} {record_id} not found")


class ProgramForbidden(ProgramError, PermissionError):
    """The principal's role may not do this."""


class InvalidTransition(ProgramError):
    """A state change the record's current state does not allow (approving a rejected request)."""

    def __init__(self, what: str, record_id: int, action: str, status: str) -> None:
        super().__init__(f"cannot {action} {what} {record_id}: it is {status}")


class InvalidProgramInput(ProgramError, ValueError):
    """A value the program cannot accept; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class InsufficientFunds(ProgramError):
    """An MDF request larger than the partner's remaining funds in that currency."""


class ProgramSettingsError(ValueError):
    """A program settings document (tier criteria, checklist, health weights) that cannot be used."""
