"""Reading the deal registration form into the service's input, with a message naming the field at fault."""

from __future__ import annotations

from partnerops.registrations.model import RegistrationInput
from partnerops.web.form_fields import (
    FormProblem,
    form_amount,
    form_day,
    form_email,
    form_name,
    form_optional,
    form_text,
    form_web_domain,
)

__all__ = ["CURRENCIES", "FIELDS", "FormProblem", "blank_form", "registration_input"]

CURRENCIES = ("USD", "EUR", "GBP", "JPY")
FIELDS = ("company_name", "domain", "estimated_amount", "currency", "estimated_close_on", "contact_name",
          "contact_email", "notes")  # fmt: skip


def blank_form() -> dict[str, str]:
    return {field: "" for field in FIELDS} | {"currency": CURRENCIES[0]}


def registration_input(form: dict[str, str]) -> RegistrationInput:
    return RegistrationInput(
        company_name=form_name(form, "company_name", "Company name"),
        estimated_amount=form_amount(form, "estimated_amount", "Estimated amount", _currency(form)),
        estimated_close_on=form_day(form, "estimated_close_on", "Expected close date"),
        domain=form_optional(form_web_domain, form, "domain", "Company web domain"),
        contact_name=form_optional(form_name, form, "contact_name", "Contact name"),
        contact_email=form_optional(form_email, form, "contact_email", "Contact email"),
        notes=form_optional(form_text, form, "notes", "Notes"),
    )


def _currency(form: dict[str, str]) -> str:
    currency = form.get("currency", "")
    if currency not in CURRENCIES:
        raise FormProblem("currency", f"Currency must be one of {', '.join(CURRENCIES)}.")
    return currency
