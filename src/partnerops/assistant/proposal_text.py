"""Reading what a question asks to be done: 'register Acme for 40k closing in March' names a company, an amount
and a close date; 'this call mentions Northwind on the Globex deal' names a partner, a deal and the passage that
shows it. Only the words are read here; the form the person confirms reads the values the way imports do."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

__all__ = ["DealAsked", "TouchAsked", "close_day", "read_deal", "read_touch", "spelled_amount"]

SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
MULTIPLIERS = {"k": Decimal(1_000), "m": Decimal(1_000_000)}
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name} | {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}  # fmt: skip

REGISTER = re.compile(
    r"^\s*(?:please\s+|can you\s+|could you\s+)?register\s+(?P<company>.+?)\s+(?:for|at|worth)\s+"
    r"(?P<amount>[$€£¥]?\s?\d[\d.,]*\s?(?:[km]\b)?(?:\s?[A-Z]{3}\b)?)"
    r"(?:[^.;\n]*?\b(?:closing|close|closes|to close)\s+(?:in|on|by|at the end of)?\s*(?P<close>[^.;\n]+))?",
    re.IGNORECASE)  # fmt: skip
TOUCH = re.compile(
    r"\b(?P<medium>call|meeting|transcript|email|demo|workshop|notes?)\b[^.\n]*?\bmention(?:s|ed)?\s+"
    r"(?P<partner>.+?)\s+(?:on|in|for)\s+(?:the\s+)?(?P<deal>.+?)\s+(?:deal|opportunity|opp)\b",
    re.IGNORECASE)  # fmt: skip
QUOTED = re.compile(r"[\"“](?P<passage>[^\"”]{8,})[\"”]")
ISO_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


@dataclass(frozen=True)
class DealAsked:
    company: str
    amount_text: str
    currency: str | None
    close_text: str


@dataclass(frozen=True)
class TouchAsked:
    medium: str
    partner: str
    deal: str
    passage: str
    touched_text: str


def read_deal(question: str) -> DealAsked | None:
    """The registration a question asks for, or None when it asks for none."""
    found = REGISTER.search(question)
    if found is None:
        return None
    amount = found["amount"].strip()
    symbol = next((code for sign, code in SYMBOLS.items() if sign in amount), None)
    code = re.search(r"\b([A-Z]{3})$", amount)
    return DealAsked(found["company"].strip(" ,'\""), amount, code.group(1) if code else symbol,
                     (found["close"] or "").strip())  # fmt: skip


def read_touch(question: str) -> TouchAsked | None:
    """The touch a question asks to claim, or None; the passage is what the person quoted or pasted after the
    request, else the request itself."""
    found = TOUCH.search(question)
    if found is None:
        return None
    quoted = QUOTED.search(question)
    rest = question[found.end():].strip(" .:;-\n")
    passage = quoted["passage"] if quoted else rest if len(rest) >= 8 else question.strip()
    day = ISO_DAY.search(question)
    return TouchAsked(found["medium"].lower(), found["partner"].strip(" ,'\""), found["deal"].strip(" ,'\""),
                      passage.strip(), day.group(1) if day else "")  # fmt: skip


def spelled_amount(text: str) -> str:
    """'40k' as '40000' and '$1.5m' as '1500000' for the form; anything else as written (the form's amount
    parser reads symbols, codes and grouping, and names what it cannot read)."""
    bare = re.sub(r"[$€£¥]|\b[A-Z]{3}$", "", text).strip()
    suffix = bare[-1:].lower()
    if suffix not in MULTIPLIERS:
        return bare
    try:
        number = Decimal(bare[:-1].strip())
    except InvalidOperation:
        return bare
    return format((number * MULTIPLIERS[suffix]).normalize(), "f")


def close_day(text: str, today: date) -> date | None:
    """The day a deal is said to close: an ISO day, 'March 15' / '15 March', or a month (its last day, the next
    one not yet past), with an optional year; None when the words name no day."""
    if iso := ISO_DAY.search(text):
        try:
            return date.fromisoformat(iso.group(1))
        except ValueError:
            return None
    words = re.findall(r"[a-z]+|\d+", text.lower())
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    if month is None:
        return None
    numbers = [int(w) for w in words if w.isdigit()]
    year = next((n for n in numbers if n >= 1000), None)
    day = next((n for n in numbers if 1 <= n <= 31), None)
    if year is None:
        year = today.year if month >= today.month else today.year + 1
    last = calendar.monthrange(year, month)[1]
    try:
        return date(year, month, day if day is not None else last)
    except ValueError:
        return None
