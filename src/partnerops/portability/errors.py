"""What export, restore and backup tell a user when they cannot go on: the file, line, column and value at fault."""

from __future__ import annotations


class PortabilityError(Exception):
    """Export, restore or backup cannot go on; the message says why and what to do."""


class ExportError(PortabilityError):
    """The database cannot be written out (an unknown column type, a target that is not empty)."""


class RestoreError(PortabilityError):
    """An export cannot be restored; names the file, and the line, column and value when one is at fault."""

    def __init__(self, file: str, message: str, line: int | None = None, column: str | None = None,
                 value: object = None) -> None:  # fmt: skip
        where = file if line is None else f"{file}, line {line}"
        if column is not None:
            where += f", column {column!r} (value {value!r})"
        super().__init__(f"{where}: {message}")
        self.file = file
        self.line = line
        self.column = column
        self.value = value


class TargetNotEmpty(PortabilityError):
    """A restore goes into an empty database only, so nothing already there is mixed with or overwritten."""


class BackupError(PortabilityError):
    """A backup could not be made (the target exists, pg_dump failed)."""
