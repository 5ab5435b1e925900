"""Reading the deal registration form into the service's input, with a message naming the field at fault."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from partnerops.domain.money import Money
from partnerops.registrations.model import RegistrationInput

CURRENCIES = ("USD", "EUR", "GBP", "JPY")
FIELDS = ("company_name", "domain", "estimated_amount", "currency", "estimated_close_on", "contact_name",
          "contact_email", "notes")  # fmt: skip


class FormProblem(ValueError):
    """A field of the form that cannot be read; the message names it."""


def blank_form() -> dict[str, str]:
    return {field: "" for field in FIELDS} | {"currency": CURRENCIES[0]}


def registration_input(form: dict[str, str]) -> RegistrationInput:
    return RegistrationInput(
        company_name=_required(form, "company_name", "Company name"),
        estimated_amount=_amount(form),
        estimated_close_on=_date(form.get("estimated_close_on", "")),
        domain=_optional(form, "domain"),
        contact_name=_optional(form, "contact_name"),
        contact_email=_optional(form, "contact_email"),
        notes=_optional(form, "notes"),
    )


def _required(form: dict[str, str], field: str, label: str) -> str:
    value = form.get(field, "").strip()
    if not value:
        raise FormProblem(f"{label} is required.")
    return value


def _optional(form: dict[str, str], field: str) -> str | None:
    return form.get(field, "").strip() or None


def _amount(form: dict[str, str]) -> Money:
    text = _required(form, "estimated_amount", "Estimated amount").replace(",", "")
    currency = form.get("currency", "")
    if currency not in CURRENCIES:
        raise FormProblem(f"Currency must be one of {', '.join(CURRENCIES)}.")
    try:
        return Money(Decimal(text), currency)
    except (InvalidOperation, ValueError) as exc:
        raise FormProblem(f"Estimated amount {text!r} is not an amount in {currency}.") from exc


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise FormProblem("Expected close date must be a date (YYYY-MM-DD).") from exc
