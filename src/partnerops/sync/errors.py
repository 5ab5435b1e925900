"""What can go wrong talking to a CRM, each with what the user needs to act on it."""

from __future__ import annotations


class SyncError(Exception):
    """Any sync failure the command line and the runs list report as one clear line."""


class SecretKeyMissing(SyncError):
    def __init__(self) -> None:
        super().__init__("PARTNEROPS_SECRET_KEY is not set: CRM secrets are sealed with it. Make one with "
                         "`partnerops connections new-key` and keep it in the environment")


class SecretKeyWrong(SyncError):
    def __init__(self, name: str) -> None:
        super().__init__(f"connection {name!r}: its secrets do not open with PARTNEROPS_SECRET_KEY (was the key "
                         "changed?); connect again to store them under the current key")


class UnknownConnection(SyncError):
    def __init__(self, name: str, known: list[str]) -> None:
        names = ", ".join(known) or "none yet (see `partnerops connect --help`)"
        super().__init__(f"no connection named {name!r}; connections: {names}")


class ConnectionExists(SyncError):
    def __init__(self, name: str) -> None:
        super().__init__(f"a connection named {name!r} exists; remove it first or choose another --name")


class CrmRefused(SyncError):
    """The CRM answered with an error that retrying would not change (a bad field, a permission)."""

    def __init__(self, url: str, status: int, code: str, message: str) -> None:
        super().__init__(f"{url}: HTTP {status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


class CrmUnavailable(SyncError):
    """The CRM did not answer usefully after every retry (down, unreachable, still rate-limited)."""

    def __init__(self, url: str, attempts: int, last: str) -> None:
        super().__init__(f"{url}: no answer after {attempts} attempts (last: {last}); run the sync again, it resumes "
                         "from the last committed page")


class CrmAuthFailed(SyncError):
    def __init__(self, url: str, detail: str) -> None:
        super().__init__(f"{url}: authentication failed ({detail}); check the connection with "
                         "`partnerops connections test`")


class MappingInvalid(SyncError):
    """The connection's field-mapping file is wrong: which file, which entry, what value."""

    def __init__(self, path: str, where: str, problem: str) -> None:
        super().__init__(f"{path}: {where}: {problem}")
