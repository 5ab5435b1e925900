"""Rolling captions, as automatic captioning writes them (YouTube's among others): each cue repeats the line the
previous cue ended with before adding its own, and short cues repeat the whole of the previous one. Only the new
lines are what was said; read as written, every phrase would be counted two or three times."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["new_lines"]


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def new_lines(texts: Iterable[str]) -> list[str]:
    """Each cue's text without the lines it repeats from the end of the cue before ("" when it adds none)."""
    found: list[str] = []
    before: list[str] = []
    for text in texts:
        lines = _lines(text)
        repeated = next((k for k in range(min(len(lines), len(before)), 0, -1) if lines[:k] == before[-k:]), 0)
        found.append("\n".join(lines[repeated:]))
        if lines:
            before = lines
    return found
