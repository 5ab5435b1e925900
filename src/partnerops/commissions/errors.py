"""What can go wrong in commissions, each with the message a user can act on."""

from __future__ import annotations

__all__ = ["CommissionError", "CommissionNotFound", "CommissionForbidden", "InvalidTransition", "NoPlan",
           "ReasonRequired"]  # fmt: skip


class CommissionError(Exception):
    """Base of the commission errors the surfaces turn into a clear message."""


class NoPlan(CommissionError):
    """No commission plan is loaded (or none was in force when it was needed)."""


class CommissionNotFound(CommissionError, LookupError):
    """A statement line, dispute, batch or partner that does not exist or that the asker may not see."""


class CommissionForbidden(CommissionError, PermissionError):
    """The asker's role may not do this."""


class InvalidTransition(CommissionError):
    """A batch or dispute asked to move to a status it cannot reach from where it is."""


class ReasonRequired(CommissionError, ValueError):
    """An adjustment or a rejection without a reason."""
