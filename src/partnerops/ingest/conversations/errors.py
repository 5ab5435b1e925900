"""Why a conversation file could not be read; the scan quarantines the file with this reason and goes on."""

from __future__ import annotations

from pathlib import Path


class ConversationParseError(ValueError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
