"""What can go wrong in a private overlap exchange, each error carrying what the user needs to act on it."""

from __future__ import annotations

__all__ = ["LibsodiumMissing", "MalformedMessage", "MalformedPoint", "PsiError", "SessionMismatch", "UnknownSession"]


class PsiError(Exception):
    """Any failure of a private set intersection exchange."""


class LibsodiumMissing(PsiError):
    """libsodium, which the ristretto255 arithmetic runs in, is not installed on this machine."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"private overlap needs libsodium (Debian: apt-get install libsodium23): {detail}")


class MalformedPoint(PsiError):
    """A point from the other side is not a canonical ristretto255 element (or blinds to the identity)."""

    def __init__(self, field: str, index: int) -> None:
        super().__init__(f"{field}[{index}] is not a valid ristretto255 point: refusing the message")
        self.field = field
        self.index = index


class MalformedMessage(PsiError):
    """An exchange message that is not the JSON this protocol version writes."""

    def __init__(self, source: str, field: str, detail: str) -> None:
        super().__init__(f"{source}: {field}: {detail}")
        self.source = source
        self.field = field
        self.detail = detail


class SessionMismatch(PsiError):
    """A message that does not answer the session, or the set sizes, it claims to answer."""


class UnknownSession(PsiError):
    """No local state for a session: it was never started here, already finished, or its state file is gone."""

    def __init__(self, session: str) -> None:
        super().__init__(f"no open private-overlap session {session} here (never started, already finished, or "
                         "left unfinished for longer than a session lives)")
        self.session = session
