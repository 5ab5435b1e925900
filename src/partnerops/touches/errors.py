"""What can go wrong when claiming or reviewing a touch, each carrying the field or status the user needs."""

from __future__ import annotations

from partnerops.domain.enums import TouchStatus

__all__ = ["NotAReviewer", "SameStatus", "TouchError", "UnknownTarget"]


class TouchError(Exception):
    """Base of every touch error the API and the pages turn into a clear message."""


class UnknownTarget(TouchError, LookupError):
    """The partner, opportunity or touch does not exist, or lies outside what the principal may see."""

    def __init__(self, what: str, field: str) -> None:
        super().__init__(f"{what} not found")
        self.what = what
        self.field = field


class SameStatus(TouchError, ValueError):
    """The touch already has the status asked for."""

    def __init__(self, status: TouchStatus) -> None:
        super().__init__(f"the touch is already {status.value}")
        self.status = status


class NotAReviewer(TouchError, PermissionError):
    """The principal's role may not confirm or reject touches."""

    def __init__(self) -> None:
        super().__init__("confirming or rejecting touches is for sales and partner managers")
