"""The input rules every surface's registration goes through (API, pages, command line): names and notes without
control characters, a real e-mail address and domain, a close date in range, an amount its currency can hold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from partnerops.domain.address_rules import checked_email, checked_web_domain
from partnerops.domain.amount_rules import checked_money
from partnerops.domain.date_rules import checked_day
from partnerops.domain.input_errors import InvalidValue
from partnerops.domain.registration_rules import normalise_domain
from partnerops.domain.text_rules import free_text, name_text
from partnerops.registrations.errors import InvalidRegistration
from partnerops.registrations.model import RegistrationInput

__all__ = ["checked_form"]


def checked_form(form: RegistrationInput) -> RegistrationInput:
    """The form with its texts trimmed, or InvalidRegistration naming the first field at fault."""
    try:
        amount = form.estimated_amount
        checked_money(amount.amount, amount.currency, "estimated_amount")
        checked_day(form.estimated_close_on, "estimated_close_on")
        return replace(
            form, company_name=name_text(form.company_name, "company_name"),
            contact_name=_optional(form.contact_name, "contact_name", name_text),
            contact_email=_optional(form.contact_email, "contact_email", checked_email),
            domain=_optional(form.domain, "domain", lambda v, f: checked_web_domain(v, normalise_domain(v), f)),
            notes=_optional(form.notes, "notes", free_text),
        )  # fmt: skip
    except InvalidValue as exc:
        raise InvalidRegistration(exc.field, f"{exc.value!r} {exc.reason}") from exc


def _optional(value: str | None, field: str, rule: Callable[[str, str], str]) -> str | None:
    """Blank is absent; anything else must pass `rule`."""
    if value is None or not value.strip():
        return None
    return rule(value, field)
