"""What a name or a free text typed into a form may hold: no control characters, and never only blanks or
characters that print nothing (a zero-width space, a Hangul filler), which would look like an empty name."""

from __future__ import annotations

import unicodedata

from partnerops.domain.input_errors import InvalidValue

__all__ = ["free_text", "is_invisible", "name_text"]

# Categories that print nothing on their own: controls, format characters (zero-width space, joiners, bidi
# marks), separators, and combining marks with nothing to combine with.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
# Letters and symbols that render blank although their category says otherwise (used to fake empty names).
_BLANK_LOOKING = frozenset({"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e"})
# Bidirectional overrides and isolates reorder what follows them: a name holding one can display as another.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Free text keeps its line breaks and tabs; every other control character is refused there too.
_TEXT_LAYOUT = frozenset("\t\n\r")


def is_invisible(text: str) -> bool:
    """True when nothing in `text` would show on a page."""
    return all(ch in _BLANK_LOOKING or unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in text)


def name_text(value: str, field: str) -> str:
    """A name (company, title, person) on one line, trimmed; refused when blank or holding a control character."""
    text = value.strip()
    _require_visible(text, value, field)
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _BIDI_CONTROLS:
            raise InvalidValue(field, value, f"holds a control character (U+{ord(ch):04X}); a name is one line of "
                               "visible text")
    return text


def free_text(value: str, field: str) -> str:
    """A note, plan or reason: line breaks and tabs allowed, other control characters and blank text refused."""
    text = value.strip()
    _require_visible(text, value, field)
    for ch in text:
        if unicodedata.category(ch) == "Cc" and ch not in _TEXT_LAYOUT:
            raise InvalidValue(field, value, f"holds a control character (U+{ord(ch):04X})")
    return text


def _require_visible(text: str, value: str, field: str) -> None:
    if not text or is_invisible(text):
        raise InvalidValue(field, value, "is blank: it holds only spaces or characters that print nothing")
