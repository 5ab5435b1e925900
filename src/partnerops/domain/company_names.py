"""What identifies a company in its name, as registries and CRMs spell it: the one rule that account mapping and
registration conflicts both use, and the one list of free-mail domains (an address there names no employer)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["FREE_MAIL_DOMAINS", "LEGAL_FORMS", "PUNCTUATION", "REWRITES", "SHARE_CLASSES", "UNDECOMPOSED", "Rewrite",
           "Spellings", "Step",
           "WORDS", "WORD_CHARACTERS", "fold_characters", "normalise_name", "words_only"]

FREE_MAIL_DOMAINS: frozenset[str] = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.co.jp", "ymail.com",
    "rocketmail.com", "hotmail.com", "hotmail.co.uk", "hotmail.fr", "outlook.com", "live.com", "live.co.uk",
    "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "pm.me", "gmx.de",
    "gmx.net", "gmx.com", "web.de", "t-online.de", "mail.com", "mail.ru", "yandex.ru", "yandex.com", "qq.com",
    "163.com", "126.com", "naver.com", "zoho.com", "tutanota.com", "fastmail.com", "hey.com", "orange.fr",
    "free.fr", "laposte.net", "libero.it", "btinternet.com", "comcast.net", "verizon.net", "att.net",
})

# Legal forms as they read once punctuation is gone ("S.A." -> "sa"); "Group" and "Holdings" name no other
# company either. Written in their abbreviated form: ABBREVIATIONS turns "Corporation" into "corp" first.
LEGAL_FORMS: tuple[str, ...] = (
    "inc", "corp", "co", "cos", "ltd", "llc", "llp", "lp", "plc", "gmbh", "mbh", "ag", "kg", "kgaa", "ohg", "ug",
    "ev", "sa", "sas", "sarl", "sasu", "srl", "spa", "sl", "slu", "bv", "nv", "vof", "oy", "oyj", "ab", "as", "asa",
    "aps", "pty", "pte", "kk", "se", "ltda", "sp", "zoo", "sro", "doo", "pllc", "pc", "group", "holding",
    "holdings", "the", "sca", "sab", "de", "cv", "public", "gp",
    # What is left of "Interpublic Group of Companies", "Public Limited Company" and "S.A.B. de C.V.".
    "of",
)
# What a stock list adds after a company's name: its share class and kind of security.
SHARE_CLASSES: tuple[str, ...] = (
    "class [^ ]+", "cl [^ ]+", "series [^ ]+", "common stock", "common shares", "ordinary shares", "registered shares",
    "shares", "stock", "sponsored adr", "adr", "ads",
)
# Spellings of one word: registries write "Corp." where the company writes "Corporation", or "Cos." for
# "Companies", anywhere in the name ("Laboratory Corp. of America").
ABBREVIATIONS: dict[str, str] = {
    "corporation": "corp", "incorporated": "inc", "company": "co", "companies": "cos", "limited": "ltd",
    "international": "intl", "brothers": "bros", "manufacturing": "mfg", "associates": "assoc",
    "laboratories": "labs", "laboratory": "lab", "aktiengesellschaft": "ag", "services": "svc", "service": "svc",
    "svcs": "svc", "serv": "svc", "bancorporation": "bancorp", "technologies": "tech", "technology": "tech",
    "hldgs": "holdings", "hldg": "holding", "grp": "group",
}
# Letters Unicode does not decompose into a base letter and an accent; final sigma because Rust's lower-casing
# (Polars) writes it where Python's does not.
UNDECOMPOSED: dict[str, str] = {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d",
                                "þ": "th", "ı": "i", "ς": "σ"}
# The accents of Latin, Greek and Cyrillic letters (U+0300-U+036F) once decomposed; other marks, such as the
# kana voicing marks, change the word and stay.
ACCENTS = f"[{chr(0x300)}-{chr(0x36F)}]+"
# What is a letter of a word (Rust's regex syntax, as Polars reads it): letters, marks and numbers. Python's `re`
# has no such class, so `words_only` spells it with `str.isalnum` and the mark categories.
WORD_CHARACTERS = r"\p{L}\p{M}\p{N}"
# Markers around a one-letter word while initials are joined ("d r horton" -> "dr horton").
_OPEN, _CLOSE = "\x01", "\x02"


@dataclass(frozen=True)
class Rewrite:
    """Replace every match of `pattern` by `replacement` (`${1}`: the first group); a `literal` pattern is plain
    text. The patterns use only what Python's `re` and Rust's `regex` read alike: literal characters, classes of
    them, `^`, `$` and groups; never `\\w`, `\\b` or `\\s`, whose Unicode tables differ between the two."""

    pattern: str
    replacement: str = " "
    literal: bool = False

    @property
    def python_replacement(self) -> str:
        return re.sub(r"\$\{(\d+)\}", r"\\g<\1>", self.replacement)


@dataclass(frozen=True)
class Spellings:
    """Replace each text by its spelling in one pass (none is part of another or of a replacement, so the order
    of the pairs never matters)."""

    pairs: tuple[tuple[str, str], ...]


Step = Rewrite | Spellings


def _any(words: Iterable[str]) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


# Before punctuation goes, in order: control characters are spaces (so `$` means the end in both engines),
# apostrophes join ("Lowe's" = "Lowes"), an ampersand inside a word is no break ("AT&T" = "ATT"), a share class
# in brackets goes wherever it is, a last bracketed part is a qualifier ("Home Depot (The)"), a web address is the
# name ("Amazon.com"), and a bracketed part inside the name is a given name or initials that go first ("Lilly (Eli)
# & Co." = "Eli Lilly", "Grainger (W.W.) Inc." = "W.W. Grainger"). Then every character that is not a letter, mark
# or number becomes a space (`words_only`).
PUNCTUATION: tuple[Step, ...] = (
    Rewrite(r"[\x00-\x1f\x7f-\x9f]"),
    Rewrite("['’‘`]", ""),
    Rewrite("([^ &])&([^ &])", "${1}${2}"),
    Rewrite(r" *\((?:class|series|cl) [^()]*\)", ""),
    Rewrite(r"(?: *\([^()]*\))+ *$", ""),
    Rewrite(r"^([^()]*?) *\(([^()]*)\)(.*)$", "${2} ${1}${3}"),
    Rewrite(r"\.(?:com|net|org|io)([ ,;:/)]|$)", "${1}"),
)
# Then the words (single spaces between them), each first wrapped in spaces of its own (" dr  horton ") so that
# a pattern can name a whole word by its spaces: "and" is no word, initials join, abbreviations become one
# spelling, a leading "The" and the trailing legal forms and share classes go, and the spaces are tidied.
WORDS: tuple[Step, ...] = (
    Rewrite(" ", "  ", literal=True),
    Rewrite("^|$", " "),
    Rewrite(" and ", "", literal=True),
    Rewrite(" ([^ ]) ", f" {_OPEN}${{1}}{_CLOSE} "),
    Rewrite(f"{_CLOSE}  {_OPEN}", "", literal=True),
    Spellings(((_OPEN, ""), (_CLOSE, ""))),
    Spellings(tuple((f" {long} ", f" {short} ") for long, short in ABBREVIATIONS.items())),
    Rewrite("^ the ", ""),
    # The first word always stays: "AB" (a Swedish legal form) is also the name "A&B".
    # Legal forms first, on their own: a share class names its class by any word ("Cl A"), which would otherwise
    # take a legal form after a name ending in "Cl" for the class ("aa cl, Inc.").
    Rewrite(f"^( [^ ]+ .*?)(?: {_any(w.replace(' ', '  ') for w in LEGAL_FORMS)} )+$", "${1}"),
    Rewrite(f"^( [^ ]+ .*?)(?: {_any(w.replace(' ', '  ') for w in (*LEGAL_FORMS, *SHARE_CLASSES))} )+$", "${1}"),
    Rewrite(" +", " "),
    Rewrite("^ | $", ""),
)
REWRITES = PUNCTUATION + WORDS


def _apply(text: str, step: Step) -> str:
    if isinstance(step, Spellings):
        for old, new in step.pairs:
            text = text.replace(old, new)
        return text
    if step.literal:
        return text.replace(step.pattern, step.replacement)
    return _compiled(step.pattern).sub(step.python_replacement, text)


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _applied(text: str, steps: tuple[Step, ...]) -> str:
    for step in steps:
        text = _apply(text, step)
    return text


def fold_characters(name: str) -> str:
    """Compatibility forms, case and accents folded: "Ｍüller ＆ Søhne" -> "muller & sohne"."""
    text = re.sub(ACCENTS, "", unicodedata.normalize("NFKD", name)).lower()
    for letter, plain in UNDECOMPOSED.items():
        text = text.replace(letter, plain)
    return unicodedata.normalize("NFKC", text)


def words_only(text: str) -> str:
    """Every character but letters, marks and numbers as a space: `[^{WORD_CHARACTERS}]+` -> " "."""
    return " ".join("".join(c if c.isalnum() or unicodedata.category(c)[0] == "M" else " " for c in text).split())


def normalise_name(name: str) -> str:
    """The identifying words of a company's name: "The Home Depot, Inc." and "Home Depot (The)" -> "home depot",
    "D. R. Horton" -> "dr horton", "Alphabet Inc. (Class A)" -> "alphabet". A name that is nothing but legal
    forms keeps its folded words ("The" -> "the"). `partnerops.mapping.names` applies the same rewrites to a
    whole column; a property test proves the two agree."""
    words = words_only(_applied(fold_characters(name), PUNCTUATION))
    return _applied(words, WORDS) or words
