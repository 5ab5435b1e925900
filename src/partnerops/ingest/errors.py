"""Errors a user must see when a whole file cannot be imported; each names the file and what is wrong."""

from __future__ import annotations

from pathlib import Path


class ImportFailed(Exception):
    """A file that cannot be imported at all (as opposed to bad rows, which are quarantined)."""

    def __init__(self, file: Path, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file


class UnreadableFile(ImportFailed):
    """The file is missing, empty, or not CSV/JSON we can parse."""


class MissingColumns(ImportFailed):
    """Required columns are absent from the header; raised before any row is read."""

    def __init__(self, file: Path, kind: str, missing: dict[str, str]) -> None:
        names = ", ".join(f"{field!r} (looked for header {header!r})" for field, header in missing.items())
        hint = " ".join(f"--map {field}=HEADER" for field in missing)
        currency = " (or pass --currency CODE when the whole file is in one currency)" if (
            "currency" in missing) else ""
        super().__init__(file, f"missing required column(s) for {kind}: {names}; if the column has "
                         f"another name, map it with {hint}{currency}")
        self.kind = kind
        self.missing = missing


class InvalidOption(ImportFailed):
    """An option or mapping the import cannot use (unknown field, bad --map syntax, unknown kind)."""

    def __init__(self, file: Path, field: str, message: str) -> None:
        super().__init__(file, message)
        self.field = field


class DatesReadTwoWays(ImportFailed):
    """Day/month dates the file does not settle: a value the chosen --date-format cannot read but the other order
    can, or, without a format, dates that read either way round. The whole file is refused."""

    def __init__(self, file: Path, row: int, field: str, value: str, message: str) -> None:
        super().__init__(file, message)
        self.row = row
        self.field = field
        self.value = value
