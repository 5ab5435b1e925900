"""Reading the fields of a posted page form with the same rules as the API: an amount written the way exports
write it ($48,000, 48.000,00 €, read by the importer's own parser), a day in range, names and texts without
control characters, real e-mail addresses and domains. A bad field is a FormProblem naming it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from partnerops.domain.address_rules import checked_email, checked_web_domain
from partnerops.domain.amount_rules import Sign, checked_money
from partnerops.domain.date_rules import checked_day
from partnerops.domain.input_errors import InvalidValue
from partnerops.domain.money import Money
from partnerops.domain.registration_rules import normalise_domain
from partnerops.domain.text_rules import free_text, name_text
from partnerops.web.errors import PageError

__all__ = ["FormProblem", "form_amount", "form_day", "form_email", "form_name", "form_optional", "form_problems",
           "form_reason", "form_text", "form_web_domain"]

Form = dict[str, str]


class FormProblem(ValueError):
    """A field of the form that cannot be read; the message names it by its label."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def form_amount(form: Form, field: str, label: str, currency: str, sign: Sign = Sign.POSITIVE) -> Money:
    text = form.get(field, "").strip()
    if not text:
        raise FormProblem(field, f"{label} is required.")
    try:
        return checked_money(_amount_text(text, currency, field), currency, field, sign)
    except InvalidValue as exc:
        raise FormProblem(field, f"{label} {exc.value!r} {_sentence(exc.reason)}") from exc


def _amount_text(text: str, currency: str, field: str) -> Decimal:
    """The number in `text`, read by the importer's amount rules (symbols, codes, both grouping conventions)."""
    import polars as pl

    from partnerops.ingest.amounts import amount_check

    check = amount_check("amount", pl.col("currency"), decimal_comma=False)
    row = pl.DataFrame({"amount": [text], "currency": [currency]}).with_columns(*check.prepare).row(0, named=True)
    number, stated = row["amount__number"], row["amount__code"]
    if number is None:
        raise InvalidValue(field, text, "is not an amount (write it like 48000, $48,000 or 48.000,00 €)")
    if stated is not None and stated != currency:
        raise InvalidValue(field, text, f"is in {stated}, but the currency chosen is {currency}")
    return Decimal(number)


def form_day(form: Form, field: str, label: str) -> date:
    text = form.get(field, "").strip()
    try:
        return checked_day(date.fromisoformat(text), field)
    except InvalidValue as exc:
        raise FormProblem(field, f"{label} {exc.value} {_sentence(exc.reason)}") from exc
    except ValueError as exc:
        raise FormProblem(field, f"{label} must be a date (YYYY-MM-DD).") from exc


def _ruled(rule: Callable[[str, str], str]) -> Callable[[Form, str, str], str]:
    def read(form: Form, field: str, label: str) -> str:
        value = form.get(field, "")
        if not value.strip():
            raise FormProblem(field, f"{label} is required.")
        try:
            return rule(value, field)
        except InvalidValue as exc:
            raise FormProblem(field, f"{label} {_sentence(exc.reason)}") from exc

    return read


form_name = _ruled(name_text)
form_text = _ruled(free_text)
form_email = _ruled(checked_email)
form_web_domain = _ruled(lambda value, field: checked_web_domain(value, normalise_domain(value), field))


def form_reason(form: Form, field: str, label: str) -> str:
    """A decision's reason: blank is passed on (the decision says whether it needs one), controls are refused."""
    return form_text(form, field, label) if form.get(field, "").strip() else ""


@contextmanager
def form_problems() -> Iterator[None]:
    """A form's bad field as a 400 page naming it."""
    try:
        yield
    except FormProblem as exc:
        raise PageError(400, str(exc)) from exc


def _sentence(reason: str) -> str:
    return reason.rstrip(".") + "."


def form_optional(read: Callable[[Form, str, str], str], form: Form, field: str, label: str) -> str | None:
    """None when the field was left blank; else `read`'s value."""
    return read(form, field, label) if form.get(field, "").strip() else None
